"""The reminder engine itself, with a reminder declared here (the floors' own are tested
with their floor)."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine

from core import reminders as engine
from core.registry import Registry
from core.reminders import Occasion, Reminder
from notices.models import Notice
from notices.reminders import NoticeOutbox, notices_insert, reminders_sweep
from notices.services import notice_build
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
DAY = datetime.date(2027, 3, 10)  # a Wednesday


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=UTC)


@pytest.fixture
def registry(monkeypatch):
    """An empty registry, so that only the reminders a test declares run."""
    fresh = Registry("reminders under test")
    monkeypatch.setattr(engine, "reminders", fresh)
    return fresh


@pytest.fixture
def people(db):
    return {
        zone: PersonFactory(time_zone=zone, email=f"{zone.split('/')[-1].lower()}@example.org")
        for zone in ("Asia/Tokyo", "Europe/Zurich", "America/New_York", "Pacific/Honolulu")
    }


def _declare(registry, people, *, days=(0, 0), anchor=DAY, key="test:1", prepare=None):
    note = SimpleNamespace(
        subject="A note", body="Body", author=SimpleNamespace(full_name="The engine")
    )
    reminder = Reminder(
        name="test_note",
        kind="test_note",
        template="members/email/announcement",
        occasions=lambda sweep: [
            Occasion(
                key=key,
                recipients=list(people.values()),
                anchor=anchor,
                context={"announcement": note},
            )
        ],
        days=days,
        prepare=prepare,
    )
    registry.register(reminder)
    return reminder


def _sweep_hourly(start, end):
    moment = start
    while moment < end:
        with time_machine.travel(moment, tick=False):
            reminders_sweep()
            reminders_sweep()  # a second beat
        moment += datetime.timedelta(minutes=30)


def test_each_recipient_gets_it_once_in_their_own_daytime_on_their_own_day(registry, people):
    _declare(registry, people)

    _sweep_hourly(
        _at(DAY - datetime.timedelta(days=1), 0), _at(DAY + datetime.timedelta(days=2), 0)
    )

    notices = Notice.objects.filter(kind="test_note")
    assert notices.count() == 4
    for zone, person in people.items():
        notice = notices.get(recipient=person)
        local = notice.created_at.astimezone(zoneinfo.ZoneInfo(zone))
        assert local.date() == DAY
        assert local.hour == 8  # the first sweep of their morning


def test_nothing_goes_at_night_nor_on_another_day(registry, people):
    _declare(registry, people)
    # 03:00 in Zurich and 21:00 (the 9th) in New York: night. 16:00 in Honolulu, but
    # still the 9th there. 11:00 on the 10th in Tokyo: its day, in its daytime.
    with time_machine.travel(_at(DAY, 2), tick=False):
        counts = reminders_sweep()

    assert counts == {"test_note": 1}
    assert list(Notice.objects.values_list("recipient", flat=True)) == [people["Asia/Tokyo"].pk]


def test_a_missed_day_is_made_up_later_in_the_window_and_not_after(registry, people):
    told = []
    _declare(
        registry,
        people,
        days=(-3, 0),
        prepare=lambda sweep, due: told.extend(item.context["days_left"] for item in due),
    )
    zurich = people["Europe/Zurich"]

    # No sweep ran on the 7th, 8th or the morning of the 9th: 14:00 UTC on the 9th makes it
    # up for Zurich and New York (Tokyo and Honolulu are asleep), saying how many days are left.
    with time_machine.travel(_at(DAY - datetime.timedelta(days=1), 14), tick=False):
        assert reminders_sweep() == {"test_note": 2}
    assert sorted(Notice.objects.values_list("recipient", flat=True)) == sorted(
        [zurich.pk, people["America/New_York"].pk]
    )
    assert told == [1, 1]

    # After its day, nobody new gets it (Honolulu's 10th ends at 10:00 UTC on the 11th).
    with time_machine.travel(_at(DAY + datetime.timedelta(days=1), 19), tick=False):
        assert reminders_sweep() == {"test_note": 0}


def test_two_sweeps_and_a_restart_send_once_and_a_new_occasion_sends_again(registry, people):
    reminder = _declare(registry, people)
    with time_machine.travel(_at(DAY, 14), tick=False):
        first = reminders_sweep()
        second = reminders_sweep()  # a second beat, or the same beat after a restart
    assert (first, second) == ({"test_note": 2}, {"test_note": 0})  # Zurich and New York

    registry._entries.remove(reminder)
    _declare(registry, people, key="test:moved")
    with time_machine.travel(_at(DAY, 14), tick=False):
        assert reminders_sweep() == {"test_note": 2}


def test_prepare_is_asked_once_for_the_new_notices_only(registry, people):
    asked = []

    def prepare(sweep, due):
        asked.append(sorted(item.person.email for item in due))
        for item in due:
            item.context["announcement"] = SimpleNamespace(
                subject=f"For {item.person.email}", body="", author=None
            )

    _declare(registry, people, prepare=prepare)
    with time_machine.travel(_at(DAY, 14), tick=False):
        reminders_sweep()
        reminders_sweep()

    assert asked == [["new_york@example.org", "zurich@example.org"]]
    assert Notice.objects.get(recipient=people["Europe/Zurich"]).subject == (
        "For zurich@example.org"
    )


def test_an_insert_racing_another_beat_skips_the_rows_it_queued_first(people):
    zurich, tokyo = people["Europe/Zurich"], people["Asia/Tokyo"]
    note = {"announcement": SimpleNamespace(subject="S", body="B", author=None)}

    def build(person):
        return notice_build(
            to=person,
            kind="test_note",
            key=f"race:to:{person.pk}",
            template="members/email/announcement",
            context=note,
        )

    build(zurich).save()  # the other beat was first for Zurich

    assert notices_insert([build(zurich), build(tokyo)]) == 1
    assert Notice.objects.filter(kind="test_note").count() == 2


def test_the_outbox_tells_when_each_person_last_got_a_kind(people):
    zurich = people["Europe/Zurich"]
    for days_ago in (9, 2):
        with time_machine.travel(_at(DAY - datetime.timedelta(days=days_ago), 9), tick=False):
            notice_build(
                to=zurich,
                kind="test_note",
                key=f"last:{days_ago}",
                template="members/email/announcement",
                context={"announcement": SimpleNamespace(subject="S", body="B", author=None)},
            ).save()

    last = NoticeOutbox().last_sent(
        ["test_note", "other"], _at(DAY - datetime.timedelta(days=7), 0)
    )

    assert last == {"test_note": {zurich.pk: _at(DAY - datetime.timedelta(days=2), 9)}}


def test_every_floor_registers_its_reminders():
    assert [reminder.name for reminder in engine.reminders] == [
        "meeting_week",
        "meeting_tomorrow",
        "registration_closing",
        "chair_incoming",
        "call_for_topics",
        "proposal_deadline",
        "agenda_unpublished",
        "minutes_due",
        "comments_closing",
        "comments_received",
        "action_due",
        "action_overdue",
        "silence_reminder",
    ]
