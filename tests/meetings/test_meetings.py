import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ConflictError
from core.permissions import SYSTEM
from meetings import services
from meetings.enums import Kind, Level, MeetingStatus
from meetings.models import Meeting
from notices.models import Notice
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory
from tests.pdfs import plain_pdf

ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")
D = datetime.date


def _at(*args, zone=ZURICH):
    return datetime.datetime(*args, tzinfo=zone)


@pytest.fixture
def now():
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def people(db):
    """Two member agencies, a former member, a guest and the secretariat."""
    a, b = AgencyFactory(acronym="AAA"), AgencyFactory(acronym="BBB")
    former = AgencyFactory(acronym="OLD")
    membership = former.memberships.get()
    membership.end = D(2020, 1, 1)
    membership.save()
    return {
        "secretariat": PersonFactory(secretariat=True),
        "fp_a": PersonFactory(agency=a),
        "head_a": PersonFactory(agency=a, role="principal"),
        "fp_b": PersonFactory(agency=b),
        "fp_old": PersonFactory(agency=former),
        "guest": PersonFactory(guest=True),
        "a": a,
        "b": b,
    }


def test_meeting_create_defaults_title_and_deadlines(people, now):
    meeting = services.meeting_create(
        actor=people["secretariat"],
        level=Level.PRINCIPALS,
        kind=Kind.REGULAR,
        start=_at(2027, 5, 11, 10),
        end=_at(2027, 5, 11, 13),
        time_zone="Europe/Zurich",
    )

    assert meeting.title == "Principals' meeting, Q2 2027"
    assert meeting.proposal_deadline == D(2027, 4, 20)
    assert meeting.registration_deadline == D(2027, 5, 4)
    assert meeting.start == datetime.datetime(2027, 5, 11, 8, 0, tzinfo=datetime.UTC)


def test_meeting_create_refuses_end_before_start(people, now):
    with pytest.raises(ValidationError):
        services.meeting_create(
            actor=people["secretariat"],
            level=Level.WORKING,
            kind=Kind.AD_HOC,
            start=_at(2027, 5, 11, 10),
            end=_at(2027, 5, 11, 9),
            time_zone="Europe/Zurich",
        )


def test_meeting_local_date_follows_its_own_zone(db):
    # 23:30 UTC on 10 May is already 11 May in Zurich.
    meeting = MeetingFactory(start=datetime.datetime(2027, 5, 10, 23, 30, tzinfo=datetime.UTC))

    assert meeting.local_date == D(2027, 5, 11)


def test_chair_is_the_agency_of_the_term_on_the_meetings_date(people):
    ChairTermFactory(agency=people["a"], start=D(2027, 1, 1), end=D(2027, 6, 30))
    ChairTermFactory(agency=people["b"], start=D(2027, 7, 1), end=D(2027, 12, 31))

    june = MeetingFactory(start=_at(2027, 6, 30, 10))
    july = MeetingFactory(start=_at(2027, 7, 1, 10))

    assert (june.chair_for_date(), july.chair_for_date()) == (people["a"], people["b"])


def test_meeting_freeze_chair_keeps_the_chair_after_a_rotation_edit(people):
    term = ChairTermFactory(agency=people["a"], start=D(2027, 1, 1), end=D(2027, 6, 30))
    meeting = MeetingFactory(start=_at(2027, 5, 11, 10))

    services.meeting_freeze_chair(meeting=meeting, actor=SYSTEM)
    term.agency = people["b"]
    term.save()

    assert Meeting.objects.get(pk=meeting.pk).chair_for_date() == people["a"]


def test_handover_moves_the_chair_offices_rights(people):
    """The outgoing office keeps its meeting and cannot act on the next term's meetings."""
    ChairTermFactory(agency=people["a"], start=D(2027, 1, 1), end=D(2027, 6, 30))
    ChairTermFactory(agency=people["b"], start=D(2027, 7, 1), end=D(2027, 12, 31))
    own = MeetingFactory(start=_at(2027, 6, 15, 10))
    first_of_next = MeetingFactory(start=_at(2027, 9, 14, 10))
    outgoing, incoming = people["fp_a"], people["fp_b"]

    with time_machine.travel(datetime.datetime(2027, 7, 20, 9, tzinfo=datetime.UTC), tick=False):
        assert not outgoing.has_perm("meetings.change_meeting", first_of_next)
        assert incoming.has_perm("meetings.change_meeting", first_of_next)
        # After its term: the outgoing office still finishes its own meeting.
        assert outgoing.has_perm("meetings.record_attendance", own)
        assert outgoing.has_perm("meetings.view_participants", own)
        assert not incoming.has_perm("meetings.record_attendance", own)


def test_principals_and_guests_are_never_chair_office(people):
    ChairTermFactory(agency=people["a"], start=D(2027, 1, 1), end=D(2027, 6, 30))
    meeting = MeetingFactory(start=_at(2027, 5, 11, 10))

    assert not people["head_a"].has_perm("meetings.change_meeting", meeting)
    assert not people["guest"].has_perm("meetings.view_meeting", meeting)
    assert people["head_a"].has_perm("meetings.view_meeting", meeting)


def test_meeting_invite_reaches_focal_points_and_principals_of_members_once(
    people, now, run_fanouts
):
    meeting = MeetingFactory(start=_at(2027, 5, 11, 10))

    first = services.meeting_invite(meeting=meeting, actor=people["secretariat"])
    double_click = services.meeting_invite(meeting=meeting, actor=people["secretariat"])

    assert (first, double_click) == (3, 0)
    run_fanouts()
    recipients = set(Notice.objects.values_list("recipient__email", flat=True))
    assert recipients == {people[k].email for k in ("fp_a", "head_a", "fp_b")}
    assert "Invitation: Meeting" in Notice.objects.first().subject


def test_meeting_update_new_time_raises_sequence_and_notifies_again(people, now, run_fanouts):
    meeting = MeetingFactory(start=_at(2027, 5, 11, 10))
    services.meeting_invite(meeting=meeting, actor=people["secretariat"])

    services.meeting_update(
        meeting=meeting,
        actor=people["secretariat"],
        version=meeting.version,
        start=_at(2027, 5, 12, 10),
        end=_at(2027, 5, 12, 13),
    )

    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert meeting.local_date == D(2027, 5, 12)
    run_fanouts()
    assert Notice.objects.filter(kind="meeting_rescheduled").count() == 3
    # The reschedule notice told them; inviting again sends nobody a second invitation.
    assert services.meeting_invite(meeting=meeting, actor=people["secretariat"]) == 0


def test_meeting_update_refuses_a_stale_version(people, now):
    meeting = MeetingFactory()
    services.meeting_update(meeting=meeting, actor=people["secretariat"], version=1, venue="Room A")

    with pytest.raises(ConflictError):
        services.meeting_update(
            meeting=Meeting.objects.get(pk=meeting.pk),
            actor=people["secretariat"],
            version=1,
            venue="Room B",
        )


def test_meeting_cancel_needs_a_reason_and_tells_those_invited(people, now, run_fanouts):
    meeting = MeetingFactory()
    services.meeting_invite(meeting=meeting, actor=people["secretariat"])

    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, actor=people["secretariat"], reason=" ")
    services.meeting_cancel(meeting=meeting, actor=people["secretariat"], reason="No quorum")

    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    run_fanouts()
    assert Notice.objects.filter(kind="meeting_cancelled").count() == 3
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, actor=people["secretariat"], reason="again")


def test_meeting_document_add_accepts_a_pdf_and_refuses_a_disguised_file(people, settings):
    meeting = MeetingFactory()
    pdf = SimpleUploadedFile("concept.pdf", plain_pdf(), content_type="application/pdf")

    document = services.meeting_document_add(
        meeting=meeting, actor=people["secretariat"], title="Concept note", file=pdf
    )

    assert document.content_type == "application/pdf"
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not an accepted file"):
        services.meeting_document_add(
            meeting=meeting, actor=people["secretariat"], title="x", file=fake
        )
    settings.GMG_DOCUMENT_MAX_MB = 0
    with pytest.raises(ValidationError, match="larger than"):
        services.meeting_document_add(
            meeting=meeting, actor=people["secretariat"], title="x", file=pdf
        )


def test_document_download_checks_the_permission(client, people):
    meeting = MeetingFactory()
    pdf = SimpleUploadedFile("concept.pdf", plain_pdf())
    document = services.meeting_document_add(
        meeting=meeting, actor=people["secretariat"], title="Concept note", file=pdf
    )

    client.force_login(people["guest"])
    assert client.get(document.get_absolute_url()).status_code == 403
    client.force_login(people["head_a"])
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_meeting_plan_year_creates_quarterly_meetings_and_working_ones_before(people):
    pattern = services.YearPattern(working_weeks_before=3)

    created = services.meeting_plan_year(year=2027, pattern=pattern, actor=people["secretariat"])

    principals = Meeting.objects.filter(level=Level.PRINCIPALS).order_by("start")
    assert len(created) == 8
    # The second Tuesday of February, May, August, November, 10:00 in Zurich.
    assert [m.local_date for m in principals] == [
        D(2027, 2, 9),
        D(2027, 5, 11),
        D(2027, 8, 10),
        D(2027, 11, 9),
    ]
    assert principals[1].local_start.hour == 10
    working = principals[1].working_meetings.get()
    assert working.local_date == D(2027, 4, 20)
    assert working.title == "Working-level meeting, Q2 2027"


def test_meeting_plan_year_twice_creates_nothing_new(people):
    pattern = services.YearPattern()
    services.meeting_plan_year(year=2027, pattern=pattern, actor=people["secretariat"])

    again = services.meeting_plan_year(year=2027, pattern=pattern, actor=people["secretariat"])

    assert again == []
    assert Meeting.objects.count() == 8
    assert all(p.existing for p in services.meeting_plan_preview(year=2027, pattern=pattern))


def test_meeting_plan_preview_saves_nothing(people):
    plan = services.meeting_plan_preview(year=2027, pattern=services.YearPattern(nth=-1))

    assert Meeting.objects.count() == 0
    assert plan[0].start.date() == D(2027, 2, 23)  # the last Tuesday of February


@pytest.mark.parametrize(
    ("nth", "weekday", "expected"),
    [(1, 0, D(2027, 3, 1)), (2, 1, D(2027, 3, 9)), (4, 4, D(2027, 3, 26)), (-1, 2, D(2027, 3, 31))],
)
def test_nth_weekday(nth, weekday, expected):
    from meetings.services.meetings import nth_weekday

    assert nth_weekday(2027, 3, weekday, nth) == expected


@pytest.mark.django_db
def test_chair_office_cannot_move_its_meeting_into_another_term():
    own, other = AgencyFactory(), AgencyFactory()
    ChairTermFactory(agency=own, start=D(2027, 1, 1), end=D(2027, 6, 30))
    ChairTermFactory(agency=other, start=D(2027, 7, 1), end=D(2027, 12, 31))
    office = PersonFactory(agency=own)
    meeting = MeetingFactory(start=_at(2027, 5, 11, 10))

    with pytest.raises(ValidationError, match="outside your agency's chair term"):
        services.meeting_update(
            meeting=meeting,
            actor=office,
            version=meeting.version,
            start=_at(2027, 9, 14, 10),
            end=_at(2027, 9, 14, 13),
        )
    meeting.refresh_from_db()
    assert meeting.local_date == D(2027, 5, 11)


def test_deadlines_after_the_meeting_are_refused_by_the_service(people, now):
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(
            actor=people["secretariat"],
            level=Level.PRINCIPALS,
            kind=Kind.REGULAR,
            start=_at(2027, 5, 11, 10),
            end=_at(2027, 5, 11, 13),
            time_zone="Europe/Zurich",
            proposal_deadline=D(2027, 5, 11),
            registration_deadline=D(2027, 5, 12),
        )

    assert set(refused.value.message_dict) == {"registration_deadline"}
    assert not Meeting.objects.exists()


def test_a_meeting_edit_cannot_set_a_deadline_after_the_meeting(people, now):
    meeting = MeetingFactory()

    with pytest.raises(ValidationError) as refused:
        services.meeting_update(
            meeting=meeting,
            actor=people["secretariat"],
            version=meeting.version,
            proposal_deadline=meeting.local_date + datetime.timedelta(days=1),
        )

    assert set(refused.value.message_dict) == {"proposal_deadline"}
    assert Meeting.objects.get(pk=meeting.pk).proposal_deadline < meeting.local_date
