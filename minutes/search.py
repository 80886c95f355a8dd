"""This floor's rows for the search: minutes sections (summary and decisions) and action points.

Sections are searched in the text each reader may read: the secretariat and
a meeting's chair's office its working text; member focal points the text
once it is circulated; principals only published minutes. Action points
follow the register's rule (``visible_minutes_filter``).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.search import Hit, SearchProvider, highlight, search_providers, text_filter
from members.rules import is_focal_point, is_principal, is_secretariat
from minutes.enums import MinutesState
from minutes.models import ActionPoint, MinutesSection
from minutes.selectors import visible_minutes_filter


def _meeting_filters(rows, filters, prefix):
    if filters.get("level"):
        rows = rows.filter(**{f"{prefix}level": filters["level"]})
    if filters.get("year"):
        rows = rows.filter(**{f"{prefix}local_date__year": filters["year"]})
    return rows


def _sections(user, query, filters):
    sections = MinutesSection.objects.select_related("minutes__meeting").order_by(
        "-minutes__meeting__start", "number"
    )
    if is_secretariat(user):
        pass
    elif is_focal_point(user):
        own = Q(minutes__meeting__frozen_chair_id=user.agency_id)
        sections = sections.filter(Q(minutes__state__in=MinutesState.shown_to_members()) | own)
    elif is_principal(user):
        sections = sections.filter(minutes__state=MinutesState.PUBLISHED)
    else:
        return sections.none()
    sections = _meeting_filters(sections, filters, "minutes__meeting__")
    return text_filter(sections, query, ["title", "summary", "decisions"])


def _section_hit(section, query):
    meeting = section.minutes.meeting
    return Hit(
        title=f"{section.number}. {section.title}",
        url=section.minutes.get_absolute_url() + f"#section-{section.number}",
        text=highlight(f"{section.summary} {section.decisions}", query),
        meta=f"{meeting.display_title} · {section.minutes.get_state_display()}",
    )


def _points(user, query, filters):
    points = ActionPoint.objects.select_related("meeting").order_by("-due", "-pk")
    visible = visible_minutes_filter(user, prefix="minutes__")
    if visible is not None:
        points = points.filter(visible)
    points = _meeting_filters(points, filters, "meeting__")
    if filters.get("agency"):
        points = points.filter(agencies=filters["agency"])
    return text_filter(points, query, ["text", "person", "status_note"])


def _point_hit(point, query):
    return Hit(
        title=point.text[:120],
        url=point.get_absolute_url(),
        text=highlight(point.text, query),
        meta=f"{point.get_status_display()} · {point.due:%Y-%m-%d} · {point.meeting.display_title}",
    )


def register():
    search_providers.register(
        SearchProvider(
            kind="minutes",
            label=_("Minutes"),
            rows=_sections,
            hit=_section_hit,
            order=40,
            filters=frozenset({"level", "year"}),
        )
    )
    search_providers.register(
        SearchProvider(
            kind="action_points",
            label=_("Action points"),
            rows=_points,
            hit=_point_hit,
            order=50,
            filters=frozenset({"level", "year", "agency"}),
        )
    )
