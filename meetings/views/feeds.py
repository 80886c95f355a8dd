"""Calendar feeds: a person's private feed URL (no sign-in), and the page to manage it."""

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from core.group import group_names
from meetings.models import CalendarFeed
from meetings.selectors import meetings_visible_to
from meetings.services import calendar_feed_renew, calendar_feed_revoke
from meetings.services.calendar import calendar_feed_owner, meetings_ics


@permission_required("meetings.view_own_feed", raise_exception=True)
def feed_settings(request):
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_feed_revoke(person=request.user)
        else:
            token = calendar_feed_renew(person=request.user)
    feed_url = settings.SITE_URL + reverse("meetings:feed", args=[token]) if token else None
    return render(
        request,
        "meetings/feed_settings.html",
        {
            "has_feed": CalendarFeed.objects.filter(person=request.user).exists(),
            "feed_url": feed_url,
        },
    )


# A feed carries the meetings of the last year and every one ahead: calendar
# clients poll it every few hours, and ten years of history helps nobody there.
FEED_DAYS_BACK = 365

# What a feed's events show: any change to one of these changes the ETag.
_EVENT_FIELDS = (
    "pk",
    "version",
    "sequence",
    "status",
    "start",
    "end",
    "time_zone",
    "title",
    "venue",
    "online_link",
    "description",
    "cancel_reason",
)


def _feed_etag(meetings, language: str) -> str:
    state = [tuple(getattr(m, name) for name in _EVENT_FIELDS) for m in meetings]
    digest = hashlib.sha256(repr((settings.SITE_URL, language, state)).encode()).hexdigest()
    return quote_etag(digest[:32])


@login_not_required
def feed(request, token):
    """The private feed: a window of meetings, and 304 Not Modified when nothing changed."""
    person = calendar_feed_owner(token=token)
    if person is None or not person.has_perm("meetings.view_calendar"):
        raise Http404
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    meetings = meetings_visible_to(person, ending_after=since)
    etag = _feed_etag(meetings, get_language())
    response = get_conditional_response(request, etag=etag)
    if response is None:
        body = meetings_ics(
            meetings, name=_("%(acronym)s meetings") % {"acronym": group_names()["acronym"]}
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    # Private (the address is a secret) and revalidated at every poll.
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    return response
