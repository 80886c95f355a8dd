import datetime

import pytest
import time_machine
from django.core.management import call_command

from agenda import services
from agenda.enums import ProposalState
from agenda.models import Agenda
from agenda.reminders import agenda_reminders_sweep
from notices.models import Notice
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


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
        call_command("agenda_reminders")
        call_command("agenda_reminders")

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
