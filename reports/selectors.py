"""The numbers of the reports page: each purpose of the Terms of Reference over a period.

Every measure is one grouped query (so the page costs the same for one year
or ten), and every measure can list the rows behind its numbers
(``measure_rows``), which is what a drill-down shows.

- topics proposed / accepted / deferred / declined: topic proposals created in
  the period (drafts never count: they have not been proposed), by their purposes;
- agenda time: minutes allotted to items of published agendas of meetings in
  the period, by the items' purposes;
- decisions: decisions adopted in the period, by their purposes;
- action points opened / done / overdue: action points of meetings in the
  period, by the purposes of the agenda item their section records.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Sum
from django.utils.translation import gettext_lazy as _

from agenda.enums import ProposalState
from agenda.models import AgendaItem, AgendaVersion, Proposal, PurposeTag
from core.clock import group_today
from decisions.models import Decision
from minutes.enums import ActionStatus
from minutes.models import ActionPoint


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    level: str = ""


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    rows: Callable  # function(period) -> queryset
    purpose_path: str  # lookup from the row to the purpose code
    agency_path: str = ""  # lookup from the row to an agency acronym, for the by-agency table
    total: str = ""  # a Sum instead of a Count (agenda time)


def _topics(state=None):
    def rows(period):
        topics = Proposal.objects.exclude(state=ProposalState.DRAFT).filter(
            created_at__date__gte=period.start, created_at__date__lte=period.end
        )
        if state:
            topics = topics.filter(state=state)
        if period.level:
            topics = topics.filter(level=period.level)
        return topics.select_related("agency", "meeting")

    return rows


def _items(period):
    published = AgendaVersion.objects.filter(agenda=OuterRef("agenda"))
    items = AgendaItem.objects.filter(
        Exists(published),
        agenda__meeting__local_date__gte=period.start,
        agenda__meeting__local_date__lte=period.end,
    )
    if period.level:
        items = items.filter(agenda__meeting__level=period.level)
    return items.select_related("agenda__meeting", "presenter_agency")


def _decisions(period):
    decisions = Decision.objects.filter(adopted_on__gte=period.start, adopted_on__lte=period.end)
    if period.level:
        decisions = decisions.filter(level=period.level)
    return decisions


def _points(which):
    def rows(period):
        points = ActionPoint.objects.filter(
            meeting__local_date__gte=period.start, meeting__local_date__lte=period.end
        )
        if period.level:
            points = points.filter(meeting__level=period.level)
        if which == "done":
            points = points.filter(status=ActionStatus.DONE)
        elif which == "overdue":
            points = points.filter(status=ActionStatus.OPEN, due__lt=group_today())
        return points.select_related("meeting", "section")

    return rows


MEASURES = [
    Measure("proposed", _("Topics proposed"), _topics(), "purposes__code", "agency__acronym"),
    Measure(
        "accepted",
        _("Topics accepted"),
        _topics(ProposalState.ACCEPTED),
        "purposes__code",
        "agency__acronym",
    ),
    Measure(
        "deferred",
        _("Topics deferred"),
        _topics(ProposalState.DEFERRED),
        "purposes__code",
        "agency__acronym",
    ),
    Measure(
        "declined",
        _("Topics declined"),
        _topics(ProposalState.DECLINED),
        "purposes__code",
        "agency__acronym",
    ),
    Measure(
        "agenda_minutes",
        _("Agenda time (minutes)"),
        _items,
        "purposes__code",
        "presenter_agency__acronym",
        total="minutes",
    ),
    Measure("decisions", _("Decisions taken"), _decisions, "purposes__code"),
    Measure(
        "points_opened",
        _("Action points opened"),
        _points("all"),
        "section__agenda_item__purposes__code",
        "agencies__acronym",
    ),
    Measure(
        "points_done",
        _("Action points done"),
        _points("done"),
        "section__agenda_item__purposes__code",
        "agencies__acronym",
    ),
    Measure(
        "points_overdue",
        _("Action points overdue"),
        _points("overdue"),
        "section__agenda_item__purposes__code",
        "agencies__acronym",
    ),
]
BY_KEY = {m.key: m for m in MEASURES}


def _grouped(measure: Measure, period: Period, path: str) -> dict[str, int]:
    aggregate = Sum(measure.total) if measure.total else Count("pk", distinct=True)
    rows = (
        measure.rows(period)
        .order_by()
        .exclude(**{f"{path}__isnull": True})
        .values(path)
        .annotate(n=aggregate)
    )
    return {row[path]: row["n"] or 0 for row in rows}


def purpose_table(period: Period) -> list[dict]:
    """One row per purpose, one column per measure."""
    by_measure = {m.key: _grouped(m, period, m.purpose_path) for m in MEASURES}
    return [
        {
            "code": code,
            "label": label,
            "values": [(m, by_measure[m.key].get(code, 0)) for m in MEASURES],
        }
        for code, label in ((p.code, str(p)) for p in PurposeTag.objects.order_by("position"))
    ]


def agency_table(period: Period) -> list[dict]:
    """One row per agency that proposed, presented or owns anything in the period."""
    measures = [m for m in MEASURES if m.agency_path]
    by_measure = {m.key: _grouped(m, period, m.agency_path) for m in measures}
    agencies = sorted({a for values in by_measure.values() for a in values})
    return [
        {"acronym": a, "values": [(m, by_measure[m.key].get(a, 0)) for m in measures]}
        for a in agencies
    ]


def measure_rows(measure: Measure, period: Period, *, purpose: str = "", agency: str = ""):
    rows = measure.rows(period)
    if purpose:
        rows = rows.filter(**{measure.purpose_path: purpose})
    if agency and measure.agency_path:
        rows = rows.filter(**{measure.agency_path: agency})
    return rows.distinct().order_by("-pk")
