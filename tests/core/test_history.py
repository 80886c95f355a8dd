"""An object's history in words reads the log once: the page already holds the object."""

import pytest

from core.audit import in_words
from core.permissions import SYSTEM
from core.selectors import history_of
from meetings.services import meeting_update
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_meetings_history_is_one_query_whatever_its_length(django_assert_num_queries):
    meeting = MeetingFactory(venue="Geneva")
    for venue in ("Palais des Nations", "New York", "Online"):
        meeting = meeting_update(
            meeting=meeting, actor=SYSTEM, version=meeting.version, venue=venue
        )

    with django_assert_num_queries(1):
        rows = in_words(history_of(meeting))

    assert len(rows) >= 3
    assert all(row["target"] is meeting for row in rows)
    assert all(str(meeting) in row["words"] for row in rows if "venue" in row["entry"].action)
