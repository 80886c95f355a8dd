import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from agenda.models import Agenda, AgendaVersion
from core.documents.models import Document
from core.documents.selectors import document_for
from minutes import services
from minutes.models import ActionPoint, Comment, Minutes
from minutes.pdf import DRAFT_PDF, EDITION_PDF
from tests.factories import AgencyFactory, MeetingFactory, PersonFactory
from tests.minutes.conftest import AFTER_MEETING
from tests.pages import RENDER

pytestmark = pytest.mark.django_db

ROLES = [
    "chair_office",
    "other_chair_office",
    "secretariat",
    "member_focal",
    "principal",
    "guest",
    "signed_out",
]


@pytest.fixture
def people(chair_office, other_chair_office, secretariat, member_focal, guest):
    return {
        "chair_office": chair_office,
        "other_chair_office": other_chair_office,
        "secretariat": secretariat,
        "member_focal": member_focal,
        "principal": PersonFactory(agency=member_focal.agency, role="principal"),
        "guest": guest,
        "signed_out": None,
    }


def _as(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


def _status(response):
    if response.status_code == 302 and "/accounts/sign-in/" in response["Location"]:
        return "login"
    return response.status_code


# --- The minutes page, per role and state ------------------------------------

DRAFT_PAGE = {
    "chair_office": 200,
    "other_chair_office": 403,
    "secretariat": 200,
    "member_focal": 403,
    "principal": 403,
    "guest": 403,
    "signed_out": "login",
}
CIRCULATED_PAGE = {**DRAFT_PAGE, "member_focal": 200, "other_chair_office": 200}
PUBLISHED_PAGE = {**CIRCULATED_PAGE, "principal": 200}


@pytest.mark.parametrize("role", ROLES)
def test_minutes_page_draft_per_role(client, people, minutes, role):
    url = reverse("minutes:minutes", args=[minutes.meeting_id])
    assert _status(_as(client, people, role).get(url)) == DRAFT_PAGE[role]


@pytest.mark.parametrize("role", ROLES)
def test_minutes_page_circulated_per_role(client, people, circulated, role):
    url = reverse("minutes:minutes", args=[circulated.meeting_id])
    assert _status(_as(client, people, role).get(url)) == CIRCULATED_PAGE[role]


@pytest.mark.parametrize("role", ROLES)
def test_minutes_page_published_per_role(client, people, published, role):
    url = reverse("minutes:minutes", args=[published.meeting_id])
    assert _status(_as(client, people, role).get(url)) == PUBLISHED_PAGE[role]


@pytest.mark.parametrize("role", ROLES)
def test_edition_page_and_register_per_role(client, people, published, role):
    edition = reverse("minutes:edition", args=[published.meeting_id, 1])
    register = reverse("minutes:register")
    client = _as(client, people, role)
    assert _status(client.get(edition)) == PUBLISHED_PAGE[role]
    expected = {"guest": 403, "signed_out": "login"}.get(role, 200)
    assert _status(client.get(register)) == expected


def test_minutes_page_of_a_meeting_without_minutes(client, people, meeting, published_agenda):
    url = reverse("minutes:minutes", args=[meeting.pk])
    assert client.get(url).status_code == 302
    client.force_login(people["chair_office"])
    assert b"Start the minutes" in client.get(url).content
    client.force_login(people["member_focal"])
    assert client.get(url).status_code == 404
    client.force_login(people["guest"])
    assert client.get(url).status_code == 403
    assert client.get(reverse("minutes:minutes", args=[99999])).status_code == 404


def test_chair_office_starts_the_minutes(client, chair_office, meeting, published_agenda):
    client.force_login(chair_office)
    response = client.post(reverse("minutes:start", args=[meeting.pk]), follow=True)
    assert "a section per agenda item" in response.content.decode()
    assert Minutes.objects.filter(meeting=meeting).exists()


def test_others_cannot_start_the_minutes(client, people, meeting, published_agenda):
    for role in ("other_chair_office", "secretariat", "member_focal", "guest"):
        client.force_login(people[role])
        assert client.post(reverse("minutes:start", args=[meeting.pk])).status_code == 403


# --- Sections: editing, preview, conflict, revisions --------------------------


def test_section_edit_per_role(client, people, minutes, section):
    url = reverse("minutes:section_edit", args=[minutes.meeting_id, section.pk])
    for role, expected in {
        "chair_office": 200,
        "other_chair_office": 403,
        "secretariat": 403,
        "member_focal": 403,
        "guest": 403,
    }.items():
        client.force_login(people[role])
        assert client.get(url).status_code == expected, role
    client.force_login(people["chair_office"])
    assert (
        client.get(reverse("minutes:section_edit", args=[minutes.meeting_id, 99999])).status_code
        == 404
    )


def test_section_save_and_page_shows_sanitised_html(client, chair_office, minutes, section):
    client.force_login(chair_office)
    url = reverse("minutes:section_edit", args=[minutes.meeting_id, section.pk])
    response = client.post(
        url,
        {"summary": "**Agreed** <script>alert(1)</script>", "decisions": "- one", "version": 1},
    )
    assert response.status_code == 302
    page = client.get(reverse("minutes:minutes", args=[minutes.meeting_id])).content.decode()
    assert "<strong>Agreed</strong>" in page
    assert "<script>alert(1)" not in page
    assert "<li>one</li>" in page


def test_section_preview_renders_without_saving(client, chair_office, minutes, section):
    client.force_login(chair_office)
    url = reverse("minutes:section_edit", args=[minutes.meeting_id, section.pk])
    data = {
        "summary": "*draft* [x](https://example.org)",
        "decisions": "",
        "version": 1,
        "preview": 1,
    }

    plain = client.post(url, data)
    htmx = client.post(url, data, headers={"HX-Request": "true"})

    assert "<em>draft</em>" in plain.content.decode()
    assert "<textarea" in plain.content.decode()
    assert "<em>draft</em>" in htmx.content.decode()
    assert "<textarea" not in htmx.content.decode()
    section.refresh_from_db()
    assert section.summary == ""


def test_second_save_is_refused_showing_theirs_and_keeping_mine(
    client, chair_office, minutes, section, chair_agency
):
    colleague = PersonFactory(agency=chair_agency, full_name="Colleague Focal")
    services.section_save(
        section=section, actor=colleague, version=1, summary="Their text", decisions=""
    )
    client.force_login(chair_office)
    url = reverse("minutes:section_edit", args=[minutes.meeting_id, section.pk])

    response = client.post(url, {"summary": "My text", "decisions": "", "version": 1})

    body = response.content.decode()
    assert response.status_code == 409
    assert "Saved meanwhile by someone else" in body
    assert "Colleague Focal" in body
    assert "− Their text" in body
    assert "+ My text" in body
    assert "My text</textarea>" in body
    assert 'name="version" value="2"' in body
    section.refresh_from_db()
    assert section.summary == "Their text"
    # Saving again, knowingly, replaces theirs.
    assert (
        client.post(url, {"summary": "My text", "decisions": "", "version": 2}).status_code == 302
    )


def test_revisions_list_and_compare(client, people, minutes, section, chair_office):
    services.section_save(
        section=section, actor=chair_office, version=1, summary="a\nb", decisions=""
    )
    services.section_save(
        section=section, actor=chair_office, version=2, summary="a\nc", decisions=""
    )
    url = reverse("minutes:revisions", args=[minutes.meeting_id, section.pk])

    client.force_login(chair_office)
    body = client.get(url, {"a": 1, "b": 2}).content.decode()
    assert "− b" in body
    assert "+ c" in body
    assert client.get(url, {"a": 1, "b": 9}).status_code == 404
    client.force_login(people["secretariat"])
    assert client.get(url).status_code == 200
    for role in ("member_focal", "other_chair_office", "guest"):
        client.force_login(people[role])
        assert client.get(url).status_code == 403


# --- The lifecycle buttons ----------------------------------------------------


def test_circulate_finalise_publish_buttons(client, chair_office, minutes, member_focal):
    client.force_login(chair_office)
    meeting = minutes.meeting_id
    page = client.get(reverse("minutes:minutes", args=[meeting])).content.decode()
    assert "Circulate for comments" in page

    response = client.post(
        reverse("minutes:circulate", args=[meeting]),
        {"comment_days": 10, "version": minutes.version},
        follow=True,
    )
    assert "circulated for comments" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.state == "circulated"

    refused = client.post(
        reverse("minutes:finalise", args=[meeting]), {"version": minutes.version}, follow=True
    )
    assert "The comment period runs until" in refused.content.decode()
    minutes.refresh_from_db()
    assert minutes.state == "circulated"


def test_lifecycle_buttons_refused_to_others(client, people, minutes):
    for role in ("other_chair_office", "secretariat", "member_focal", "guest"):
        client.force_login(people[role])
        for action in ("circulate", "finalise", "publish", "correct"):
            url = reverse(f"minutes:{action}", args=[minutes.meeting_id])
            assert client.post(url, {"version": minutes.version}).status_code == 403, (role, action)


def test_corrigendum_button_needs_a_reason_and_makes_the_page_show_the_edition_to_readers(
    client, chair_office, published, member_focal, section
):
    client.force_login(chair_office)
    url = reverse("minutes:correct", args=[published.meeting_id])
    client.post(url, {"version": published.version, "reason": ""})
    published.refresh_from_db()
    assert published.state == "published"
    client.post(url, {"version": published.version, "reason": "Typo"})
    published.refresh_from_db()
    assert published.state == "draft"

    client.force_login(member_focal)
    body = client.get(reverse("minutes:minutes", args=[published.meeting_id])).content.decode()
    assert "This is the current edition" in body


# --- Comments -----------------------------------------------------------------


def test_comment_visible_to_author_chair_and_secretariat_only(
    client, people, circulated, section, member_focal
):
    other = PersonFactory(full_name="Other Focal")
    client.force_login(member_focal)
    client.post(
        reverse("minutes:comment_add", args=[circulated.meeting_id, section.pk]),
        {"text": "Please add the source of the figure."},
    )
    assert Comment.objects.count() == 1
    url = reverse("minutes:minutes", args=[circulated.meeting_id])
    for person, sees in [
        (member_focal, True),
        (people["chair_office"], True),
        (people["secretariat"], True),
        (other, False),
        (people["other_chair_office"], False),
    ]:
        client.force_login(person)
        assert ("add the source of the figure" in client.get(url).content.decode()) is sees


def test_comment_refused_to_principals_guests_and_on_drafts(client, people, minutes, section):
    url = reverse("minutes:comment_add", args=[minutes.meeting_id, section.pk])
    for role in ("member_focal", "principal", "guest", "secretariat"):
        client.force_login(people[role])
        assert client.post(url, {"text": "x"}).status_code == 403


def test_chair_answers_a_comment(client, chair_office, circulated, section, member_focal, people):
    comment = services.comment_add(section=section, actor=member_focal, text="Source?")
    url = reverse("minutes:comment_answer", args=[circulated.meeting_id, comment.pk])
    client.force_login(member_focal)
    assert client.post(url, {"outcome": "taken"}).status_code == 403
    client.force_login(chair_office)
    client.post(url, {"outcome": "not_taken", "reply": "Not public."})
    comment.refresh_from_db()
    assert comment.outcome == "not_taken"
    client.force_login(member_focal)
    body = client.get(reverse("minutes:minutes", args=[circulated.meeting_id])).content.decode()
    assert "Not taken into account" in body
    assert "Not public." in body


# --- Action points ------------------------------------------------------------


def test_chair_adds_an_action_point(client, chair_office, minutes, section, chair_agency, people):
    url = reverse("minutes:action_point_add", args=[minutes.meeting_id])
    client.force_login(people["member_focal"])
    assert client.get(url).status_code == 403
    client.force_login(chair_office)
    assert client.get(url, {"section": section.pk}).status_code == 200
    response = client.post(
        url,
        {
            "section": section.pk,
            "text": "Draft a joint note",
            "agencies": [chair_agency.pk],
            "due": "2027-07-01",
            "person": "",
        },
    )
    assert response.status_code == 302
    point = ActionPoint.objects.get()
    assert point.meeting_id == minutes.meeting_id
    assert point.section == section


def test_action_point_status_update_per_role(client, people, circulated, action_point):
    url = reverse("minutes:action_point", args=[action_point.pk])
    expected = {
        "chair_office": True,
        "secretariat": True,
        "member_focal": True,  # its agency owns it
        "other_chair_office": False,
    }
    for role, may in expected.items():
        client.force_login(people[role])
        page = client.get(url)
        assert page.status_code == 200, role
        assert ("Update the status" in page.content.decode()) is may, role
        response = client.post(url, {"status": "open", "note": role, "version": 99})
        assert response.status_code == (200 if may else 403), role
    for role in ("guest", "principal"):  # principals read published minutes only
        client.force_login(people[role])
        assert client.get(url).status_code == 403
        assert client.post(url, {"status": "done", "version": 1}).status_code == 403
    assert client.get(reverse("minutes:action_point", args=[99999])).status_code == 404


def test_owner_closes_an_action_point(client, member_focal, circulated, action_point):
    client.force_login(member_focal)
    url = reverse("minutes:action_point", args=[action_point.pk])
    response = client.post(
        url, {"status": "done", "note": "Sent", "version": action_point.version}, follow=True
    )
    assert "The action point is now done." in response.content.decode()
    assert 'Status: Open <span class="dir-arrow">→</span> Done' in response.content.decode()


def test_draft_action_points_are_hidden_from_members(client, people, action_point, minutes):
    client.force_login(people["member_focal"])
    assert client.get(reverse("minutes:action_point", args=[action_point.pk])).status_code == 403
    assert action_point.text not in client.get(reverse("minutes:register")).content.decode()
    client.force_login(people["chair_office"])
    assert action_point.text in client.get(reverse("minutes:register")).content.decode()


def test_register_filters_and_csv(
    client, secretariat, circulated, action_point, section, chair_office, chair_agency
):
    other = services.action_point_save(
        section=section,
        actor=chair_office,
        text="Chair's own task",
        agencies=[chair_agency],
        due=datetime.date(2020, 1, 1),
    )
    client.force_login(secretariat)
    url = reverse("minutes:register")

    def texts(**params):
        body = client.get(url, params).content.decode()
        return {p.text for p in (action_point, other) if p.text.replace("'", "&#x27;") in body}

    assert texts() == {action_point.text, other.text}
    assert texts(agency=chair_agency.pk) == {other.text}
    assert texts(overdue="on") == {other.text}
    assert texts(status="done") == set()
    assert texts(meeting=circulated.meeting_id) == {action_point.text, other.text}
    assert texts(purpose="rights") == set()

    response = client.get(reverse("minutes:register_csv"), {"agency": chair_agency.pk})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "meeting", "date"]
    assert [r[4] for r in rows[1:]] == ["Chair's own task"]
    assert rows[1][9] == "yes"


def test_dashboard_shows_the_agencys_open_action_points(
    client, member_focal, circulated, action_point
):
    client.force_login(member_focal)
    body = client.get(reverse("dashboard")).content.decode()
    assert "open action points" in body
    assert action_point.text in body


def test_meeting_page_panel_links_minutes_adoption_and_follow_up(
    client, member_focal, circulated, action_point, meeting
):
    later = MeetingFactory(
        title="Principals' meeting, Q3 2027",
        start=datetime.datetime(2027, 9, 9, 8, 0, tzinfo=datetime.UTC),
    )

    Agenda.objects.get(meeting=later)
    client.force_login(member_focal)

    body = client.get(later.get_absolute_url()).content.decode()
    assert reverse("minutes:minutes", args=[meeting.pk]) in body  # adoption of these minutes
    assert action_point.text in body  # follow-up lists it by itself
    follow = client.get(reverse("minutes:follow_up", args=[later.pk])).content.decode()
    assert follow.count(action_point.text) == 1
    assert action_point.text in follow
    # Not in the follow-up of the meeting it came from.
    own = client.get(reverse("minutes:follow_up", args=[meeting.pk])).content.decode()
    assert action_point.text not in own


def test_the_follow_up_goes_through_open_points_fifty_at_a_time(
    client, member_focal, circulated, section, chair_office, attending_agency
):
    for day in range(60):
        services.action_point_save(
            section=section,
            actor=chair_office,
            text=f"Point due on day {day:02d}",
            agencies=[attending_agency],
            due=datetime.date(2027, 1, 1) + datetime.timedelta(days=day),
        )
    later = MeetingFactory(start=datetime.datetime(2027, 9, 9, 8, 0, tzinfo=datetime.UTC))
    client.force_login(member_focal)
    path = reverse("minutes:follow_up", args=[later.pk])

    first = client.get(path).content.decode()
    second = client.get(path, {"page": 2}).content.decode()

    assert "60 action points" in first
    assert "Page 1 of 2" in first
    assert "Point due on day 00" in first
    assert "Point due on day 49" in first
    assert "Point due on day 50" not in first
    assert "Point due on day 50" in second
    assert "Point due on day 59" in second
    assert "Page 2 of 2" in second


# --- PDFs ---------------------------------------------------------------------


def test_pdf_download_and_retry(client, people, published, django_capture_on_commit_callbacks):
    edition = published.editions.get()
    document = document_for(edition, EDITION_PDF)
    url = reverse("documents:download", args=[document.pk])
    client.force_login(people["member_focal"])
    assert client.get(url).status_code == 404  # being prepared
    Document.objects.filter(pk=document.pk).update(state="failed")
    page = client.get(reverse("minutes:edition", args=[published.meeting_id, 1])).content.decode()
    assert "could not be prepared" in page
    assert "Prepare the PDF again" not in page
    retry = reverse("documents:retry", args=[document.pk])
    assert client.post(retry).status_code == 403

    client.force_login(people["secretariat"])
    assert (
        "Prepare the PDF again"
        in client.get(reverse("minutes:edition", args=[published.meeting_id, 1])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry)
    document.refresh_from_db()
    assert document.state == "ready"
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    client.force_login(people["guest"])
    assert client.get(url).status_code == 403


# --- Query counts -------------------------------------------------------------


def _fill(minutes, chair_office, agencies, count):
    sections = list(minutes.sections.all())
    for n in range(count):
        point = ActionPoint.objects.create(
            minutes=minutes,
            meeting=minutes.meeting,
            section=sections[n % len(sections)],
            text=f"Action {n}",
            due=datetime.date(2027, 6, 1) + datetime.timedelta(days=n),
        )
        point.agencies.set(agencies)
        Comment.objects.create(
            section=sections[n % len(sections)],
            author=chair_office,
            agency=chair_office.agency,
            text="c",
        )


@pytest.mark.parametrize("count", [1, 200])
def test_minutes_page_query_count_does_not_grow(
    client, chair_office, circulated, chair_agency, django_assert_max_num_queries, count
):
    _fill(circulated, chair_office, [chair_agency, AgencyFactory()], count)
    client.force_login(chair_office)
    # 13: one more than before for the agencies that answered (comments or "none"),
    # which the chair's office sees while the comments are open; and one for the PDFs of
    # the draft and of every edition (core.documents).
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("minutes:minutes", args=[circulated.meeting_id]), headers=RENDER
        )
    assert response.content.decode().count("Action ") >= count


@pytest.mark.parametrize("count", [1, 200])
def test_register_query_count_does_not_grow(
    client,
    member_focal,
    circulated,
    chair_office,
    chair_agency,
    django_assert_max_num_queries,
    count,
):
    _fill(circulated, chair_office, [chair_agency, member_focal.agency], count)
    client.force_login(member_focal)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("minutes:register"), headers=RENDER)
    assert response.status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(reverse("minutes:register_csv")).status_code == 200


def test_the_agenda_version_is_kept(minutes):
    assert AgendaVersion.objects.filter(pk=minutes.agenda_version_id).exists()


def test_after_meeting_constant_is_after_the_meeting(meeting):
    assert meeting.end < AFTER_MEETING


def test_later_minutes_link_the_adopted_minutes_and_the_follow_up(
    client, chair_office, circulated, action_point, meeting
):
    later = MeetingFactory(
        title="Principals' meeting, Q3 2027",
        start=datetime.datetime(2027, 6, 9, 8, 0, tzinfo=datetime.UTC),
    )
    from agenda import services as agenda_services

    agenda = Agenda.objects.get(meeting=later)
    agenda_services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    services.minutes_start(meeting=later, actor=chair_office)
    client.force_login(chair_office)

    body = client.get(reverse("minutes:minutes", args=[later.pk])).content.decode()

    assert reverse("minutes:minutes", args=[meeting.pk]) in body
    assert reverse("minutes:follow_up", args=[later.pk]) in body


def test_principal_reads_only_published_text_during_a_corrigendum(
    client, published, chair_office, section, attending_agency
):
    from members.models import Person
    from minutes import services
    from tests.factories import PersonFactory

    principal = PersonFactory(agency=attending_agency, role="principal")
    services.minutes_transition(
        minutes=published, to="draft", actor=chair_office, reason="Wrong figure"
    )
    section.refresh_from_db()
    services.section_save(
        section=section,
        actor=chair_office,
        version=section.version,
        summary="UNPUBLISHED-WORDING",
        decisions="",
    )
    services.minutes_transition(minutes=published, to="circulated", actor=chair_office)
    client.force_login(Person.objects.get(pk=principal.pk))

    page = client.get(reverse("minutes:minutes", args=[published.meeting_id]))
    assert page.status_code == 200
    assert "UNPUBLISHED-WORDING" not in page.content.decode()
    draft = document_for(published, DRAFT_PDF)
    assert client.get(reverse("documents:download", args=[draft.pk])).status_code == 403


def test_register_lists_the_latest_due_first(
    client, secretariat, section, chair_office, chair_agency
):
    for year in (2018, 2027, 2022):
        services.action_point_save(
            section=section,
            actor=chair_office,
            text=f"Due in {year}",
            agencies=[chair_agency],
            due=datetime.date(year, 3, 1),
        )
    client.force_login(secretariat)

    response = client.get(reverse("minutes:register"))

    assert [p.text for p in response.context["points"]] == [
        "Due in 2027",
        "Due in 2022",
        "Due in 2018",
    ]


def test_minutes_page_shows_each_action_point_once_and_the_section_points_to_it(
    client, secretariat, circulated, action_point
):
    client.force_login(secretariat)

    body = client.get(reverse("minutes:minutes", args=[circulated.meeting_id])).content.decode()

    assert body.count(action_point.get_absolute_url() + '"') == 1
    assert "1 action point from this item, in the table of action points" in body


def test_the_chair_office_marks_a_section_s_decisions_as_a_decision(
    client, chair_office, minutes, section
):
    client.force_login(chair_office)
    url = reverse("minutes:section_edit", args=[minutes.meeting_id, section.pk])
    assert "Record this text as a decision of the group" in client.get(url).content.decode()
    response = client.post(
        url,
        {"summary": "", "decisions": "The group agreed.", "decision_marked": "on", "version": 1},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.decision_marked
    assert section.revisions.get().decision_marked
    page = client.get(reverse("minutes:minutes", args=[minutes.meeting_id])).content.decode()
    assert "Decision of the group" in page
    # The form shows the mark ticked when opened again.
    assert client.get(url).context["form"].initial["decision_marked"] is True


def test_register_offers_the_recent_meetings_and_accepts_an_older_one(
    client, secretariat, circulated, action_point
):
    old = MeetingFactory(
        title="Principals' meeting, Q1 2019",
        start=datetime.datetime(2019, 3, 5, 9, tzinfo=datetime.UTC),
    )
    Minutes.objects.create(meeting=old, agenda_version=circulated.agenda_version)
    client.force_login(secretariat)
    url = reverse("minutes:register")

    with time_machine.travel(AFTER_MEETING):
        plain = client.get(url).content.decode()
        chosen = client.get(url, {"meeting": old.pk})

    assert "Q2 2027" in plain
    assert "Q1 2019" not in plain
    assert f'<option value="{old.pk}" selected>' in chosen.content.decode()
    assert list(chosen.context["points"]) == []
