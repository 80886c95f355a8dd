"""The numbers of the reports page: each purpose of the Terms of Reference over a period.

Every family of measures is one grouped query per table (the four topic
measures are conditional counts over the topics, the three action-point ones
over the action points), so the page costs the same for one year or ten; and
every measure can list the rows behind its numbers (``measure_rows``), which
is what a drill-down shows.

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

from django.db.models import Count, Exists, OuterRef, Q, Sum
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
    # Measures of one family are counted in one query over the family's rows (the first
    # measure's, which has no condition), each with its ``when``: function() -> Q.
    family: str = ""
    when: Callable | None = None


def _topic_state(state):
    return lambda: Q(state=state)


def _topics(state=None):
    def rows(period):
        topics = Proposal.objects.exclude(state=ProposalState.DRAFT).filter(
            created_at__date__gte=period.start, created_at__date__lte=period.end
        )
        if state:
            topics = topics.filter(_topic_state(state)())
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


def _point_state(which):
    if which == "done":
        return lambda: Q(status=ActionStatus.DONE)
    if which == "overdue":
        return lambda: Q(status=ActionStatus.OPEN, due__lt=group_today())
    return None


def _points(which):
    def rows(period):
        points = ActionPoint.objects.filter(
            meeting__local_date__gte=period.start, meeting__local_date__lte=period.end
        )
        if period.level:
            points = points.filter(meeting__level=period.level)
        if (when := _point_state(which)) is not None:
            points = points.filter(when())
        return points.select_related("meeting", "section")

    return rows


def _topic_measure(key, label, state=None):
    return Measure(
        key,
        label,
        _topics(state),
        "purposes__code",
        "agency__acronym",
        family="topics",
        when=_topic_state(state) if state else None,
    )


def _point_measure(key, label, which):
    return Measure(
        key,
        label,
        _points(which),
        "section__agenda_item__purposes__code",
        "agencies__acronym",
        family="points",
        when=_point_state(which),
    )


MEASURES = [
    _topic_measure("proposed", _("Topics proposed")),
    _topic_measure("accepted", _("Topics accepted"), ProposalState.ACCEPTED),
    _topic_measure("deferred", _("Topics deferred"), ProposalState.DEFERRED),
    _topic_measure("declined", _("Topics declined"), ProposalState.DECLINED),
    Measure(
        "agenda_minutes",
        _("Agenda time (minutes)"),
        _items,
        "purposes__code",
        "presenter_agency__acronym",
        total="minutes",
    ),
    Measure("decisions", _("Decisions taken"), _decisions, "purposes__code"),
    _point_measure("points_opened", _("Action points opened"), "all"),
    _point_measure("points_done", _("Action points done"), "done"),
    _point_measure("points_overdue", _("Action points overdue"), "overdue"),
]
BY_KEY = {m.key: m for m in MEASURES}


def _families(measures: list[Measure]) -> list[list[Measure]]:
    families: dict[str, list[Measure]] = {}
    for measure in measures:
        families.setdefault(measure.family or measure.key, []).append(measure)
    return list(families.values())


def _grouped(measures: list[Measure], period: Period, path) -> dict[str, dict[str, int]]:
    """Each measure's numbers by ``path(measure)``: one grouped query for each family."""
    found: dict[str, dict[str, int]] = {}
    for family in _families(measures):
        first = family[0]
        group = path(first)
        aggregates = {
            f"n_{m.key}": Sum(m.total, filter=m.when() if m.when else None)
            if m.total
            else Count("pk", distinct=True, filter=m.when() if m.when else None)
            for m in family
        }
        rows = (
            first.rows(period)
            .order_by()
            .exclude(**{f"{group}__isnull": True})
            .values(group)
            .annotate(**aggregates)
        )
        for m in family:
            found[m.key] = {}
        for row in rows:
            for m in family:
                # A conditional measure has the groups its own rows would have had.
                if row[f"n_{m.key}"] or m.when is None:
                    found[m.key][row[group]] = row[f"n_{m.key}"] or 0
    return found


def purpose_table(period: Period) -> list[dict]:
    """One row per purpose, one column per measure."""
    by_measure = _grouped(MEASURES, period, lambda m: m.purpose_path)
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
    by_measure = _grouped(measures, period, lambda m: m.agency_path)
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
