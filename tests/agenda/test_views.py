import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from agenda import services
from agenda.enums import ProposalState
from agenda.models import Agenda, GuestInvitation, Paper, Proposal
from tests.agenda.test_services import BEFORE_DEADLINE
from tests.factories import OrganizationFactory, PersonFactory
from tests.pages import RENDER
from tests.pdfs import plain_pdf

pytestmark = pytest.mark.django_db


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def _pdf(name="note.pdf"):
    return SimpleUploadedFile(name, plain_pdf(), "application/pdf")


def _form(meeting, **extra):
    data = {
        "level": "principals",
        "meeting": meeting.pk,
        "title": "Remittances and development",
        "summary": "A summary",
        "rationale": "Why now",
        "purposes": ["research-data", "information"],
        "minutes_wished": 20,
        "held_papers": "",
    }
    data.update(extra)
    return data


# --- Proposing ------------------------------------------------------------------


def test_focal_point_proposes_a_topic_with_a_paper_and_submits(
    client, proposer, meeting, django_capture_on_commit_callbacks
):
    with time_machine.travel(BEFORE_DEADLINE), django_capture_on_commit_callbacks(execute=True):
        client.force_login(proposer)
        response = client.post(
            reverse("agenda:proposal_create"),
            {**_form(meeting), "new_papers": [_pdf()], "submit": "1"},
            follow=True,
        )
    proposal = Proposal.objects.get()
    assert proposal.state == ProposalState.SUBMITTED
    assert [p.name for p in proposal.papers.all()] == ["note.pdf"]
    assert "submitted to the chair" in _text(response)


def test_a_form_with_an_error_keeps_the_text_and_the_uploaded_paper(client, proposer, meeting):
    client.force_login(proposer)
    first = client.post(
        reverse("agenda:proposal_create"),
        {**_form(meeting, purposes=[]), "new_papers": [_pdf("kept.pdf")]},
    )
    text = _text(first)
    assert "Choose at least one purpose." in text
    assert 'value="Remittances and development"' in text
    assert "kept.pdf" in text
    held = Paper.objects.get(name="kept.pdf")
    assert f'name="held_papers" value="{held.pk}"' in text

    # Corrected, without picking the file again.
    client.post(reverse("agenda:proposal_create"), _form(meeting, held_papers=str(held.pk)))
    assert list(Proposal.objects.get().papers.all()) == [held]


def test_a_refused_file_type_says_so(client, proposer, meeting):
    client.force_login(proposer)
    response = client.post(
        reverse("agenda:proposal_create"),
        {**_form(meeting), "new_papers": [SimpleUploadedFile("x.pdf", b"not a pdf")]},
    )
    assert "is not an accepted file" in _text(response)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("who", ["secretariat", "principal", "guest"])
def test_only_focal_points_propose(client, request, who, meeting):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("agenda:proposal_create")).status_code == 403


def test_agency_colleagues_see_the_proposal_others_do_not(client, make_proposal, proposer):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    colleague = PersonFactory(agency=proposer.agency)
    stranger = PersonFactory()
    client.force_login(colleague)
    assert client.get(proposal.get_absolute_url()).status_code == 200
    client.force_login(stranger)
    assert client.get(proposal.get_absolute_url()).status_code == 403


def test_proposal_not_found(client, proposer):
    client.force_login(proposer)
    assert client.get(reverse("agenda:proposal_detail", args=[999999])).status_code == 404


def test_withdraw_through_the_page(client, make_proposal, proposer):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    client.force_login(proposer)
    client.post(reverse("agenda:proposal_withdraw", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN


# --- The queue ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("chair_office", 200),
        ("secretariat", 200),
        ("proposer", 403),
        ("principal", 403),
        ("guest", 403),
    ],
)
def test_queue_access_per_role(client, request, meeting, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("agenda:queue", args=[meeting.pk])).status_code == status


def test_queue_lists_undecided_first_and_marks_late(client, chair_office, meeting, make_proposal):
    make_proposal(title="Decided topic", state=ProposalState.DECLINED)
    make_proposal(title="Late topic", state=ProposalState.SUBMITTED, is_late=True)
    make_proposal(title="A draft", state=ProposalState.DRAFT)
    client.force_login(chair_office)
    text = _text(client.get(reverse("agenda:queue", args=[meeting.pk])))
    assert text.index("Late topic") < text.index("Decided topic")
    assert "A draft" not in text
    assert "Late</span>" in text


def test_chair_office_accepts_from_the_queue(client, chair_office, meeting, make_proposal):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    client.force_login(chair_office)
    client.post(
        reverse("agenda:proposal_decide", args=[proposal.pk]),
        {
            "prefix": f"p{proposal.pk}",
            f"p{proposal.pk}-decision": "accepted",
            f"p{proposal.pk}-note": "Yes",
        },
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED
    assert proposal.decision_note == "Yes"


def test_queue_gives_each_undecided_topic_its_own_labelled_decision_form(
    client, chair_office, meeting, later_meeting, make_proposal
):
    first = make_proposal(title="First topic", state=ProposalState.SUBMITTED)
    second = make_proposal(title="Second topic", state=ProposalState.SUBMITTED)
    decided = make_proposal(title="Decided topic", state=ProposalState.DECLINED)
    later = later_meeting
    client.force_login(chair_office)

    html = client.get(reverse("agenda:queue", args=[meeting.pk])).content.decode()

    for proposal in (first, second):
        prefix = f"p{proposal.pk}"
        action = reverse("agenda:proposal_decide", args=[proposal.pk])
        form = re.search(
            rf'<form method="post" action="{action}">(.*?)</form>',
            html,
            re.S,
        ).group(1)
        assert f'name="prefix" value="{prefix}"' in form
        # Every field labelled, its id unique on the page: three choices, the meeting, the note.
        for n, label in enumerate(["Accept: it becomes an agenda item", "Defer", "Decline"]):
            field_id = f"id_{prefix}-decision_{n}"
            assert f'name="{prefix}-decision"' in form
            assert re.search(rf'<label for="{field_id}" class="form-check-label">{label}', form)
            assert html.count(f'id="{field_id}"') == 1
        assert f'<label for="id_{prefix}-defer_to" class="form-label">Later meeting' in form
        assert f'<option value="{later.pk}">{escape(later.display_title)}' in form
        assert f'<label for="id_{prefix}-note" class="form-label">Note to the proposer' in form
        assert f'<textarea name="{prefix}-note"' in form
    assert reverse("agenda:proposal_decide", args=[decided.pk]) not in html


def test_queue_form_fields_post_a_deferral(
    client, chair_office, meeting, later_meeting, make_proposal
):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    later = later_meeting
    client.force_login(chair_office)
    page = client.get(reverse("agenda:queue", args=[meeting.pk])).content.decode()
    prefix = f"p{proposal.pk}"
    assert f'name="{prefix}-defer_to"' in page

    client.post(
        reverse("agenda:proposal_decide", args=[proposal.pk]),
        {
            "prefix": prefix,
            f"{prefix}-decision": "deferred",
            f"{prefix}-defer_to": str(later.pk),
            f"{prefix}-note": "Next time",
        },
    )

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DEFERRED
    assert proposal.meeting_id == later.pk


def test_defer_without_a_meeting_says_so(client, chair_office, make_proposal):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    client.force_login(chair_office)
    response = client.post(
        reverse("agenda:proposal_decide", args=[proposal.pk]), {"decision": "deferred"}, follow=True
    )
    assert "Choose the later meeting" in _text(response)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED


def test_queue_shows_every_undecided_topic_and_the_latest_decided_ones_older_behind_a_link(
    client, chair_office, meeting, make_proposal
):
    began = timezone.now() - datetime.timedelta(days=30)
    for k in range(12):
        make_proposal(
            title=f"Decided {k:02d}",
            state=ProposalState.DECLINED,
            submitted_at=began + datetime.timedelta(hours=k),
        )
    for k in range(2):
        make_proposal(title=f"Waiting {k:02d}", state=ProposalState.SUBMITTED, submitted_at=began)
    client.force_login(chair_office)
    url = reverse("agenda:queue", args=[meeting.pk])

    latest = _text(client.get(url))
    older = _text(client.get(url, {"older": 1}))
    wrong = _text(client.get(url, {"older": "x"}))

    assert {f"Waiting {k:02d}" for k in range(2)} <= set(re.findall(r"Waiting \d\d", latest))
    assert sorted(set(re.findall(r"Decided \d\d", latest))) == [
        f"Decided {k:02d}" for k in range(2, 12)
    ]
    assert 'href="?older=1">Older decided topics…' in latest
    assert "Newer decided topics" not in latest
    assert sorted(set(re.findall(r"Decided \d\d", older))) == ["Decided 00", "Decided 01"]
    assert "Waiting" not in older
    assert 'href="?">Newer decided topics' in older
    assert "Older decided topics" not in older
    # An unreadable window is the first one.
    assert set(re.findall(r"(?:Decided|Waiting) \d\d", wrong)) == set(
        re.findall(r"(?:Decided|Waiting) \d\d", latest)
    )


def test_a_queue_with_few_decided_topics_has_no_window_links(
    client, chair_office, meeting, make_proposal
):
    make_proposal(title="Decided topic", state=ProposalState.DECLINED)
    client.force_login(chair_office)

    page = _text(client.get(reverse("agenda:queue", args=[meeting.pk])))

    assert "Decided topic" in page
    assert "decided topics" not in page


@pytest.mark.parametrize("rows", [1, 50])
def test_queue_query_count_does_not_grow(
    client, chair_office, meeting, make_proposal, django_assert_max_num_queries, rows
):
    organization = OrganizationFactory()
    for n in range(rows):
        make_proposal(title=f"Topic {n}", state=ProposalState.SUBMITTED).guest_organizations.add(
            organization
        )
    client.force_login(chair_office)
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("agenda:queue", args=[meeting.pk]), headers=RENDER).status_code
            == 200
        )


# --- The agenda page ------------------------------------------------------------


def test_chair_office_builds_orders_and_publishes(client, chair_office, meeting):
    client.force_login(chair_office)
    page = client.get(reverse("agenda:agenda", args=[meeting.pk]))
    version = page.context["agenda"].version
    client.post(
        reverse("agenda:item_create", args=[meeting.pk]),
        {"title": "Climate and mobility", "minutes": 30, "version": version, "held_papers": ""},
    )
    item = page.context["agenda"].items.get(title="Climate and mobility")
    client.post(reverse("agenda:item_up", args=[meeting.pk, item.pk]), {"version": version + 1})
    published = client.post(
        reverse("agenda:publish", args=[meeting.pk]), {"version": version + 2}, follow=True
    )
    text = _text(published)
    assert "GMG/PM/2027/1" in text
    assert "3. Climate and mobility" in text


def test_stale_agenda_edit_is_refused_with_a_message(client, chair_office, meeting):
    client.force_login(chair_office)
    agenda = Agenda.objects.get(meeting=meeting)
    item = agenda.items.first()
    response = client.post(
        reverse("agenda:item_down", args=[meeting.pk, item.pk]), {"version": 0}, follow=True
    )
    assert "Someone else changed this agenda" in _text(response)


def test_total_time_warns_when_longer_than_the_meeting(client, chair_office, meeting):
    agenda = Agenda.objects.get(meeting=meeting)
    agenda.items.update(minutes=60)
    client.force_login(chair_office)
    assert "The items take longer than the meeting." in _text(
        client.get(reverse("agenda:agenda", args=[meeting.pk]))
    )


def test_unpublished_agenda_is_hidden_from_members(client, proposer, meeting):
    client.force_login(proposer)
    assert client.get(reverse("agenda:agenda", args=[meeting.pk])).status_code == 403


def test_published_agenda_is_seen_by_members_and_principals(
    client, chair_office, proposer, principal, meeting
):
    agenda = Agenda.objects.get(meeting=meeting)
    services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    for person in (proposer, principal):
        client.force_login(person)
        assert "GMG/PM/2027/1" in _text(client.get(reverse("agenda:agenda", args=[meeting.pk])))


@pytest.mark.parametrize("rows", [1, 50])
def test_agenda_page_query_count_does_not_grow(
    client, chair_office, meeting, django_assert_max_num_queries, rows
):
    agenda = Agenda.objects.get(meeting=meeting)
    for n in range(rows):
        services.agenda_item_save(
            agenda=agenda, actor=chair_office, version=agenda.version, title=f"I{n}", minutes=5
        )
    client.force_login(chair_office)
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("agenda:agenda", args=[meeting.pk]), headers=RENDER).status_code
            == 200
        )


# --- Guests -------------------------------------------------------------------


def test_guest_sees_only_their_meeting_and_their_items_papers(
    client, chair_office, meeting, later_meeting, proposer
):
    organization = OrganizationFactory()
    guest = PersonFactory(guest=True, organization=organization)
    agenda = Agenda.objects.get(meeting=meeting)
    theirs = services.agenda_item_save(
        agenda=agenda, actor=chair_office, version=agenda.version, title="Theirs", minutes=5
    )
    agenda.refresh_from_db()
    other = services.agenda_item_save(
        agenda=agenda, actor=chair_office, version=agenda.version, title="Other", minutes=5
    )
    their_paper = services.paper_upload(file=_pdf("theirs.pdf"), actor=chair_office)
    other_paper = services.paper_upload(file=_pdf("other.pdf"), actor=chair_office)
    Paper.objects.filter(pk=their_paper.pk).update(item=theirs)
    Paper.objects.filter(pk=other_paper.pk).update(item=other)
    invitation = GuestInvitation.objects.create(meeting=meeting, organization=organization)
    invitation.items.add(theirs)
    invitation.people.add(guest)
    agenda.refresh_from_db()
    services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    client.force_login(guest)

    assert client.get(reverse("agenda:agenda", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("agenda:paper", args=[their_paper.pk])).status_code == 200
    assert client.get(reverse("agenda:paper", args=[other_paper.pk])).status_code == 403
    assert client.get(reverse("agenda:agenda", args=[later_meeting.pk])).status_code == 403
    assert client.get(reverse("agenda:proposal_list")).status_code == 403
    assert client.get(reverse("members:agency_list")).status_code == 403


def test_guest_person_added_from_the_agenda_page(client, chair_office, meeting):
    invitation = GuestInvitation.objects.create(meeting=meeting, organization=OrganizationFactory())
    client.force_login(chair_office)
    client.post(
        reverse("agenda:guest_add", args=[meeting.pk, invitation.pk]),
        {"email": "new.guest@example.org", "full_name": "New Guest"},
    )
    assert invitation.people.get().email == "new.guest@example.org"


def test_guest_dashboard_lists_their_meetings_only(client, meeting, later_meeting):
    organization = OrganizationFactory()
    guest = PersonFactory(guest=True, organization=organization)
    invitation = GuestInvitation.objects.create(meeting=meeting, organization=organization)
    invitation.people.add(guest)
    client.force_login(guest)
    text = _text(client.get(reverse("dashboard")))
    assert meeting.get_absolute_url() in text
    assert later_meeting.get_absolute_url() not in text


# --- Found by the browser journey -------------------------------------------------


def test_editing_a_submitted_proposal_saves_it_and_leaves_it_with_the_chair(
    client, proposer, meeting, make_proposal
):
    """The edit form of a submitted proposal offered "Submit to the chair", which failed."""
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    client.force_login(proposer)
    url = reverse("agenda:proposal_edit", args=[proposal.pk])
    page = _text(client.get(url))
    assert "Save the changes" in page
    assert "Submit to the chair" not in page
    assert "Save as draft" not in page
    response = client.post(
        url,
        {**_form(meeting, title="A sharper title"), "version": proposal.version, "save": "1"},
        follow=True,
    )
    assert "Your changes are saved." in _text(response)
    proposal.refresh_from_db()
    assert (proposal.title, proposal.state) == ("A sharper title", ProposalState.SUBMITTED)
    assert proposal.decisions.count() == 0


def test_a_draft_is_still_submitted_from_its_edit_form(client, proposer, meeting, make_proposal):
    proposal = make_proposal()
    url = reverse("agenda:proposal_edit", args=[proposal.pk])
    with time_machine.travel(BEFORE_DEADLINE):
        client.force_login(proposer)
        assert "Submit to the chair" in _text(client.get(url))
        response = client.post(
            url, {**_form(meeting), "version": proposal.version, "submit": "1"}, follow=True
        )
    assert "Your proposal is submitted to the chair" in _text(response)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED


def test_guest_dashboard_leads_to_their_meetings_only(client, meeting, later_meeting):
    """A guest signed in to a dashboard with no way to their meeting."""
    organization = OrganizationFactory()
    guest = PersonFactory(guest=True, organization=organization)
    GuestInvitation.objects.create(meeting=meeting, organization=organization).people.add(guest)
    GuestInvitation.objects.create(meeting=later_meeting, organization=OrganizationFactory())
    client.force_login(guest)
    text = _text(client.get(reverse("dashboard")))
    assert "Your meetings" in text
    assert f'href="{meeting.get_absolute_url()}"' in text
    assert later_meeting.title not in text
    # Not published yet: no link to an agenda the guest would be refused.
    assert reverse("agenda:agenda", args=[meeting.pk]) not in text


def test_guest_dashboard_links_the_published_agenda(client, chair_office, meeting):
    organization = OrganizationFactory()
    guest = PersonFactory(guest=True, organization=organization)
    GuestInvitation.objects.create(meeting=meeting, organization=organization).people.add(guest)
    agenda = Agenda.objects.get(meeting=meeting)
    services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    client.force_login(guest)
    assert reverse("agenda:agenda", args=[meeting.pk]) in _text(client.get(reverse("dashboard")))


def test_the_your_meetings_panel_is_for_guests(client, proposer):
    client.force_login(proposer)
    assert "Your meetings" not in _text(client.get(reverse("dashboard")))


def test_guest_meeting_page_leads_back_to_the_dashboard_not_a_refused_calendar(client, meeting):
    """The breadcrumb sent a guest to the calendar (403); the delegations heading was empty."""
    organization = OrganizationFactory()
    guest = PersonFactory(guest=True, organization=organization)
    GuestInvitation.objects.create(meeting=meeting, organization=organization).people.add(guest)
    client.force_login(guest)
    text = _text(client.get(meeting.get_absolute_url()))
    assert f'href="{reverse("meetings:upcoming")}"' not in text
    assert f'<a href="{reverse("dashboard")}">Dashboard</a>' in text
    assert "Delegations" not in text
    assert client.get(reverse("meetings:upcoming")).status_code == 403


def test_member_meeting_page_keeps_the_calendar_breadcrumb(client, proposer, meeting):
    client.force_login(proposer)
    text = _text(client.get(meeting.get_absolute_url()))
    assert f'<a href="{reverse("meetings:upcoming")}">Meetings</a>' in text
    assert "Delegations" in text


def test_agenda_notices_are_plain_text_not_html_escaped(
    chair_office, meeting, proposer, mailoutbox, django_capture_on_commit_callbacks
):
    """An apostrophe in a meeting's title reached the e-mails as &#x27;."""
    agenda = Agenda.objects.get(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    notice = next(m for m in mailoutbox if m.to == [proposer.email])
    assert notice.subject == "Agenda: Principals' meeting, Q2 2027 (GMG/PM/2027/1)"
    assert "The agenda of Principals' meeting, Q2 2027 is published." in notice.body
    assert "&#x27;" not in notice.body


@pytest.mark.parametrize("rows", [1, 50])
def test_proposal_list_query_count_does_not_grow(
    client, proposer, make_proposal, django_assert_max_num_queries, rows
):
    for n in range(rows):
        make_proposal(title=f"Topic {n}", state=ProposalState.SUBMITTED)
    client.force_login(proposer)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("agenda:proposal_list"), headers=RENDER)
    assert len(response.context["proposals"]) == min(rows, 25)


def test_chair_office_invites_an_organization_for_chosen_items(client, chair_office, meeting):
    organization = OrganizationFactory(name="Regional Migration Forum")
    agenda = Agenda.objects.get(meeting=meeting)
    item = agenda.items.get(standing="aob")
    client.force_login(chair_office)

    response = client.post(
        reverse("agenda:guest_invite", args=[meeting.pk]),
        {"organization": organization.pk, "items": [item.pk]},
        follow=True,
    )

    invitation = GuestInvitation.objects.get(meeting=meeting, organization=organization)
    assert list(invitation.items.all()) == [item]
    assert "Regional Migration Forum is invited" in _text(response)


def test_agenda_page_offers_the_invitation_form_labelled(client, chair_office, meeting):
    organization = OrganizationFactory(name="Regional Migration Forum")
    agenda = Agenda.objects.get(meeting=meeting)
    items = list(agenda.items.order_by("position", "pk"))
    client.force_login(chair_office)

    html = client.get(reverse("agenda:agenda", args=[meeting.pk])).content.decode()

    assert '<label for="org_organization" class="form-label requiredField">Organization' in html
    assert 'id="org_organization"' in html
    assert f'<option value="{organization.pk}">Regional Migration Forum</option>' in html
    assert "For the items" in html
    for n, item in enumerate(items):
        assert f'name="items" value="{item.pk}" id="org_items_{n}"' in html
        assert f'<label for="org_items_{n}" class="form-check-label">' in html


def test_those_who_read_the_draft_agenda_without_editing_get_no_invitation_form(
    client, secretariat, meeting
):
    OrganizationFactory(name="Regional Migration Forum")
    client.force_login(secretariat)

    html = client.get(reverse("agenda:agenda", args=[meeting.pk])).content.decode()

    assert 'id="org_organization"' not in html


def test_inviting_an_organization_without_items_says_so(client, chair_office, meeting):
    organization = OrganizationFactory()
    Agenda.objects.get(meeting=meeting)
    client.force_login(chair_office)
    response = client.post(
        reverse("agenda:guest_invite", args=[meeting.pk]),
        {"organization": organization.pk},
        follow=True,
    )
    assert "Choose at least one item." in _text(response)
    assert not GuestInvitation.objects.exists()


def test_other_focal_points_cannot_invite_organizations(client, proposer, meeting):
    organization = OrganizationFactory()
    client.force_login(proposer)
    response = client.post(
        reverse("agenda:guest_invite", args=[meeting.pk]), {"organization": organization.pk}
    )
    assert response.status_code == 403


def test_a_submitted_proposal_keeps_its_meeting_when_edited(
    client, proposer, make_proposal, meeting, later_meeting
):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    client.force_login(proposer)
    client.post(
        reverse("agenda:proposal_edit", args=[proposal.pk]),
        _form(later_meeting, title="Typo fixed", version=proposal.version),
    )
    proposal.refresh_from_db()
    assert proposal.title == "Typo fixed"
    assert proposal.meeting == meeting


def test_a_topic_accepted_after_publication_stays_hidden_until_the_next_version(
    client, chair_office, meeting, make_proposal, principal
):
    agenda = Agenda.objects.get(meeting=meeting)
    services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    paper = services.paper_upload(file=_pdf("late.pdf"), actor=proposal.author)
    Paper.objects.filter(pk=paper.pk).update(proposal=proposal)
    services.proposal_transition(proposal=proposal, to=ProposalState.ACCEPTED, actor=chair_office)
    other_focal_point = PersonFactory()

    client.force_login(other_focal_point)
    assert client.get(proposal.get_absolute_url()).status_code == 403
    client.force_login(principal)
    assert client.get(reverse("agenda:paper", args=[paper.pk])).status_code == 403

    agenda.refresh_from_db()
    services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    client.force_login(other_focal_point)
    assert client.get(proposal.get_absolute_url()).status_code == 200
    client.force_login(principal)
    assert client.get(reverse("agenda:paper", args=[paper.pk])).status_code == 200


def test_an_item_form_refused_for_a_conflict_keeps_the_text_and_saves_next_time(
    client, chair_office, meeting
):
    agenda = Agenda.objects.get(meeting=meeting)
    client.force_login(chair_office)
    url = reverse("agenda:item_create", args=[meeting.pk])
    data = {"title": "Typed title", "minutes": 10, "version": agenda.version, "held_papers": ""}
    agenda.items.filter(standing="aob").update(minutes=12)
    services.agenda_item_move(
        item=agenda.items.get(standing="aob"),
        actor=chair_office,
        version=agenda.version,
        direction="up",
    )

    refused = client.post(url, data)
    assert "Someone else changed this agenda" in _text(refused)
    assert 'value="Typed title"' in _text(refused)

    resent = dict(data, version=refused.context["form"].data["version"])
    assert client.post(url, resent).status_code == 302
    assert agenda.items.filter(title="Typed title").exists()


def test_secretariat_topic_list_shows_submitted_topics_but_not_agency_drafts(
    client, secretariat, make_proposal
):
    make_proposal(title="Still being written")
    submitted = make_proposal(title="Ready for the chair", state=ProposalState.SUBMITTED)
    draft = Proposal.objects.get(title="Still being written")
    client.force_login(secretariat)

    response = client.get(reverse("agenda:proposal_list"))

    assert list(response.context["proposals"]) == [submitted]
    assert "Still being written" not in _text(response)
    # Nor can it be opened by its address: the same permission decides both.
    assert client.get(reverse("agenda:proposal_detail", args=[draft.pk])).status_code == 403


def test_a_refused_submission_leaves_no_draft_and_trying_again_adds_none(client, proposer, meeting):
    from tests.agenda.test_services import AFTER_DEADLINE

    # "The next suitable meeting", once every deadline has passed: nothing to submit to.
    data = {**_form(meeting), "meeting": "", "submit": "1"}
    with time_machine.travel(AFTER_DEADLINE):
        client.force_login(proposer)
        first = client.post(
            reverse("agenda:proposal_create"), {**data, "new_papers": [_pdf("kept.pdf")]}
        )
        held = Paper.objects.get(name="kept.pdf")
        second = client.post(
            reverse("agenda:proposal_create"), {**data, "held_papers": str(held.pk)}
        )

        assert first.status_code == second.status_code == 200
        assert "No upcoming meeting is open for topics yet" in _text(second)
        assert 'value="Remittances and development"' in _text(second)
        assert not Proposal.objects.exists()

        # Naming the meeting, it goes through (late), as one proposal with its paper.
        client.post(
            reverse("agenda:proposal_create"),
            {**data, "meeting": meeting.pk, "held_papers": str(held.pk)},
        )
    proposal = Proposal.objects.get()
    assert (proposal.state, proposal.is_late) == (ProposalState.SUBMITTED, True)
    assert list(proposal.papers.all()) == [held]


def test_a_refused_submission_of_an_edited_draft_keeps_the_draft_as_it_was(
    client, proposer, meeting, make_proposal
):
    from tests.agenda.test_services import AFTER_DEADLINE

    draft = make_proposal(meeting=None)
    with time_machine.travel(AFTER_DEADLINE):
        client.force_login(proposer)
        response = client.post(
            reverse("agenda:proposal_edit", args=[draft.pk]),
            {**_form(meeting, title="A new title"), "meeting": "", "version": 1, "submit": "1"},
        )

    assert "No upcoming meeting is open for topics yet" in _text(response)
    draft.refresh_from_db()
    assert (draft.state, draft.title, draft.version) == (
        ProposalState.DRAFT,
        "Data on labour migration",
        1,
    )
    assert Proposal.objects.count() == 1
