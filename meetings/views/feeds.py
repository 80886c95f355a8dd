"""Calendar feeds: a person's private feed URL (no sign-in), and the page to manage it."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from rules.contrib.views import permission_required

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


@login_not_required
@never_cache
def feed(request, token):
    person = calendar_feed_owner(token=token)
    if person is None or not person.has_perm("meetings.view_calendar"):
        raise Http404
    meetings = meetings_visible_to(person)
    body = meetings_ics(meetings, name=_("GMG meetings"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
