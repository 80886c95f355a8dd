import datetime

import time_machine
from django.core.management import call_command

from agenda.models import Proposal


def test_seed_demo_marks_late_only_what_came_after_its_deadline(db):
    today = datetime.date(2026, 11, 28)
    with time_machine.travel(datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.UTC)):
        call_command("seed_demo", quiet=True)

    submitted = Proposal.objects.exclude(submitted_at=None).select_related("meeting")
    assert submitted.exists()
    for proposal in submitted:
        deadline_passed = proposal.meeting.proposal_deadline < today
        assert not proposal.is_late or deadline_passed, proposal.title
