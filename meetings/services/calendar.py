"""Calendar feeds (RFC 5545): per-meeting .ics files and each person's private feed."""

import hashlib
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from core.audit import audit_record
from core.permissions import require
from meetings.enums import MeetingStatus
from meetings.models import CalendarFeed


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_renew(*, person) -> str:
    """Give the person a new secret feed token (the old URL stops working); returns it once."""
    require(person, "meetings.view_own_feed")
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        person=person, defaults={"token_hash": token_hash(token), "created_at": timezone.now()}
    )
    audit_record(actor=person, action="calendar.feed_renew", target=person)
    return token


@transaction.atomic
def calendar_feed_revoke(*, person) -> None:
    """Stop the person's feed URL from working."""
    require(person, "meetings.view_own_feed")
    CalendarFeed.objects.filter(person=person).delete()
    audit_record(actor=person, action="calendar.feed_revoke", target=person)


def calendar_feed_owner(*, token: str):
    """The active person a feed token belongs to, or None."""
    if not token:
        return None
    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(token_hash=token_hash(token), person__is_active=True)
        .first()
    )
    return feed.person if feed else None


def meetings_ics(meetings, *, name: str) -> bytes:
    """One VCALENDAR with a VEVENT per meeting, times in the meeting's own zone (with VTIMEZONE)."""
    host = urlsplit(settings.SITE_URL).hostname or "gmg"
    calendar = Calendar()
    calendar.add("prodid", "-//GMG Secretariat//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.local_start)
        event.add("dtend", meeting.local_end)
        event.add("summary", meeting.display_title)
        event.add("sequence", meeting.sequence)
        cancelled = meeting.status == MeetingStatus.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        location = ", ".join(part for part in (meeting.venue, meeting.online_link) if part)
        if location:
            event.add("location", location)
        description = meeting.description
        if cancelled and meeting.cancel_reason:
            description = f"{meeting.cancel_reason}\n\n{description}".strip()
        if description:
            event.add("description", description)
        event.add("url", settings.SITE_URL + meeting.get_absolute_url())
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
