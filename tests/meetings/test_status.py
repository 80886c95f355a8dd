"""The meeting's status table, walked in full through the services that change it."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from meetings import services
from meetings.enums import STATUS_TRANSITIONS, MeetingStatus
from tests.factories import MeetingFactory, PersonFactory

AFTER = datetime.datetime(2027, 6, 1, 9, 0, tzinfo=datetime.UTC)


def _to(meeting, status, actor):
    if status == MeetingStatus.CANCELLED:
        services.meeting_cancel(meeting=meeting, actor=actor, reason="r")
    elif status == MeetingStatus.HELD:
        services.attendance_record(meeting=meeting, actor=actor, attended_ids=[])


@pytest.mark.parametrize("source", list(MeetingStatus))
@pytest.mark.parametrize("target", [MeetingStatus.HELD, MeetingStatus.CANCELLED])
def test_status_changes_follow_the_table(db, source, target):
    actor = PersonFactory(secretariat=True)
    meeting = MeetingFactory(status=source)

    with time_machine.travel(AFTER, tick=False):
        if target in STATUS_TRANSITIONS[source]:
            _to(meeting, target, actor)
            meeting.refresh_from_db()
            assert meeting.status == target
        elif source == target == MeetingStatus.HELD:
            # Correcting the attendance of a held meeting keeps it held.
            _to(meeting, target, actor)
            meeting.refresh_from_db()
            assert meeting.status == MeetingStatus.HELD
        else:
            with pytest.raises(ValidationError):
                _to(meeting, target, actor)
