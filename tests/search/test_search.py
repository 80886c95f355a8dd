"""The search, as every role: a word present in every kind of row, and exactly what each
role may see of it. Each hit is also checked against the permission its own page asks."""

import datetime

import pytest
from django.urls import reverse

from agenda.enums import ProposalState
from agenda.models import GuestInvitation, Proposal
from decisions.models import Decision
from meetings.models import MeetingDocument
from minutes.models import ActionPoint
from tests.factories import AgencyFactory, OrganizationFactory, PersonFactory
from tests.pages import RENDER

WORD = "Zanzibar"


@pytest.fixture
def world(
    db, meeting, chair_office, chair_agency, published_agenda, minutes, section, member_focal
):
    """The word in a draft topic, a submitted topic, the published agenda, draft minutes, an
    action point, a decision, a meeting document, a person, an agency and the meeting."""
    other = AgencyFactory(acronym="OTH", name="Other Agency")
    other_focal = PersonFactory(agency=other, full_name="Other Focal")
    Proposal.objects.create(
        meeting=meeting,
        agency=other,
        author=other_focal,
        title=f"{WORD} draft",
        summary="s",
        state=ProposalState.DRAFT,
    )
    Proposal.objects.create(
        meeting=meeting,
        agency=member_focal.agency,
        author=member_focal,
        title=f"{WORD} submitted",
        summary="s",
        state=ProposalState.SUBMITTED,
    )
    agenda = meeting.agenda
    item = agenda.items.get(title="Labour migration statistics")
    version = agenda.versions.get()
    snapshot = version.snapshot
    for entry in snapshot["items"]:
        if entry["id"] == item.pk:
            entry["title"] = f"{WORD} statistics"
    version.snapshot = snapshot
    version.save(update_fields=["snapshot"])
    section.summary = f"Talks on {WORD}"
    section.save(update_fields=["summary"])
    ActionPoint.objects.create(
        minutes=minutes,
        meeting=meeting,
        section=section,
        text=f"Write to {WORD}",
        due=datetime.date(2027, 6, 30),
    )
    Decision.objects.create(
        year=2027,
        number=1,
        reference="GMG/DEC/2027/1",
        title=f"On {WORD}",
        text="Agreed.",
        adopted_on=datetime.date(2027, 5, 1),
        how="meeting",
        meeting=meeting,
        level="principals",
    )
    MeetingDocument.objects.create(
        meeting=meeting,
        title=f"{WORD} note",
        file="meetings/n.pdf",
        content_type="application/pdf",
        size=1,
    )
    PersonFactory(full_name=f"Amina {WORD}", agency=other)
    AgencyFactory(acronym="ZNZ", name=f"{WORD} Agency")
    meeting.title = f"{WORD} principals' meeting"
    meeting.save(update_fields=["title"])
    guest = PersonFactory(guest=True, organization=OrganizationFactory(name="Forum"))
    invitation = GuestInvitation.objects.create(meeting=meeting, organization=guest.organization)
    invitation.people.add(guest)
    return {
        "secretariat": PersonFactory(secretariat=True),
        "chair_office": chair_office,
        "member_focal": member_focal,
        "other_focal": other_focal,
        "principal": PersonFactory(agency=member_focal.agency, role="principal"),
        "guest": guest,
        "uninvited_guest": PersonFactory(guest=True),
    }


EVERY = {
    "meetings",
    "topics",
    "agenda_items",
    "minutes",
    "action_points",
    "decisions",
    "documents",
    "people",
    "agencies",
}
SEES = {
    "secretariat": EVERY,
    "chair_office": EVERY - {"people"},
    "member_focal": {"meetings", "topics", "agenda_items", "decisions", "documents", "agencies"},
    "other_focal": {"meetings", "topics", "agenda_items", "decisions", "documents", "agencies"},
    "principal": {"meetings", "agenda_items", "decisions", "documents", "agencies"},
    "guest": {"meetings", "agenda_items", "documents"},
    "uninvited_guest": set(),
}


def _kinds(response):
    return {group["provider"].kind for group in response.context["groups"]}


@pytest.mark.parametrize("role", list(SEES))
def test_each_role_finds_exactly_what_it_may_see(client, world, role):
    client.force_login(world[role])

    response = client.get(reverse("search"), {"q": WORD})

    assert response.status_code == 200
    assert _kinds(response) == SEES[role]


@pytest.mark.parametrize("role", list(SEES))
def test_topics_found_are_the_ones_the_topic_page_shows(client, world, role):
    client.force_login(world[role])

    response = client.get(reverse("search"), {"q": WORD, "kind": "topics"})

    titles = {hit.title for group in response.context["groups"] for hit in group["hits"]}
    for proposal in Proposal.objects.filter(title__in=titles):
        assert world[role].has_perm("agenda.view_proposal", proposal), proposal.title
    if role == "other_focal":
        assert f"{WORD} draft" in titles
    else:
        assert f"{WORD} draft" not in titles


def test_words_are_highlighted_and_escaped(client, world):
    client.force_login(world["secretariat"])

    body = client.get(reverse("search"), {"q": WORD.lower()}).content.decode()

    assert f"<mark>{WORD}</mark>" in body


def test_filters_leave_out_kinds_that_cannot_apply_them(client, world):
    client.force_login(world["secretariat"])

    response = client.get(reverse("search"), {"q": WORD, "year": 2027})

    assert "people" not in _kinds(response)
    assert "meetings" in _kinds(response)


def test_nothing_found_says_so(client, world):
    client.force_login(world["principal"])

    response = client.get(reverse("search"), {"q": "nonexistentword"})

    assert "Nothing found that you may see" in response.content.decode()


def test_the_header_has_the_search_box(client, world):
    client.force_login(world["member_focal"])

    body = client.get(reverse("dashboard")).content.decode()

    assert 'role="search"' in body


@pytest.mark.parametrize("extra", [0, 20])
def test_search_queries_do_not_grow(client, world, meeting, extra, django_assert_max_num_queries):
    for number in range(extra):
        MeetingDocument.objects.create(
            meeting=meeting,
            title=f"{WORD} extra {number}",
            file="m/x.pdf",
            content_type="application/pdf",
            size=1,
        )
    client.force_login(world["secretariat"])

    with django_assert_max_num_queries(20):
        client.get(reverse("search"), {"q": WORD}, headers=RENDER)


def test_a_guest_finds_the_meetings_invited_to_in_the_same_queries_however_many(
    client, world, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MeetingFactory

    guest = world["guest"]
    uninvited = MeetingFactory(title=f"{WORD} closed session")
    client.force_login(guest)
    with CaptureQueriesContext(connection) as one_invitation:
        client.get(reverse("search"), {"q": WORD, "kind": "meetings"}, headers=RENDER)
    for number in range(20):
        invited = MeetingFactory(title=f"{WORD} session {number}")
        invitation = GuestInvitation.objects.create(
            meeting=invited, organization=guest.organization
        )
        invitation.people.add(guest)

    with django_assert_num_queries(len(one_invitation)):
        response = client.get(reverse("search"), {"q": WORD, "kind": "meetings"}, headers=RENDER)

    titles = {hit.title for hit in response.context["groups"][0]["hits"]}
    assert response.context["page_obj"].paginator.count == 21
    assert uninvited.title not in titles
    assert all(guest.has_perm("meetings.view_meeting", m) for m in response.context["page_obj"])
