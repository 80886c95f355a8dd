import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from meetings import services
from meetings.enums import Rsvp
from meetings.models import ChairTerm, Delegate, Meeting
from notices.models import Notice
from notices.reminders import reminders_sweep
from notices.tasks import send_reminders
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

UTC = datetime.UTC
MEETINGS = ["meeting_week", "meeting_tomorrow", "registration_closing", "chair_incoming"]


def _sweep_every_quarter_hour(day: datetime.date) -> None:
    """Beat every 15 minutes for a whole UTC day, each sweep run twice (two beat processes)."""
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=UTC)
    for quarter in range(96):
        with time_machine.travel(start + datetime.timedelta(minutes=15 * quarter), tick=False):
            reminders_sweep(only=MEETINGS)
            send_reminders.delay()


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=UTC)


def _sent(kind):
    return sorted(Notice.objects.filter(kind=kind).values_list("to_email", "created_at"))


@pytest.fixture
def setup(db):
    a, b = AgencyFactory(acronym="AAA"), AgencyFactory(acronym="BBB")
    fp_a = PersonFactory(agency=a, email="a@example.org", time_zone="Europe/Zurich")
    PersonFactory(agency=b, email="b@example.org", time_zone="America/New_York")
    PersonFactory(agency=b, role="principal", email="head.b@example.org")
    secretariat = PersonFactory(secretariat=True, email="sec@example.org", time_zone="Asia/Tokyo")
    # 11 May 2027, 10:00 in Zurich; registration closes on 4 May.
    meeting = MeetingFactory(start=datetime.datetime(2027, 5, 11, 8, tzinfo=UTC))
    Delegate.objects.create(meeting=meeting, agency=a, person=fp_a, rsvp=Rsvp.IN_PERSON)
    return {"meeting": meeting, "a": a, "b": b, "secretariat": secretariat}


def test_meeting_reminder_a_week_before_arrives_in_each_recipients_morning(setup):
    _sweep_every_quarter_hour(datetime.date(2027, 5, 4))

    sent = _sent("meeting_reminder")
    # The registered delegate, and the focal point of the agency that has not registered.
    assert [email for email, _at in sent] == ["a@example.org", "b@example.org"]
    zurich = sent[0][1].astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    new_york = sent[1][1].astimezone(datetime.timezone(datetime.timedelta(hours=-4)))
    assert (zurich.hour, new_york.hour) == (8, 8)
    assert Notice.objects.filter(subject__startswith="In 7 days").count() == 2


def test_meeting_reminder_the_day_before(setup):
    _sweep_every_quarter_hour(datetime.date(2027, 5, 10))

    assert (
        Notice.objects.filter(kind="meeting_reminder", subject__startswith="Tomorrow").count() == 2
    )


def test_no_reminder_before_its_window_or_for_a_cancelled_meeting(setup):
    _sweep_every_quarter_hour(datetime.date(2027, 5, 2))
    assert _sent("meeting_reminder") == []

    services.meeting_cancel(meeting=setup["meeting"], actor=setup["secretariat"], reason="x")
    _sweep_every_quarter_hour(datetime.date(2027, 5, 10))

    assert _sent("meeting_reminder") == []


def test_rescheduled_meeting_reminder_follows_the_new_date(setup):
    _sweep_every_quarter_hour(datetime.date(2027, 5, 4))
    meeting = setup["meeting"]
    services.meeting_update(
        meeting=meeting,
        actor=setup["secretariat"],
        version=meeting.version,
        start=datetime.datetime(2027, 5, 18, 8, tzinfo=UTC),
        end=datetime.datetime(2027, 5, 18, 11, tzinfo=UTC),
    )

    _sweep_every_quarter_hour(datetime.date(2027, 5, 11))

    assert len(_sent("meeting_reminder")) == 4


def test_registration_reminder_three_days_before_to_agencies_not_registered(setup):
    _sweep_every_quarter_hour(datetime.date(2027, 5, 1))

    assert [email for email, _at in _sent("registration_reminder")] == ["b@example.org"]
    assert Notice.objects.get(kind="registration_reminder").subject.startswith(
        "Registration closes in 3 days"
    )


def test_incoming_chair_reminder_thirty_days_before_to_focal_points_and_secretariat(setup):
    ChairTermFactory(
        agency=setup["b"], start=datetime.date(2027, 7, 1), end=datetime.date(2027, 12, 31)
    )

    _sweep_every_quarter_hour(datetime.date(2027, 5, 31))  # Tokyo's 1 June morning is UTC 31 May
    _sweep_every_quarter_hour(datetime.date(2027, 6, 1))

    assert sorted(email for email, _at in _sent("chair_incoming")) == [
        "b@example.org",
        "sec@example.org",
    ]


# --- Made up after a missed day --------------------------------------------------


def test_a_week_reminder_missed_is_made_up_with_the_days_left(setup):
    # No sweep ran on 4 May (the worker was down): 6 May says "in 5 days", once.
    for _ in range(2):
        with time_machine.travel(_at(datetime.date(2027, 5, 6), 12), tick=False):
            reminders_sweep(only=MEETINGS)

    subjects = sorted(
        Notice.objects.filter(kind="meeting_reminder").values_list("subject", flat=True)
    )
    assert subjects == [f"In 5 days: {setup['meeting'].title}"] * 2
    # The day before, "tomorrow" still comes: it is another reminder.
    with time_machine.travel(_at(datetime.date(2027, 5, 10), 14), tick=False):
        reminders_sweep(only=MEETINGS)
    assert Notice.objects.filter(subject__startswith="Tomorrow").count() == 2


def test_a_tomorrow_reminder_missed_is_made_up_on_the_morning_of_the_meeting(setup):
    # 11 May, 06:00 UTC is 08:00 in Zurich: two hours before the meeting.
    with time_machine.travel(datetime.datetime(2027, 5, 11, 6, 0, tzinfo=UTC), tick=False):
        counts = reminders_sweep(only=MEETINGS)

    assert counts["meeting_tomorrow"] == 1
    notice = Notice.objects.get(kind="meeting_reminder")
    assert (notice.to_email, notice.subject) == (
        "a@example.org",
        f"Today: {setup['meeting'].title}",
    )
    # Once the meeting has begun, nothing more (New York wakes up after it started).
    with time_machine.travel(datetime.datetime(2027, 5, 11, 12, 0, tzinfo=UTC), tick=False):
        assert reminders_sweep(only=MEETINGS)["meeting_tomorrow"] == 0


def test_a_registration_reminder_missed_is_made_up_until_the_deadline(setup):
    with time_machine.travel(_at(datetime.date(2027, 5, 3), 15), tick=False):
        reminders_sweep(only=MEETINGS)
        reminders_sweep(only=MEETINGS)

    notice = Notice.objects.get(kind="registration_reminder")
    assert notice.to_email == "b@example.org"
    assert notice.subject == f"Registration closes on 4 May 2027: {setup['meeting'].title}"
    # After the deadline it is not sent to anyone new.
    PersonFactory(agency=setup["b"], email="late@example.org", time_zone="Europe/Zurich")
    with time_machine.travel(_at(datetime.date(2027, 5, 5)), tick=False):
        reminders_sweep(only=MEETINGS)
    assert Notice.objects.filter(kind="registration_reminder").count() == 1


def test_an_incoming_chair_reminder_missed_is_made_up_before_the_term(setup):
    ChairTermFactory(
        agency=setup["a"], start=datetime.date(2027, 7, 1), end=datetime.date(2027, 12, 31)
    )
    with time_machine.travel(_at(datetime.date(2027, 6, 12), 10), tick=False):
        reminders_sweep(only=MEETINGS)
        reminders_sweep(only=MEETINGS)

    assert sorted(email for email, _at in _sent("chair_incoming")) == [
        "a@example.org",
        "sec@example.org",
    ]


# --- The command, the beat task and the night ---------------------------------------


def test_management_command_runs_one_sweep(setup):
    with time_machine.travel(datetime.datetime(2027, 5, 4, 12, 30, tzinfo=UTC), tick=False):
        call_command("reminders")
        call_command("reminders")

    assert len(_sent("meeting_reminder")) == 2


def test_the_beat_task_runs_the_sweep(setup):
    with time_machine.travel(datetime.datetime(2027, 5, 4, 12, 30, tzinfo=UTC), tick=False):
        assert send_reminders.delay().get()["meeting_week"] == 2


def test_no_reminder_at_night(setup):
    # 02:00 in Zurich and 20:00 (the evening before) in New York.
    with time_machine.travel(datetime.datetime(2027, 5, 4, 0, 0, tzinfo=UTC), tick=False):
        counts = reminders_sweep(only=MEETINGS)

    assert counts == dict.fromkeys(MEETINGS, 0)


# --- Cost: the same queries for 1 meeting as for 50 ----------------------------------


def _meetings(count: int, *, far: int = 0) -> None:
    """``count`` meetings next week, each with the one focal point registered, and ``far``
    meetings of the past and of next year (history the sweep must not read)."""
    agency = AgencyFactory()
    person = PersonFactory(agency=agency, time_zone="Europe/Zurich")
    PersonFactory(secretariat=True, time_zone="Europe/Zurich")
    ChairTermFactory(
        agency=agency, start=datetime.date(2027, 6, 1), end=datetime.date(2027, 11, 30)
    )
    for index in range(count):
        meeting = MeetingFactory(start=datetime.datetime(2027, 5, 11, 8 + index % 8, tzinfo=UTC))
        Delegate.objects.create(meeting=meeting, agency=agency, person=person, rsvp=Rsvp.ONLINE)
    for index in range(far):
        MeetingFactory(start=datetime.datetime(2019 + index % 16, 3, 1, 9, tzinfo=UTC))


@pytest.mark.parametrize("count", [1, 50])
def test_the_sweep_makes_the_same_queries_for_one_meeting_or_fifty(
    db, count, django_assert_num_queries
):
    _meetings(count)
    with time_machine.travel(_at(datetime.date(2027, 5, 4), 10), tick=False):
        ContentType.objects.get_for_model(Meeting)  # cached once per process
        ContentType.objects.get_for_model(ChairTerm)
        # people, meetings, their delegates, chair terms, the keys, the insert (+ savepoints)
        with django_assert_num_queries(10):
            counts = reminders_sweep(only=MEETINGS)
        assert (counts["meeting_week"], counts["chair_incoming"]) == (count, 2)
        with django_assert_num_queries(7):
            assert reminders_sweep(only=MEETINGS) == dict.fromkeys(MEETINGS, 0)


@pytest.mark.parametrize("far", [0, 60])
def test_the_sweep_does_not_read_the_history(db, far, django_assert_num_queries):
    _meetings(1, far=far)
    with time_machine.travel(_at(datetime.date(2027, 5, 4), 10), tick=False):
        reminders_sweep(only=MEETINGS)
        with django_assert_num_queries(7):
            reminders_sweep(only=MEETINGS)
