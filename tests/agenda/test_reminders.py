import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from agenda import services
from agenda.enums import ProposalState
from agenda.models import Agenda, Proposal
from notices.models import Notice
from notices.reminders import reminders_sweep
from tests.factories import ChairTermFactory, PersonFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
AGENDA = ["call_for_topics", "proposal_deadline", "agenda_unpublished"]


def agenda_reminders_sweep():
    return reminders_sweep(only=AGENDA)


def _sweep_every_quarter_hour(start, end):
    """Run the sweep as beat would, every 15 minutes of the span (twice each time)."""
    moment = start
    while moment < end:
        with time_machine.travel(moment, tick=False):
            agenda_reminders_sweep()
            agenda_reminders_sweep()
        moment += datetime.timedelta(minutes=15)


def test_call_for_topics_goes_once_to_every_focal_point_in_their_morning(
    meeting, proposer, chair_office, settings
):
    settings.GMG_CALL_FOR_TOPICS_DAYS = 28
    tokyo = PersonFactory(time_zone="Asia/Tokyo")
    call_day = meeting.proposal_deadline - datetime.timedelta(days=28)
    day_start = datetime.datetime.combine(call_day, datetime.time(0), tzinfo=UTC)

    _sweep_every_quarter_hour(
        day_start - datetime.timedelta(hours=12), day_start + datetime.timedelta(hours=36)
    )

    calls = Notice.objects.filter(kind="call_for_topics")
    assert sorted(calls.values_list("recipient", flat=True)) == sorted(
        [proposer.pk, chair_office.pk, tokyo.pk]
    )
    # Each at or after 08:00 in the recipient's zone, never at night.
    tokyo_notice = calls.get(recipient=tokyo)
    local = tokyo_notice.created_at.astimezone(datetime.timezone(datetime.timedelta(hours=9)))
    assert 8 <= local.hour < 20


def test_deadline_reminder_skips_agencies_that_proposed(
    meeting, proposer, chair_office, make_proposal
):
    make_proposal(state=ProposalState.SUBMITTED)
    warn_day = meeting.proposal_deadline - datetime.timedelta(days=3)

    with time_machine.travel(datetime.datetime.combine(warn_day, datetime.time(9), tzinfo=UTC)):
        call_command("reminders")
        call_command("reminders")

    assert list(
        Notice.objects.filter(kind="proposal_deadline").values_list("recipient", flat=True)
    ) == [chair_office.pk]


def test_unpublished_agenda_reminds_the_chair_office_only_until_published(
    meeting, chair_office, proposer
):
    week_before = datetime.datetime(2027, 5, 4, 9, 0, tzinfo=UTC)
    with time_machine.travel(week_before):
        agenda_reminders_sweep()
    assert list(
        Notice.objects.filter(kind="agenda_unpublished").values_list("recipient", flat=True)
    ) == [chair_office.pk]

    Notice.objects.all().delete()
    agenda = Agenda.objects.get(meeting=meeting)
    services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    with time_machine.travel(week_before):
        agenda_reminders_sweep()
    assert not Notice.objects.filter(kind="agenda_unpublished").exists()


def test_a_moved_deadline_is_a_new_occasion(meeting, proposer, chair_office):
    warn_day = meeting.proposal_deadline - datetime.timedelta(days=3)
    with time_machine.travel(datetime.datetime.combine(warn_day, datetime.time(9), tzinfo=UTC)):
        agenda_reminders_sweep()
    meeting.proposal_deadline += datetime.timedelta(days=2)
    meeting.save(update_fields=["proposal_deadline"])
    new_warn_day = meeting.proposal_deadline - datetime.timedelta(days=3)
    with time_machine.travel(datetime.datetime.combine(new_warn_day, datetime.time(9), tzinfo=UTC)):
        agenda_reminders_sweep()
    assert Notice.objects.filter(kind="proposal_deadline", recipient=proposer).count() == 2


def test_a_call_for_topics_missed_on_its_day_goes_out_the_next_morning(meeting, proposer):
    call_day = meeting.proposal_deadline - datetime.timedelta(days=28)
    next_morning = datetime.datetime.combine(
        call_day + datetime.timedelta(days=1), datetime.time(9), tzinfo=UTC
    )
    with time_machine.travel(next_morning):
        agenda_reminders_sweep()
        agenda_reminders_sweep()
    assert Notice.objects.filter(kind="call_for_topics", recipient=proposer).count() == 1


def test_a_deadline_reminder_missed_is_made_up_with_the_date_until_the_deadline(
    meeting, proposer, chair_office
):
    # The deadline is 20 April 2027; no sweep ran on the 17th, 18th or 19th.
    with time_machine.travel(datetime.datetime(2027, 4, 19, 9, tzinfo=UTC), tick=False):
        agenda_reminders_sweep()
        agenda_reminders_sweep()

    notices = Notice.objects.filter(kind="proposal_deadline")
    assert sorted(notices.values_list("recipient", flat=True)) == sorted(
        [proposer.pk, chair_office.pk]
    )
    assert notices.first().subject == f"Topics for {meeting.title}: the deadline is 20 April 2027"
    with time_machine.travel(datetime.datetime(2027, 4, 21, 9, tzinfo=UTC), tick=False):
        PersonFactory(agency=proposer.agency, time_zone="Europe/Zurich")
        assert agenda_reminders_sweep()["proposal_deadline"] == 0


def test_an_unpublished_agenda_reminder_missed_is_made_up_until_the_day_before(
    meeting, chair_office, proposer
):
    with time_machine.travel(datetime.datetime(2027, 5, 8, 9, tzinfo=UTC), tick=False):
        agenda_reminders_sweep()
        agenda_reminders_sweep()

    notice = Notice.objects.get(kind="agenda_unpublished")
    assert notice.recipient == chair_office
    assert f"{meeting.title} is on 11 May 2027 and its agenda is not published" in (
        notice.body_text
    )
    # Not on the day of the meeting: too late to be of use.
    Notice.objects.all().delete()
    with time_machine.travel(datetime.datetime(2027, 5, 11, 6, 30, tzinfo=UTC), tick=False):
        assert agenda_reminders_sweep()["agenda_unpublished"] == 0


def test_the_call_for_topics_follows_the_setting_at_each_sweep(meeting, proposer, settings):
    settings.GMG_CALL_FOR_TOPICS_DAYS = 10
    # The deadline is 20 April: with 10 days the call opens on 10 April, not before.
    with time_machine.travel(datetime.datetime(2027, 4, 9, 9, tzinfo=UTC), tick=False):
        assert agenda_reminders_sweep()["call_for_topics"] == 0
    with time_machine.travel(datetime.datetime(2027, 4, 10, 9, tzinfo=UTC), tick=False):
        assert agenda_reminders_sweep()["call_for_topics"] == 1


@pytest.mark.parametrize("count", [1, 50])
def test_the_agenda_reminders_cost_the_same_for_one_meeting_or_fifty(
    chair_agency, count, django_assert_num_queries
):
    from meetings.models import Meeting
    from tests.factories import MeetingFactory

    ChairTermFactory(
        agency=chair_agency, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30)
    )
    author = PersonFactory(agency=chair_agency, time_zone="Europe/Zurich")
    for index in range(count):
        meeting = MeetingFactory(start=datetime.datetime(2027, 5, 11, 8 + index % 8, tzinfo=UTC))
        Proposal.objects.create(
            meeting=meeting,
            agency=chair_agency,
            author=author,
            title="T",
            summary="S",
            state=ProposalState.SUBMITTED,
        )
    ContentType.objects.get_for_model(Meeting)
    # 4 May: a week before the meetings, their agendas unpublished.
    with time_machine.travel(datetime.datetime(2027, 5, 4, 9, tzinfo=UTC), tick=False):
        # people, meetings, proposals, versions, keys, the insert (+ two savepoints)
        with django_assert_num_queries(10):
            assert agenda_reminders_sweep()["agenda_unpublished"] == count
        with django_assert_num_queries(7):
            assert agenda_reminders_sweep() == dict.fromkeys(AGENDA, 0)
