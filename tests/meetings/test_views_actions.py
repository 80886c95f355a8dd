"""What the pages do when people submit them."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import ChairTerm, ChairTermChange, Meeting, MeetingDocument
from meetings.rules import meeting_viewers
from notices.models import Notice
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory
from tests.pdfs import plain_pdf

NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
UTC = datetime.UTC


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def chair(db):
    agency = AgencyFactory(acronym="CHR")
    ChairTermFactory(agency=agency, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30))
    return agency


def _meeting_post(**extra):
    return {
        "level": "working",
        "kind": "ad_hoc",
        "title": "",
        "date": "2027-03-30",
        "start_time": "10:00",
        "end_time": "12:00",
        "time_zone": "Europe/Zurich",
        "venue": "Palais des Nations",
        **extra,
    }


def test_chair_office_creates_an_ad_hoc_meeting_in_its_time_zone(client, chair, clock):
    client.force_login(PersonFactory(agency=chair))

    response = client.post(reverse("meetings:create"), _meeting_post())

    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    # 30 March 2027 is after the change to summer time: 10:00 in Zurich is 08:00 UTC.
    assert meeting.start == datetime.datetime(2027, 3, 30, 8, 0, tzinfo=UTC)
    assert meeting.title == "Ad hoc working-level meeting, 30 March 2027"


def test_chair_office_cannot_create_a_regular_meeting(client, chair, clock):
    client.force_login(PersonFactory(agency=chair))

    response = client.post(reverse("meetings:create"), _meeting_post(kind="regular"))

    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_meeting_form_keeps_input_and_says_what_is_wrong(client, chair, clock):
    client.force_login(PersonFactory(secretariat=True))

    response = client.post(reverse("meetings:create"), _meeting_post(end_time="09:00"))

    assert response.status_code == 200
    assert response.context["form"].errors["end_time"] == ["The meeting must end after it starts."]
    assert b"Palais des Nations" in response.content


def test_rescheduling_through_the_edit_page_across_dst(client, chair, clock):
    secretariat = PersonFactory(secretariat=True)
    # Winter: 10:00 in Zurich is 09:00 UTC.
    meeting = MeetingFactory(start=datetime.datetime(2027, 3, 23, 9, 0, tzinfo=UTC))
    client.force_login(secretariat)
    form = client.get(reverse("meetings:edit", args=[meeting.pk])).context["form"]
    assert form.initial["start_time"] == datetime.time(10, 0)
    data = {
        "title": meeting.title,
        "date": "2027-03-30",
        "start_time": "10:00",
        "end_time": "13:00",
        "time_zone": "Europe/Zurich",
        "proposal_deadline": "2027-03-09",
        "registration_deadline": "2027-03-23",
        "version": meeting.version,
    }

    response = client.post(reverse("meetings:edit", args=[meeting.pk]), data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.start == datetime.datetime(2027, 3, 30, 8, 0, tzinfo=UTC)
    assert meeting.sequence == 1


def test_edit_page_shows_a_conflict_instead_of_overwriting(client, chair, clock):
    meeting = MeetingFactory()
    client.force_login(PersonFactory(secretariat=True))
    data = {
        "title": "Mine",
        "date": "2027-05-11",
        "start_time": "10:00",
        "end_time": "13:00",
        "time_zone": "Europe/Zurich",
        "proposal_deadline": "2027-04-20",
        "registration_deadline": "2027-05-04",
        "version": meeting.version,
    }
    Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 1, title="Theirs")

    response = client.post(reverse("meetings:edit", args=[meeting.pk]), data)

    assert response.status_code == 200
    assert "Someone else saved" in str(response.context["form"].non_field_errors())
    assert Meeting.objects.get(pk=meeting.pk).title == "Theirs"


def test_cancel_page_cancels_with_the_reason(client, chair, clock):
    meeting = MeetingFactory()
    client.force_login(PersonFactory(agency=chair))

    client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Travel ban"})

    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == ("cancelled", "Travel ban")
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403


def test_invite_double_click_sends_once(client, chair, clock, run_fanouts):
    PersonFactory(agency=chair, role="principal")
    meeting = MeetingFactory()
    client.force_login(PersonFactory(secretariat=True))

    client.post(reverse("meetings:invite", args=[meeting.pk]))
    client.post(reverse("meetings:invite", args=[meeting.pk]))
    run_fanouts()

    assert Notice.objects.filter(kind="meeting_invitation").count() == 1


def test_document_upload_page(client, chair, clock):
    meeting = MeetingFactory()
    client.force_login(PersonFactory(agency=chair))
    pdf = SimpleUploadedFile("logistics.pdf", plain_pdf(), content_type="application/pdf")

    response = client.post(
        reverse("meetings:document_add", args=[meeting.pk]),
        {"title": "Logistics note", "file": pdf},
    )

    assert response.status_code == 302
    assert MeetingDocument.objects.get().title == "Logistics note"


def test_upcoming_list_filters_by_level_and_kind(client, chair, clock):
    MeetingFactory(title="P regular")
    MeetingFactory(title="W adhoc", level="working", kind="ad_hoc")
    MeetingFactory(title="Past", start=datetime.datetime(2026, 1, 1, 9, tzinfo=UTC))
    client.force_login(PersonFactory(agency=chair))

    everything = client.get(reverse("meetings:upcoming")).context["meetings"]
    working = client.get(reverse("meetings:upcoming"), {"level": "working"}).context["meetings"]
    archive = client.get(reverse("meetings:archive_year", args=[2026])).context["meetings"]

    assert sorted(m.title for m in everything) == ["P regular", "W adhoc"]
    assert [m.title for m in working] == ["W adhoc"]
    assert [m.title for m in archive] == ["Past"]


def test_year_overview_shows_terms_as_bands(client, chair, clock):
    ChairTermFactory(
        agency=AgencyFactory(acronym="NXT"),
        start=datetime.date(2027, 7, 1),
        end=datetime.date(2027, 12, 31),
    )
    client.force_login(PersonFactory(agency=chair))

    bands = client.get(reverse("meetings:year", args=[2027])).context["bands"]

    assert [(b["term"].agency.acronym, b["left"]) for b in bands] == [("CHR", 0.0), ("NXT", 49.59)]


def test_month_view_places_meetings_on_their_local_day(client, chair, clock):
    # 23:30 UTC on 10 May is 11 May in Zurich.
    meeting = MeetingFactory(start=datetime.datetime(2027, 5, 10, 23, 30, tzinfo=UTC))
    client.force_login(PersonFactory(agency=chair))

    weeks = client.get(reverse("meetings:month", args=[2027, 5])).context["weeks"]

    days = {day: meetings for week in weeks for day, meetings in week}
    assert days[datetime.date(2027, 5, 11)] == [meeting]


def test_plan_year_page_previews_then_saves(client, chair, clock):
    client.force_login(PersonFactory(secretariat=True))
    data = {
        "year": 2028,
        "nth": 2,
        "weekday": 1,
        "month_in_quarter": 2,
        "start_time": "10:00",
        "end_time": "13:00",
        "time_zone": "Europe/Zurich",
        "working_weeks_before": 0,
        "working_start_time": "14:00",
        "working_end_time": "16:00",
    }

    preview = client.post(reverse("meetings:plan"), data)
    assert len(preview.context["plan"]) == 4
    assert not Meeting.objects.exists()
    client.post(reverse("meetings:plan"), {**data, "confirm": "1"})
    client.post(reverse("meetings:plan"), {**data, "confirm": "1"})

    assert Meeting.objects.count() == 4


def test_rotation_page_edits(client, db, clock):
    a, _b, _c = (AgencyFactory(acronym=x, rotation_position=i) for i, x in enumerate("ABC"))
    client.force_login(PersonFactory(secretariat=True))
    url = reverse("meetings:rotation_extend")
    client.post(url, {"start": "2027-07-01", "until": "2028-07-01"})
    first, second, _third = ChairTerm.objects.order_by("start")

    client.post(
        reverse("meetings:term_swap"),
        {"swap-term": first.pk, "swap-other": second.pk, "swap-reason": "r"},
    )
    client.post(reverse("meetings:term_skip"), {"skip-term": first.pk, "skip-reason": "r"})
    client.post(reverse("meetings:rotation_down", args=[a.pk]))
    response = client.post(
        reverse("meetings:term_swap"), {"swap-term": first.pk, "swap-reason": ""}
    )

    assert response.status_code == 400
    assert "other" in response.context["swap_form"].errors
    assert [t.agency.acronym for t in ChairTerm.objects.order_by("start")] == ["A", "C", "A"]
    assert list(ChairTermChange.objects.values_list("action", flat=True)) == [
        "order",
        "skip",
        "swap",
        "extend",
    ]


def test_rotation_overlap_is_refused_with_its_message_on_the_page(client, db, clock):
    agency = AgencyFactory(acronym="A")
    ChairTermFactory(
        agency=agency, start=datetime.date(2027, 7, 1), end=datetime.date(2027, 12, 31)
    )
    client.force_login(PersonFactory(secretariat=True))

    response = client.post(
        reverse("meetings:rotation_extend"), {"start": "2027-08-01", "until": "2028-01-01"}
    )

    assert response.status_code == 400
    assert "already runs until" in response.content.decode()


def test_registered_viewer_predicate_lets_a_higher_floor_admit_guests(db, monkeypatch):
    monkeypatch.setattr(meeting_viewers, "_entries", [])
    guest = PersonFactory(guest=True)
    meeting = MeetingFactory()
    assert not guest.has_perm("meetings.view_meeting", meeting)

    meeting_viewers.register(lambda user, m: user.pk == guest.pk and m.pk == meeting.pk)

    assert guest.has_perm("meetings.view_meeting", meeting)
    assert not guest.has_perm("meetings.view_meeting", MeetingFactory())


def test_chair_office_cannot_add_a_meeting_in_another_term(client, chair, clock):
    client.force_login(PersonFactory(agency=chair))

    response = client.post(reverse("meetings:create"), _meeting_post(date="2027-09-14"))

    assert response.status_code == 200
    assert "Your agency chairs until 30 June 2027" in str(response.context["form"].errors["date"])
    assert not Meeting.objects.exists()


def test_deadlines_after_the_meeting_are_refused_next_to_the_field(client, chair, clock):
    client.force_login(PersonFactory(secretariat=True))

    response = client.post(
        reverse("meetings:create"), _meeting_post(registration_deadline="2027-04-01")
    )

    assert response.context["form"].errors["registration_deadline"] == [
        "Choose a date on or before the meeting."
    ]


def test_document_of_another_meeting_is_not_found(client, chair, clock):
    meeting, other = MeetingFactory(), MeetingFactory()
    pdf = SimpleUploadedFile("a.pdf", plain_pdf())
    secretariat = PersonFactory(secretariat=True)
    document = services.meeting_document_add(
        meeting=meeting, actor=secretariat, title="Note", file=pdf
    )
    client.force_login(secretariat)

    url = reverse("meetings:document", args=[other.pk, document.pk])
    assert client.get(url).status_code == 404
