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


# A person's day: reminders go out from this hour of the recipient's day, never after the second.
DAY_STARTS, DAY_ENDS = 8, 20


def person_zone(person) -> zoneinfo.ZoneInfo:
    """The person's time zone, or UTC when theirs is unknown."""
    try:
        return zoneinfo.ZoneInfo(person.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_day_if_daytime(person, now: datetime.datetime) -> datetime.date | None:
    """The person's date at ``now`` if it is their daytime there, else None."""
    local = now.astimezone(person_zone(person))
    return local.date() if DAY_STARTS <= local.hour < DAY_ENDS else None
