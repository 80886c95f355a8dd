import datetime

import pytest
import time_machine
from django.core.management import call_command

from minutes import services
from minutes.reminders import minutes_reminders_sweep
from notices.models import Notice
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=UTC)


def _sweep_hourly(start, end):
    """Run the sweep as beat would (hourly here, twice each time: a second beat)."""
    moment = start
    while moment < end:
        with time_machine.travel(moment, tick=False):
            minutes_reminders_sweep()
            minutes_reminders_sweep()
        moment += datetime.timedelta(hours=1)


def _sent(kind):
    return sorted(Notice.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_minutes_not_circulated_two_weeks_after_go_once_to_the_chairs_office(
    meeting, chair_office, member_focal
):
    # The meeting was on 11 May 2027 (Zurich); the reminder is due from 25 May.
    _sweep_hourly(_at(datetime.date(2027, 5, 23), 0), _at(datetime.date(2027, 5, 27), 0))

    assert _sent("minutes_due") == [chair_office.pk]
    notice = Notice.objects.get(kind="minutes_due")
    assert notice.created_at.date() == datetime.date(2027, 5, 25)
    assert 8 <= notice.created_at.astimezone(meeting.zone).hour < 20
    assert "not been circulated" in notice.body_text


def test_no_minutes_due_reminder_once_circulated(circulated, chair_office):
    _sweep_hourly(_at(datetime.date(2027, 5, 25), 0), _at(datetime.date(2027, 5, 26), 0))
    assert _sent("minutes_due") == []


def test_comment_period_closing_goes_to_focal_points_who_have_not_commented(
    circulated, section, member_focal, chair_office
):
    # Comments until 22 May 2027; the reminder goes from two days before.
    quiet = PersonFactory(full_name="Quiet Focal", time_zone="Asia/Tokyo")
    services.comment_add(section=section, actor=member_focal, text="Looks good")

    _sweep_hourly(_at(datetime.date(2027, 5, 18), 0), _at(datetime.date(2027, 5, 24), 0))

    assert _sent("comments_closing") == [quiet.pk]  # not the author, nor the chair's office
    tokyo = Notice.objects.get(kind="comments_closing", recipient=quiet)
    local = tokyo.created_at.astimezone(datetime.timezone(datetime.timedelta(hours=9)))
    assert local.date() == datetime.date(2027, 5, 20)
    assert 8 <= local.hour < 20


def test_action_point_due_in_a_week_goes_once_to_the_owners_focal_points(
    circulated, action_point, member_focal, chair_office
):
    colleague = PersonFactory(agency=member_focal.agency)
    PersonFactory(agency=member_focal.agency, role="principal")
    # Due 30 June 2027: the reminder goes from 23 June.
    for day in (22, 23, 24, 29):
        with time_machine.travel(_at(datetime.date(2027, 6, day), 9), tick=False):
            call_command("minutes_reminders")
        if day == 22:
            assert _sent("action_due") == []

    assert _sent("action_due") == sorted([member_focal.pk, colleague.pk])
    assert Notice.objects.get(kind="action_due", recipient=member_focal).created_at.day == 23


def test_overdue_action_point_is_reminded_weekly_until_closed(
    circulated, action_point, member_focal
):
    for day in range(21):
        when = _at(datetime.date(2027, 7, 1) + datetime.timedelta(days=day), 9)
        with time_machine.travel(when, tick=False):
            minutes_reminders_sweep()
            minutes_reminders_sweep()

    overdue = Notice.objects.filter(kind="action_overdue").order_by("created_at")
    assert [n.created_at.date() for n in overdue] == [
        datetime.date(2027, 7, 1),
        datetime.date(2027, 7, 8),
        datetime.date(2027, 7, 15),
    ]
    services.action_point_set_status(action_point=action_point, actor=member_focal, status="done")
    with time_machine.travel(_at(datetime.date(2027, 7, 22), 9), tick=False):
        assert minutes_reminders_sweep()["action_overdue"] == 0


def test_no_reminder_at_night(circulated, action_point, member_focal):
    with time_machine.travel(_at(datetime.date(2027, 6, 25), 2), tick=False):  # 04:00 Zurich
        assert minutes_reminders_sweep() == {
            "minutes_due": 0,
            "comments_closing": 0,
            "action_due": 0,
            "action_overdue": 0,
        }


def test_draft_action_points_are_not_reminded(minutes, action_point, member_focal):
    with time_machine.travel(_at(datetime.date(2027, 6, 25), 9), tick=False):
        assert minutes_reminders_sweep()["action_due"] == 0


def test_the_beat_task_runs_the_sweep(circulated, action_point, member_focal):
    from minutes.tasks import send_minutes_reminders

    with time_machine.travel(_at(datetime.date(2027, 6, 25), 9), tick=False):
        assert send_minutes_reminders.delay().get()["action_due"] == 1
