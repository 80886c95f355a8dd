import datetime

import pytest
import time_machine
from django.core.management import call_command

from minutes import services
from minutes.models import ActionPoint
from notices.models import Notice
from notices.reminders import reminders_sweep
from tests.factories import MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
MINUTES = ["minutes_due", "comments_closing", "comments_received", "action_due", "action_overdue"]


def minutes_reminders_sweep():
    return reminders_sweep(only=MINUTES)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=UTC)


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


def test_a_minutes_due_reminder_missed_is_made_up_until_they_are_circulated(
    meeting, chair_office, member_focal
):
    # Due from 25 May; the sweep did not run until the 28th.
    with time_machine.travel(_at(datetime.date(2027, 5, 28), 9), tick=False):
        minutes_reminders_sweep()
        minutes_reminders_sweep()

    assert _sent("minutes_due") == [chair_office.pk]


def test_a_comments_closing_reminder_missed_is_made_up_on_the_last_day(
    circulated, member_focal, chair_office
):
    # Comments until 22 May: the reminder was due from the 20th; only the 22nd had a sweep.
    with time_machine.travel(_at(datetime.date(2027, 5, 22), 15), tick=False):
        minutes_reminders_sweep()
        minutes_reminders_sweep()
    assert _sent("comments_closing") == [member_focal.pk]
    with time_machine.travel(_at(datetime.date(2027, 5, 23), 9), tick=False):
        PersonFactory(agency=member_focal.agency)
        assert minutes_reminders_sweep()["comments_closing"] == 0


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


def _point(section, agency, due, text="Share the data note"):
    point = ActionPoint.objects.create(
        minutes_id=section.minutes_id,
        meeting_id=section.minutes.meeting_id,
        section=section,
        text=text,
        due=due,
    )
    point.agencies.set([agency])
    return ActionPoint.objects.get(pk=point.pk)


def _bodies(kind, person):
    return list(
        Notice.objects.filter(kind=kind, recipient=person)
        .order_by("created_at")
        .values_list("body_text", flat=True)
    )


# --- Action points due within a week: one digest a person a day -----------------------


def test_action_points_due_in_a_week_go_in_one_digest_to_each_focal_point(
    circulated, action_point, section, member_focal, attending_agency, chair_office
):
    colleague = PersonFactory(agency=member_focal.agency)
    PersonFactory(agency=member_focal.agency, role="principal")
    second = _point(section, attending_agency, datetime.date(2027, 6, 30), "Draft the brief")
    # Both due 30 June 2027: the digest goes on 23 June, not before.
    for day in (22, 23, 24, 29):
        with time_machine.travel(_at(datetime.date(2027, 6, day), 9), tick=False):
            call_command("reminders")
        if day == 22:
            assert _sent("action_due") == []

    assert _sent("action_due") == sorted([member_focal.pk, colleague.pk])
    notice = Notice.objects.get(kind="action_due", recipient=member_focal)
    assert notice.created_at.day == 23
    assert notice.subject == "2 action points of your agency are due within a week"
    assert action_point.text in notice.body_text
    assert second.text in notice.body_text
    assert "Due 30 June 2027" in notice.body_text


def test_the_due_digest_of_a_later_day_lists_only_what_entered_its_week_since(
    circulated, action_point, section, member_focal, attending_agency
):
    later = _point(section, attending_agency, datetime.date(2027, 7, 2), "Report back")
    _sweep_hourly(_at(datetime.date(2027, 6, 23), 0), _at(datetime.date(2027, 6, 27), 9))
    # Added on the 27th, due within the week (its week began before it existed).
    with time_machine.travel(_at(datetime.date(2027, 6, 27), 9, 30), tick=False):
        sudden = _point(section, attending_agency, datetime.date(2027, 6, 29), "Call the chair")
    _sweep_hourly(_at(datetime.date(2027, 6, 27), 10), _at(datetime.date(2027, 6, 30), 0))

    digests = Notice.objects.filter(kind="action_due", recipient=member_focal)
    assert sorted(n.created_at.date() for n in digests) == [
        datetime.date(2027, 6, 23),
        datetime.date(2027, 6, 25),
        datetime.date(2027, 6, 27),
    ]
    bodies = _bodies("action_due", member_focal)
    assert action_point.text in bodies[0]
    assert later.text not in bodies[0]
    assert later.text in bodies[1]
    assert action_point.text not in bodies[1]
    assert sudden.text in bodies[2]
    assert later.text not in bodies[2]


def test_a_due_digest_missed_on_its_day_is_made_up_the_next(circulated, action_point, member_focal):
    # No sweep on 23 June; the 24th sends the point (due 30 June), once.
    _sweep_hourly(_at(datetime.date(2027, 6, 24), 0), _at(datetime.date(2027, 6, 26), 0))

    bodies = _bodies("action_due", member_focal)
    assert len(bodies) == 1
    assert action_point.text in bodies[0]


# --- Overdue action points: one digest a person a week ------------------------------


def test_overdue_points_go_in_one_weekly_digest_listing_them_all_until_closed(
    circulated, action_point, section, member_focal, attending_agency
):
    older = _point(section, attending_agency, datetime.date(2027, 6, 20), "Circulate the note")
    # From Thursday 1 July to Friday 9 July, every hour, twice (two beats).
    _sweep_hourly(_at(datetime.date(2027, 7, 1), 0), _at(datetime.date(2027, 7, 10), 0))

    overdue = Notice.objects.filter(kind="action_overdue", recipient=member_focal)
    # One in the week of 1 July, one in the week from Monday 5 July: each lists both.
    assert [n.created_at.date() for n in overdue.order_by("created_at")] == [
        datetime.date(2027, 7, 1),
        datetime.date(2027, 7, 5),
    ]
    for notice in overdue:
        assert notice.subject == "2 overdue action points of your agency"
        assert notice.body_text.index(older.text) < notice.body_text.index(action_point.text)

    services.action_point_set_status(action_point=older, actor=member_focal, status="done")
    _sweep_hourly(_at(datetime.date(2027, 7, 12), 0), _at(datetime.date(2027, 7, 13), 0))
    latest = overdue.order_by("-created_at").first()
    assert latest.created_at.date() == datetime.date(2027, 7, 12)
    assert action_point.text in latest.body_text
    assert older.text not in latest.body_text

    services.action_point_set_status(action_point=action_point, actor=member_focal, status="done")
    with time_machine.travel(_at(datetime.date(2027, 7, 19), 9), tick=False):
        assert minutes_reminders_sweep()["action_overdue"] == 0


def test_an_overdue_digest_missed_on_monday_goes_on_tuesday(circulated, action_point, member_focal):
    # Due 30 June; no sweep on Monday 5 July.
    _sweep_hourly(_at(datetime.date(2027, 7, 6), 0), _at(datetime.date(2027, 7, 8), 0))

    overdue = Notice.objects.filter(kind="action_overdue")
    assert [n.created_at.date() for n in overdue] == [datetime.date(2027, 7, 6)]


def test_the_overdue_digest_arrives_on_monday_morning_in_tokyo(
    circulated, action_point, attending_agency
):
    tokyo = PersonFactory(agency=attending_agency, time_zone="Asia/Tokyo")
    # Monday 5 July 08:00 in Tokyo is 23:00 UTC on Sunday 4 July.
    _sweep_hourly(_at(datetime.date(2027, 7, 4), 12), _at(datetime.date(2027, 7, 6), 0))

    notice = Notice.objects.filter(kind="action_overdue", recipient=tokyo).get()
    local = notice.created_at.astimezone(datetime.timezone(datetime.timedelta(hours=9)))
    assert (local.date(), local.hour) == (datetime.date(2027, 7, 5), 8)


def test_a_long_overdue_list_shows_the_oldest_and_links_the_rest(
    circulated, section, member_focal, attending_agency
):
    for index in range(53):
        _point(section, attending_agency, datetime.date(2027, 6, 1), f"Point number {index:02d}")
    with time_machine.travel(_at(datetime.date(2027, 7, 5), 9), tick=False):
        minutes_reminders_sweep()

    notice = Notice.objects.get(kind="action_overdue", recipient=member_focal)
    assert notice.subject == "53 overdue action points of your agency"
    assert notice.body_text.count("Point number") == 50
    assert "And 3 more: see the register." in notice.body_text
    assert f"?agency={attending_agency.pk}&status=open&overdue=on" in notice.body_text


# --- Comments received: the chair's office, one digest a day ------------------------


def test_the_chairs_office_gets_one_digest_a_day_of_the_comments_received(
    circulated, section, member_focal, chair_office, attending_agency
):
    other = PersonFactory(full_name="Other Focal")

    def comment(day, hour, minute, author, text):
        with time_machine.travel(_at(datetime.date(2027, 5, day), hour, minute), tick=False):
            services.comment_add(section=section, actor=author, text=text)

    comment(13, 10, 0, member_focal, "Please add our figures")
    comment(13, 11, 0, other, "Agreed with the summary")
    _sweep_hourly(_at(datetime.date(2027, 5, 13), 12), _at(datetime.date(2027, 5, 14), 9))
    comment(14, 9, 30, member_focal, "One more thing")
    _sweep_hourly(_at(datetime.date(2027, 5, 14), 10), _at(datetime.date(2027, 5, 14), 11))
    comment(14, 11, 30, other, "And a last one")  # today's digest is gone: tomorrow's
    _sweep_hourly(_at(datetime.date(2027, 5, 14), 12), _at(datetime.date(2027, 5, 17), 0))

    digests = list(Notice.objects.filter(kind="comments_received").order_by("created_at"))
    assert [n.recipient for n in digests] == [chair_office] * 3
    assert [n.created_at.date().day for n in digests] == [13, 14, 15]
    first, second, third = digests
    assert first.subject == "2 new comments on your draft minutes"
    assert "Please add our figures" in first.body_text
    assert "Agreed with the summary" in first.body_text
    assert f"{attending_agency.acronym}, item 4" in first.body_text
    assert second.subject == "A new comment on your draft minutes"
    assert "One more thing" in second.body_text
    assert "Please add our figures" not in second.body_text
    assert "And a last one" in third.body_text
    assert "One more thing" not in third.body_text


def test_a_comments_digest_missed_is_made_up_with_everything_not_told(
    circulated, section, member_focal, chair_office
):
    with time_machine.travel(_at(datetime.date(2027, 5, 13), 10), tick=False):
        services.comment_add(section=section, actor=member_focal, text="Please add our figures")
    # The worker was down from the 13th to the 15th.
    with time_machine.travel(_at(datetime.date(2027, 5, 16), 9), tick=False):
        minutes_reminders_sweep()
        minutes_reminders_sweep()

    notice = Notice.objects.get(kind="comments_received")
    assert notice.recipient == chair_office
    assert "Please add our figures" in notice.body_text


def test_no_reminder_at_night(circulated, action_point, member_focal):
    with time_machine.travel(_at(datetime.date(2027, 6, 25), 2), tick=False):  # 04:00 Zurich
        assert minutes_reminders_sweep() == dict.fromkeys(MINUTES, 0)


def test_draft_action_points_are_not_reminded(minutes, action_point, member_focal):
    with time_machine.travel(_at(datetime.date(2027, 6, 25), 9), tick=False):
        assert minutes_reminders_sweep()["action_due"] == 0


def test_the_beat_task_runs_the_sweep(circulated, action_point, member_focal):
    from notices.tasks import send_reminders

    with time_machine.travel(_at(datetime.date(2027, 6, 25), 9), tick=False):
        assert send_reminders.delay().get()["action_due"] == 1


# --- Cost: every reminder in one sweep, the same queries for 1 row or 50 -------------


def _world(count, section, member_focal, chair_agency, attending_agency):
    """``count`` of everything the sweep reads on 20 May 2027, all due at once."""
    PersonFactory(secretariat=True, time_zone="Europe/Zurich")
    for index in range(count):
        MeetingFactory(start=datetime.datetime(2027, 5, 27, 8, index % 60, tzinfo=UTC))
        _point(section, attending_agency, datetime.date(2027, 5, 15), f"Overdue {index}")
        _point(section, chair_agency, datetime.date(2027, 5, 25), f"Due soon {index}")
        with time_machine.travel(_at(datetime.date(2027, 5, 19), 10, index % 60), tick=False):
            services.comment_add(section=section, actor=member_focal, text=f"Comment {index}")


@pytest.mark.parametrize("count", [1, 50])
def test_the_whole_sweep_costs_the_same_for_one_row_or_fifty(
    count,
    circulated,
    section,
    member_focal,
    chair_office,
    chair_agency,
    attending_agency,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    _world(count, section, member_focal, chair_agency, attending_agency)
    with time_machine.travel(_at(datetime.date(2027, 5, 20), 9), tick=False):
        # The reads below, the two digests' lists, and the inserts: one per 500 notices on
        # PostgreSQL, one per 55 on SQLite (its limit on parameters).
        with django_assert_max_num_queries(28 if count > 1 else 24):
            counts = reminders_sweep()
        assert counts == {
            "meeting_week": 2 * count,
            "meeting_tomorrow": 0,
            "registration_closing": 2 * count,
            "chair_incoming": 0,
            "call_for_topics": 0,
            "proposal_deadline": 0,
            "agenda_unpublished": count,
            "minutes_due": 0,
            "comments_closing": 0,  # the only other focal point has commented
            "comments_received": 1,
            "action_due": 1,
            "action_overdue": 1,
            "silence_reminder": 0,
        }
        # Nothing new: 18 queries whatever the number of meetings, points and comments.
        with django_assert_num_queries(18):
            assert set(reminders_sweep().values()) == {0}
