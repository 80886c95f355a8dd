"""Reads for the minutes pages and the action-point register, relations joined."""

import datetime

from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from agenda.enums import StandingItem
from agenda.models import AgendaItem, AgendaVersion, Proposal
from agenda.selectors import meeting_header
from core.documents.selectors import prefetch_documents
from meetings.enums import MeetingStatus, Rsvp
from meetings.models import Delegate, Meeting
from meetings.rules import is_chair_office_for
from members.enums import Role
from members.models import Agency, Person
from members.rules import is_focal_point, is_principal, is_secretariat
from minutes.enums import ActionStatus, CommentOutcome, MinutesState
from minutes.models import (
    ActionPoint,
    ActionPointChange,
    Comment,
    Edition,
    Minutes,
    MinutesSection,
    NoComment,
)


def minutes_for(meeting: Meeting | int) -> Minutes | None:
    """The meeting's minutes (by the meeting or its pk) with what every minutes page and rule
    needs, or None."""
    return (
        Minutes.objects.select_related(
            "meeting__frozen_chair", "agenda_version__agenda", "created_by"
        )
        .annotate(edition_count=Count("editions", distinct=True))
        .filter(meeting=meeting)
        .first()
    )


def attendance(meeting: Meeting) -> list[dict]:
    """The agencies that attended, each with its people (heads first).

    Once the chair's office has recorded attendance, only those marked present
    count; before that, those registered as attending.
    """
    delegates = list(
        Delegate.objects.filter(meeting=meeting)
        .select_related("agency", "person")
        .order_by("agency__acronym", "-is_head", "person__full_name")
    )
    recorded = any(d.attended is not None for d in delegates)
    rows: dict[int, dict] = {}
    for delegate in delegates:
        present = delegate.attended if recorded else delegate.rsvp in Rsvp.attending()
        if not present:
            continue
        row = rows.setdefault(delegate.agency_id, {"agency": delegate.agency, "people": []})
        row["people"].append(delegate)
    return list(rows.values())


def attending_agency_ids(meeting: Meeting) -> set[int]:
    return {row["agency"].pk for row in attendance(meeting)}


# An action point's columns that a table of them shows (minutes.templatetags.action_points).
LISTED_POINT_FIELDS = ("minutes", "meeting", "section", "text", "person", "due", "status")


def sections_of(minutes: Minutes, *, user=None, can_see_all_comments=False):
    """The sections in agenda order, each with ``point_list`` (its action points, their
    owning agencies in ``owners`` by ``attach_owners``) and ``comment_list`` (the
    comments the user may see).

    Lists, not related managers: a plain prefetch builds a queryset for every section
    and every action point it fills. The points share the page's section (the prefetch
    sets it), minutes and meeting: nothing of theirs is read again with each point.
    """
    comments = Comment.objects.select_related("author", "agency", "replied_by")
    if not can_see_all_comments:
        comments = comments.filter(author=user) if user is not None else comments.none()
    # What the page shows of a point: a hundred points' timestamps and notes were read and
    # converted for nothing. Their owners come after, in one query of two columns.
    points = ActionPoint.objects.only(*LISTED_POINT_FIELDS).order_by("due", "pk")
    sections = list(
        MinutesSection.objects.filter(minutes=minutes)
        .select_related("agenda_item__linked_meeting")
        .prefetch_related(
            Prefetch("action_points", queryset=points, to_attr="point_list"),
            Prefetch("comments", queryset=comments, to_attr="comment_list"),
        )
        .annotate(revision_count=Count("revisions"))
        .order_by("number")
    )
    all_points = []
    for section in sections:
        section.minutes = minutes
        for point in section.point_list:
            point.minutes = minutes
            point.meeting = minutes.meeting
        all_points.extend(section.point_list)
    attach_owners(all_points)
    return sections


def attach_owners(points: list[ActionPoint]) -> None:
    """Each point's owning agencies, by acronym, in the list ``owners``, as
    ``owners_prefetch`` gives them: one query of ids and acronyms (none without points),
    each agency one object shared by the points it owns, its other columns read if asked.

    A prefetch built an agency, a related manager and its bookkeeping for every owner of
    every point: at a hundred points, more than the rest of the minutes page's reads.
    """
    by_pk = {}
    for point in points:
        point.owners = []
        by_pk[point.pk] = point
    if not by_pk:
        return
    rows = (
        ActionPoint.agencies.through.objects.filter(actionpoint_id__in=by_pk)
        .order_by("agency__acronym", "agency_id")
        .values_list("actionpoint_id", "agency_id", "agency__acronym")
    )
    agencies = {}
    for point_pk, agency_pk, acronym in rows:
        agency = agencies.get(agency_pk)
        if agency is None:
            agency = agencies[agency_pk] = Agency.from_db(
                DEFAULT_DB_ALIAS, ["id", "acronym"], [agency_pk, acronym]
            )
        by_pk[point_pk].owners.append(agency)


def owners_prefetch() -> Prefetch:
    """An action point's owning agencies, by acronym, as the list ``owners``."""
    return Prefetch("agencies", queryset=Agency.objects.order_by("acronym"), to_attr="owners")


def action_points_qs():
    """Action points with their meeting, section and minutes, the owners in ``owners``."""
    return ActionPoint.objects.select_related("meeting", "section", "minutes").prefetch_related(
        owners_prefetch()
    )


# What no list of action points shows of their section: its text, the longest columns.
SECTION_TEXT = ("summary", "summary_html", "decisions", "decisions_html")


def listed_action_points():
    """Action points for lists (the register, the follow-up, the panels): with their meeting
    and section, without the section's text, the owners in ``owners``."""
    return (
        ActionPoint.objects.select_related("meeting", "section")
        .defer(*(f"section__{name}" for name in SECTION_TEXT))
        .prefetch_related(owners_prefetch())
    )


def visible_minutes_filter(user, prefix: str = "") -> Q | None:
    """A filter on minutes the user may read; None means all of them."""
    if is_secretariat(user):
        return None
    published = Q(**{f"{prefix}editions__isnull": False})
    if is_focal_point(user):
        # The chair's office of a meeting sees its own drafts.
        own = Q(**{f"{prefix}meeting__frozen_chair_id": user.agency_id})
        return Q(**{f"{prefix}state__in": MinutesState.shown_to_members()}) | published | own
    if is_principal(user):
        return published
    return Q(pk__in=[])


def action_point_register(
    *,
    user,
    agency: int | None = None,
    status: str = "",
    overdue: bool = False,
    meeting: int | None = None,
    purpose: str = "",
    today: datetime.date,
):
    """Action points the user may see, filtered; the latest due date first.

    Latest first because a person opening the register looks for what is
    current: at ten years, oldest first put 2017 on page 1. The due date
    follows the meeting a point came from, and ``(due, id)`` is indexed, so a
    page costs an index scan whatever the history.
    """
    points = listed_action_points()
    visible = visible_minutes_filter(user)
    if visible is not None:
        points = points.filter(minutes__in=Minutes.objects.filter(visible).values("pk"))
    if agency:
        points = points.filter(agencies=agency)
    if status in ActionStatus.values:
        points = points.filter(status=status)
    if overdue:
        points = points.filter(status=ActionStatus.OPEN, due__lt=today)
    if meeting:
        points = points.filter(meeting_id=meeting)
    if purpose:
        points = points.filter(
            Exists(
                AgendaItem.purposes.through.objects.filter(
                    agendaitem_id=OuterRef("section__agenda_item_id"), purposetag_id=purpose
                )
            )
        )
    return points.order_by("-due", "-pk")


def open_action_points_before(meeting: Meeting, *, user):
    """What the "follow-up on action points" item of ``meeting`` goes through."""
    points = action_point_register(user=user, status=ActionStatus.OPEN, today=meeting.local_date)
    # Follow-up goes through them in the order they fall due.
    return points.filter(meeting__start__lt=meeting.start).order_by("due", "pk")


def action_point_history(action_point: ActionPoint):
    return ActionPointChange.objects.filter(action_point=action_point).select_related("actor")


def editions_of(minutes: Minutes):
    editions = list(Edition.objects.filter(minutes=minutes).order_by("-number"))
    for edition in editions:
        edition.minutes = minutes  # their links name the meeting: no query per edition
    # The minutes' draft PDF and every edition's, in one query.
    prefetch_documents([minutes, *editions])
    return editions


def adopted_meeting_id(meeting: Meeting):
    """``adopts_minutes_of`` as a subquery: the id of the meeting whose minutes it adopts."""
    return AgendaItem.objects.filter(
        agenda__meeting=meeting, standing=StandingItem.ADOPT_MINUTES, linked_meeting__isnull=False
    ).values("linked_meeting_id")[:1]


def adopts_minutes_of(meeting: Meeting) -> Meeting | None:
    """The earlier meeting whose minutes this meeting's agenda adopts (its standing item)."""
    item = (
        AgendaItem.objects.filter(agenda__meeting=meeting, standing=StandingItem.ADOPT_MINUTES)
        .select_related("linked_meeting")
        .first()
    )
    return item.linked_meeting if item else None


def chairs_meeting(user, meeting) -> bool:
    return bool(is_chair_office_for(user, meeting))


def circulation_recipients(meeting: Meeting):
    """The focal points of the agencies that attended."""
    return Person.objects.filter(
        role=Role.FOCAL_POINT, is_active=True, agency_id__in=attending_agency_ids(meeting)
    ).order_by("pk")


def publication_recipients(meeting: Meeting):
    """Every focal point and principal of the members."""
    return Person.objects.filter(
        role__in=Role.member_roles(), is_active=True, agency__in=Agency.objects.members_on()
    ).order_by("pk")


def minutes_snapshot(minutes: Minutes) -> dict:
    """What an edition freezes and a PDF prints: the header, sections, attendance, actions."""
    meeting = minutes.meeting
    agenda = minutes.agenda_version.agenda
    sections = list(minutes.sections.order_by("number").prefetch_related("action_points__agencies"))
    points = []
    for section in sections:
        for point in sorted(section.action_points.all(), key=lambda p: (p.due, p.pk)):
            points.append(
                {
                    "id": point.pk,
                    "section": section.number,
                    "text": point.text,
                    "owners": [a.acronym for a in sorted(point.agencies.all(), key=str)],
                    "person": point.person,
                    "due": point.due.isoformat(),
                    "status": point.status,
                }
            )
    for number, point in enumerate(points, start=1):
        point["number"] = number
    return {
        **meeting_header(agenda),
        "sections": [
            {
                "number": s.number,
                "title": s.title,
                "standing": s.standing,
                "summary_html": s.summary_html,
                "decisions_html": s.decisions_html,
                "decision_marked": s.decision_marked and bool(s.decisions.strip()),
            }
            for s in sections
        ],
        "attendance": [
            {
                "acronym": row["agency"].acronym,
                "name": row["agency"].name,
                "people": [{"name": d.person.full_name, "head": d.is_head} for d in row["people"]],
            }
            for row in attendance(meeting)
        ],
        "action_points": points,
    }


def readable_previous_minutes(user, sections) -> Minutes | None:
    """The minutes the "adoption of the previous minutes" item adopts, if they exist and the
    reader may open them: never a link to a page that would answer "not found"."""
    linked = next(
        (
            s.agenda_item.linked_meeting_id
            for s in sections
            if s.standing == StandingItem.ADOPT_MINUTES and s.agenda_item
        ),
        None,
    )
    if linked is None:
        return None
    previous = Minutes.objects.filter(meeting_id=linked).select_related("meeting").first()
    return previous if previous and user.has_perm("minutes.view_minutes", previous) else None


def comments_awaited(minutes: Minutes, *, attending: list[dict] | None = None) -> list[Agency]:
    """The attending agencies that have neither commented nor said they have none.

    ``attending``: the page's ``attendance(meeting)`` rows, when it has read them already.
    """
    rows = attending if attending is not None else attendance(minutes.meeting)
    answered = set(
        Comment.objects.filter(section__minutes=minutes)
        .order_by()
        .values_list("agency_id", flat=True)
        .union(
            NoComment.objects.filter(minutes=minutes).order_by().values_list("agency_id", flat=True)
        )
    )
    return [row["agency"] for row in rows if row["agency"].pk not in answered]


def chair_office_work(*, agency_id: int, today: datetime.date) -> dict:
    """What the chair's office of ``agency_id`` has to do, meeting by meeting: topics to
    decide, an agenda to publish (days left), minutes to start, circulate, finalise or
    publish, comments to answer. Meetings of its terms from a year back to a year ahead,
    read in a fixed number of queries."""
    from agenda.enums import ProposalState
    from meetings.selectors import meetings_with_chair

    window = Meeting.objects.filter(
        local_date__gte=today - datetime.timedelta(days=365),
        local_date__lte=today + datetime.timedelta(days=365),
    ).exclude(status=MeetingStatus.CANCELLED)
    registered = Exists(Delegate.objects.filter(meeting=OuterRef("pk"), agency_id=agency_id))
    meetings = (
        meetings_with_chair(window)
        .annotate(
            chaired_by=Coalesce("frozen_chair_id", "term_chair_id", output_field=BigIntegerField()),
            registered=registered,
            attends=_attends(agency_id),
        )
        # Only the meetings a list below shows: those the office chairs, minutes open for
        # comment that the agency attended, delegations still to register. Two years hold
        # some fifty meetings, and every one of them read with its counts cost more than
        # the few the panels show.
        .filter(
            Q(chaired_by=agency_id)
            | Q(
                minutes__state=MinutesState.CIRCULATED,
                minutes__comments_until__isnull=False,
                attends=True,
            )
            | Q(
                status=MeetingStatus.PLANNED,
                local_date__gte=today,
                registration_deadline__gte=today,
                registered=False,
            )
        )
        .annotate(
            # A count per meeting, not a join of every proposal grouped again.
            undecided=Coalesce(
                Subquery(
                    Proposal.objects.filter(
                        meeting=OuterRef("pk"), state__in=ProposalState.undecided()
                    )
                    .order_by()
                    .values("meeting")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
            published=Exists(AgendaVersion.objects.filter(agenda__meeting=OuterRef("pk"))),
            # Comments waiting for the chair's answer, counted in the same query.
            pending=Subquery(
                Comment.objects.filter(
                    section__minutes__meeting=OuterRef("pk"), outcome=CommentOutcome.PENDING
                )
                .order_by()
                .values("section__minutes__meeting")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            commented=_commented(agency_id),
        )
        .select_related("minutes")
        .order_by("start")
    )
    every = list(meetings)
    now = timezone.now()
    to_comment = [
        m
        for m in every
        if m.attends
        and hasattr(m, "minutes")
        and m.minutes.state == MinutesState.CIRCULATED
        and m.minutes.comments_until
        and now.astimezone(m.zone).date() <= m.minutes.comments_until
    ]
    to_register = [
        m
        for m in every
        if m.status == MeetingStatus.PLANNED
        and m.local_date >= today
        and m.registration_deadline >= today
        and not m.registered
    ]
    meetings = [m for m in every if (m.frozen_chair_id or m.term_chair_id) == agency_id]
    pending = {m.minutes.pk: m.pending for m in meetings if hasattr(m, "minutes") and m.pending}
    work = []
    for meeting in meetings:
        minutes = getattr(meeting, "minutes", None)
        row = {"meeting": meeting, "tasks": []}
        upcoming = meeting.local_date >= today and meeting.status == MeetingStatus.PLANNED
        if meeting.undecided:
            row["tasks"].append(("decide", meeting.undecided))
        if upcoming and not meeting.published:
            row["tasks"].append(("publish", (meeting.local_date - today).days))
        if minutes is None and meeting.published and meeting.local_date < today:
            row["tasks"].append(("start", None))
        if minutes is not None:
            if minutes.state == MinutesState.DRAFT:
                row["tasks"].append(("circulate", None))
            elif minutes.state == MinutesState.CIRCULATED:
                if minutes.comments_until and minutes.comments_until < today:
                    row["tasks"].append(("finalise", None))
            elif minutes.state == MinutesState.FINAL:
                row["tasks"].append(("publish_minutes", None))
            if pending.get(minutes.pk):
                row["tasks"].append(("answer", pending[minutes.pk]))
        if row["tasks"]:
            work.append(row)
    return {
        "chairs": bool(meetings),
        "work": work,
        "to_register": to_register,
        "to_comment": to_comment,
    }


def _commented(agency_id: int):
    """Whether ``agency_id`` commented on the meeting's minutes or said it has none."""
    meeting = OuterRef("pk")
    return ExpressionWrapper(
        Exists(Comment.objects.filter(section__minutes__meeting=meeting, agency_id=agency_id))
        | Exists(NoComment.objects.filter(minutes__meeting=meeting, agency_id=agency_id)),
        output_field=BooleanField(),
    )


def _attends(agency_id: int):
    """Whether ``agency_id`` attended the meeting, as ``attendance`` reads it: once the
    chair's office has recorded attendance, marked present; before that, registered as
    attending. An expression on the meeting (``OuterRef("pk")``), so no query of its own."""
    own = Delegate.objects.filter(meeting=OuterRef("pk"), agency_id=agency_id)
    recorded = Exists(Delegate.objects.filter(meeting=OuterRef("pk"), attended__isnull=False))
    return ExpressionWrapper(
        (recorded & Exists(own.filter(attended=True)))
        | (~recorded & Exists(own.filter(rsvp__in=Rsvp.attending()))),
        output_field=BooleanField(),
    )
