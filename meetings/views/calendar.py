"""The calendar pages: upcoming, archive, month, year. Query counts do not grow with the data."""

import calendar
import datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from rules.contrib.views import permission_required

from core.pagecache import cached_page
from meetings.forms import MeetingFilterForm
from meetings.models import ChairTerm, Meeting
from meetings.selectors import meeting_list

PAGE_SIZE = 25


def _filters(request):
    form = MeetingFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    query = request.GET.copy()
    query.pop("page", None)
    return form, {"level": data.get("level", ""), "kind": data.get("kind", "")}, query.urlencode()


def _page_of(request, meetings):
    return Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))


@permission_required("meetings.view_calendar", raise_exception=True)
@cached_page
def upcoming(request):
    form, filters, query = _filters(request)
    page = _page_of(request, meeting_list(upcoming=True, now=timezone.now(), **filters))
    return render(
        request,
        "meetings/upcoming.html",
        {"filter_form": form, "page_obj": page, "meetings": page, "query_string": query},
    )


@permission_required("meetings.view_calendar", raise_exception=True)
@cached_page
def archive(request, year=None):
    now = timezone.now()
    years = sorted(
        {d.year for d in Meeting.objects.filter(end__lt=now).dates("local_date", "year")},
        reverse=True,
    )
    year = year or (years[0] if years else timezone.localdate().year)
    if not 1900 < year < 2200:
        raise Http404
    form, filters, query = _filters(request)
    meetings = meeting_list(
        upcoming=False,
        now=now,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        **filters,
    )
    page = _page_of(request, meetings)
    return render(
        request,
        "meetings/archive.html",
        {
            "filter_form": form,
            "page_obj": page,
            "meetings": page,
            "query_string": query,
            "year": year,
            "years": years,
        },
    )


@permission_required("meetings.view_calendar", raise_exception=True)
@cached_page
def month(request, year=None, month=None):
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not 1 <= month <= 12 or not 1900 < year < 2200:
        raise Http404
    form, filters, query = _filters(request)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    meetings = meeting_list(start=weeks[0][0], end=weeks[-1][-1], **filters)
    by_day: dict[datetime.date, list] = {}
    for meeting in meetings:
        by_day.setdefault(meeting.local_date, []).append(meeting)
    first = datetime.date(year, month, 1)
    previous = first - datetime.timedelta(days=1)
    following = first + datetime.timedelta(days=32)
    return render(
        request,
        "meetings/month.html",
        {
            "filter_form": form,
            "query_string": query,
            "first": first,
            "today": today,
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "weekdays": [weeks[0][i] for i in range(7)],
            "has_meetings": any(day.month == month for day in by_day),
            "previous": previous.replace(day=1),
            "next": following.replace(day=1),
        },
    )


@permission_required("meetings.view_calendar", raise_exception=True)
@cached_page
def year_view(request, year=None):
    year = year or timezone.localdate().year
    if not 1900 < year < 2200:
        raise Http404
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    days = (last - first).days + 1
    form, filters, query = _filters(request)
    meetings = list(meeting_list(start=first, end=last, **filters))
    months = [
        {
            "first": datetime.date(year, m, 1),
            "meetings": [x for x in meetings if x.local_date.month == m],
        }
        for m in range(1, 13)
    ]
    bands = []
    for term in ChairTerm.objects.select_related("agency").filter(end__gte=first, start__lte=last):
        start, end = max(term.start, first), min(term.end, last)
        bands.append(
            {
                "term": term,
                "left": round((start - first).days * 100 / days, 2),
                "width": round(((end - start).days + 1) * 100 / days, 2),
            }
        )
    return render(
        request,
        "meetings/year.html",
        {
            "filter_form": form,
            "query_string": query,
            "year": year,
            "months": months,
            "bands": bands,
            "previous": year - 1,
            "next": year + 1,
        },
    )
