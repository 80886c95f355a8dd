"""An action point is overdue on the group's day (Geneva), whoever looks and from where.

The point below is due on 30 June 2027. At 22:30 UTC that day it is already
1 July in Geneva (overdue) but still 30 June, 18:30, in New York; at 20:00 UTC
it is 22:00 on 30 June in Geneva (not yet overdue) but 1 July, 05:00, in
Tokyo. Every page, the filter and the CSV say the group's answer.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from minutes.models import ActionPoint

DUE = datetime.date(2027, 6, 30)
GENEVA_PAST_MIDNIGHT = datetime.datetime(2027, 6, 30, 22, 30, tzinfo=datetime.UTC)
GENEVA_BEFORE_MIDNIGHT = datetime.datetime(2027, 6, 30, 20, 0, tzinfo=datetime.UTC)
BADGE = '<span class="badge text-bg-danger">overdue</span>'


def _what_the_viewer_sees(client, person, point) -> dict:
    client.force_login(person)
    register = reverse("minutes:register")
    csv = b"".join(client.get(reverse("minutes:register_csv")).streaming_content).decode()
    return {
        "point page": BADGE in client.get(point.get_absolute_url()).content.decode(),
        "register": BADGE in client.get(register).content.decode(),
        "overdue filter": point.text
        in client.get(register, {"status": "open", "overdue": "on"}).content.decode(),
        "csv": f",{DUE.isoformat()},open,yes," in csv,
        "minutes page": BADGE
        in client.get(reverse("minutes:minutes", args=[point.meeting.pk])).content.decode(),
        "dashboard": BADGE in client.get(reverse("dashboard")).content.decode(),
    }


@pytest.fixture
def point(circulated, action_point):
    assert action_point.due == DUE
    return action_point


@pytest.mark.parametrize(
    ("moment", "zone", "overdue"),
    [
        # Geneva has passed midnight; the viewer in New York has not.
        (GENEVA_PAST_MIDNIGHT, "America/New_York", True),
        # The viewer in Tokyo has passed midnight; Geneva has not.
        (GENEVA_BEFORE_MIDNIGHT, "Asia/Tokyo", False),
    ],
)
def test_overdue_follows_the_groups_day_not_the_viewers(
    client, point, member_focal, moment, zone, overdue
):
    member_focal.time_zone = zone
    member_focal.save(update_fields=["time_zone"])

    with time_machine.travel(moment, tick=False):
        seen = _what_the_viewer_sees(client, member_focal, point)
        with timezone.override(zone):
            rule = ActionPoint.objects.get(pk=point.pk).is_overdue()

    assert seen == dict.fromkeys(seen, overdue)
    assert rule is overdue
