import datetime

import pytest
import time_machine
from django.core.management import call_command

from meetings import services
from meetings.enums import Rsvp
from meetings.models import Delegate
from meetings.tasks import send_reminders
from notices.models import Notice
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

UTC = datetime.UTC


def _sweep_every_quarter_hour(day: datetime.date) -> None:
    """Beat every 15 minutes for a whole UTC day, each sweep run twice (two beat processes)."""
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=UTC)
    for quarter in range(96):
        with time_machine.travel(start + datetime.timedelta(minutes=15 * quarter), tick=False):
            services.reminders_sweep()
            send_reminders.delay()


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


def test_meeting_reminder_the_day_before(setup):
    _sweep_every_quarter_hour(datetime.date(2027, 5, 10))

    assert (
        Notice.objects.filter(kind="meeting_reminder", subject__startswith="Tomorrow").count() == 2
    )


def test_no_reminder_on_other_days_or_for_a_cancelled_meeting(setup):
    _sweep_every_quarter_hour(datetime.date(2027, 5, 6))
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


def test_management_command_runs_one_sweep(setup):
    with time_machine.travel(datetime.datetime(2027, 5, 4, 12, 30, tzinfo=UTC), tick=False):
        call_command("meetings_reminders")
        call_command("meetings_reminders")

    assert len(_sent("meeting_reminder")) == 2


def test_no_reminder_at_night(setup):
    # 02:00 in Zurich and 20:00 (the evening before) in New York.
    with time_machine.travel(datetime.datetime(2027, 5, 4, 0, 0, tzinfo=UTC), tick=False):
        counts = services.reminders_sweep()

    assert counts == {"meeting": 0, "registration": 0, "chair": 0}
