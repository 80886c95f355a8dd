"""Reads for the procedure pages and the register, with their relations joined."""

import datetime

from django.db.models import Count, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from decisions.enums import DecisionHow, ProcedureState, ResponseKind
from decisions.models import Decision, Response, SilenceProcedure
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from members.rules import is_member_person, is_secretariat
from minutes.selectors import action_points_qs


def procedures_visible_to(user):
    """The procedures the user may open: a draft only by the secretariat and its chair's office."""
    procedures = SilenceProcedure.objects.select_related("chair").annotate(
        standing_objections=Count(
            "responses",
            filter=Q(responses__kind=ResponseKind.OBJECTION, responses__withdrawn_at__isnull=True),
        ),
        response_count=Count("responses__agency", distinct=True),
    )
    if is_secretariat(user):
        return procedures
    if is_member_person(user):
        return procedures.filter(~Q(state=ProcedureState.DRAFT) | Q(chair_id=user.agency_id))
    return procedures.none()


def procedure_list(user):
    """Running ones (nearest deadline first), then drafts; and the ended ones, newest first."""
    procedures = list(procedures_visible_to(user))
    rank = {ProcedureState.CIRCULATED: 0, ProcedureState.DRAFT: 1}
    running = sorted(
        (p for p in procedures if p.state in rank),
        key=lambda p: (rank[p.state], p.deadline),
    )
    ended = sorted(
        (p for p in procedures if p.state not in rank),
        key=lambda p: p.ended_at or p.deadline,
        reverse=True,
    )
    return running, ended


def procedure_page():
    return SilenceProcedure.objects.select_related(
        "chair", "replaces", "supersedes", "created_by", "circulated_by", "decision"
    ).prefetch_related("purposes", "papers", "extensions__actor", "replaced_by", "documents")


def responses_for(procedure: SilenceProcedure, *, user, see_all: bool):
    """Every response (the chair's office, the secretariat, everyone once it ended),
    or only those of the user's own agency."""
    responses = Response.objects.filter(procedure=procedure).select_related(
        "agency", "author", "withdrawn_by"
    )
    if see_all:
        return list(responses)
    agency = getattr(user, "agency_id", None)
    return list(responses.filter(agency_id=agency)) if agency else []


def decision_register(
    *,
    year: int | None = None,
    purpose: str = "",
    level: str = "",
    how: str = "",
    status: str = "",
    q: str = "",
):
    """The decisions, newest reference first, filtered; text search over reference, title, text."""
    decisions = Decision.objects.select_related("meeting", "procedure", "superseded_by")
    decisions = decisions.prefetch_related("purposes")
    if year:
        decisions = decisions.filter(year=year)
    if purpose:
        decisions = decisions.filter(purposes=purpose)
    if level:
        decisions = decisions.filter(level=level)
    if how:
        decisions = decisions.filter(how=how)
    if status:
        decisions = decisions.filter(status=status)
    for word in q.split()[:8]:
        decisions = decisions.filter(
            Q(reference__icontains=word) | Q(title__icontains=word) | Q(text__icontains=word)
        )
    return decisions.order_by("-year", "-number")


def decision_years() -> list[int]:
    return list(Decision.objects.order_by("-year").values_list("year", flat=True).distinct())


def decision_page():
    return Decision.objects.select_related(
        "meeting", "section__minutes", "procedure", "superseded_by"
    ).prefetch_related(
        "purposes",
        "procedure__documents",
        "supersedes",
        "changes__actor",
        Prefetch("action_points", queryset=action_points_qs().order_by("due", "pk")),
    )


def silence_decisions_since_previous(meeting: Meeting):
    """What the follow-up item of ``meeting`` lists: decisions of its level taken by silence
    procedure after the previous meeting of the level began and before this one (one query)."""
    previous_start = Subquery(
        Meeting.objects.filter(level=meeting.level, start__lt=meeting.start)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(pk=meeting.pk)
        .order_by("-start")
        .values("start")[:1]
    )
    since = Coalesce(previous_start, Value(datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)))
    return (
        Decision.objects.filter(
            how=DecisionHow.SILENCE,
            level=meeting.level,
            procedure__deadline__gte=since,
            procedure__deadline__lt=meeting.start,
        )
        .select_related("procedure")
        .order_by("year", "number")
    )
