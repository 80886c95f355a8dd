import datetime
import zoneinfo

import time_machine
from django.utils import timezone

from core.clock import group_today


def test_group_today_is_geneva_s_day_whatever_the_viewer_s_zone():
    # 03:00 UTC on 1 January: already the new year in Geneva, still New Year's Eve in New York.
    with time_machine.travel(datetime.datetime(2027, 1, 1, 3, 0, tzinfo=datetime.UTC)):
        timezone.activate(zoneinfo.ZoneInfo("America/New_York"))
        try:
            assert timezone.localdate() == datetime.date(2026, 12, 31)
            assert group_today() == datetime.date(2027, 1, 1)
        finally:
            timezone.deactivate()
