"""This floor's rows for the search: meetings and their documents' titles.

Who may see a meeting is decided by ``meetings.view_meeting``; the people who
see every meeting (the secretariat, member agencies' people) search them all,
anyone else (a guest) only the ones the rule lets them open, as one filter
(``others_visible_meetings``: the floors that add viewers add their sets).
"""

from django.utils.translation import gettext_lazy as _

from core.search import (
    Hit,
    SearchFilter,
    SearchProvider,
    highlight,
    search_filters,
    search_providers,
    text_filter,
)
from meetings.enums import Level
from meetings.models import Meeting, MeetingDocument
from meetings.rules import others_visible_meetings


def _visible(user, rows, prefix=""):
    visible = others_visible_meetings(user)
    if visible is None:
        return rows
    return rows.filter(**{f"{prefix}pk__in": Meeting.objects.filter(visible).values("pk")})


def _filtered(meetings, filters, prefix=""):
    if filters.get("level"):
        meetings = meetings.filter(**{f"{prefix}level": filters["level"]})
    if filters.get("year"):
        meetings = meetings.filter(**{f"{prefix}local_date__year": filters["year"]})
    return meetings


def _meetings(user, query, filters):
    meetings = _filtered(Meeting.objects.select_related("frozen_chair").order_by("-start"), filters)
    return text_filter(_visible(user, meetings), query, ["title", "venue", "description"])


def _meeting_hit(meeting, query):
    return Hit(
        title=meeting.display_title,
        url=meeting.get_absolute_url(),
        text=highlight(f"{meeting.venue} {meeting.description}", query),
        meta=f"{meeting.get_level_display()} · {meeting.local_date:%Y-%m-%d}",
    )


def _documents(user, query, filters):
    documents = MeetingDocument.objects.select_related("meeting").order_by("-uploaded_at")
    documents = _filtered(documents, filters, prefix="meeting__")
    return text_filter(_visible(user, documents, prefix="meeting__"), query, ["title"])


def _document_hit(document, query):
    return Hit(
        title=document.title,
        url=document.get_absolute_url(),
        text=highlight(document.title, query),
        meta=str(document.meeting),
    )


def register():
    search_filters.register(
        SearchFilter(name="level", label=_("Level"), choices=lambda: Level.choices, order=10)
    )
    search_providers.register(
        SearchProvider(
            kind="meetings",
            label=_("Meetings"),
            rows=_meetings,
            hit=_meeting_hit,
            order=10,
            filters=frozenset({"level", "year"}),
        )
    )
    search_providers.register(
        SearchProvider(
            kind="documents",
            label=_("Meeting documents"),
            rows=_documents,
            hit=_document_hit,
            order=70,
            filters=frozenset({"level", "year"}),
        )
    )
