"""The group's day.

Rules that turn on a date (whose chair term it is, whether a term has begun,
whether a proposal is late) follow the day in the group's own time zone
(settings.TIME_ZONE, Geneva time), not the time zone of whoever is asking:
otherwise a person in New York could edit a term hours after it began in
Geneva, and rights would change at each viewer's midnight.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone


def group_today() -> datetime.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(settings.TIME_ZONE))
