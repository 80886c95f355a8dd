"""The minutes floor's reminders, declared for the one sweep (``core.reminders``).

- minutes not circulated 14 days after the meeting: the chair's office (made
  up for 60 days, until they are circulated);
- the comment period ends in 2 days: focal points of member agencies (not the
  chair's) who have not commented (made up until its last day);
- comments arrived on circulated minutes: the chair's office, one digest a
  day listing the comments since the last one;
- action points due within a week: the owning agencies' focal points, one
  digest a day listing the points that entered that week since the last one;
- overdue action points: the owning agencies' focal points, one digest a week
  (its key names the ISO week) listing all the agency's open overdue points.

The digests keep the outbox proportional to people, not to rows: one notice
per person per day or week, whatever the number of points or comments.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from core.clock import person_zone
from core.reminders import Due, Occasion, Reminder, Sweep, reminders, same_for_all
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from meetings.selectors import meetings_with_chair
from members.selectors import reminder_audience
from minutes.enums import ActionStatus, MinutesState
from minutes.models import ActionPoint, Comment, Edition

DRAFT_DUE_DAYS = 14
DRAFT_DUE_FOR_DAYS = 60
COMMENTS_CLOSING_DAYS = 2
ACTION_DUE_DAYS = 7
# An overdue digest lists this many points (the longest overdue first), then links the rest.
OVERDUE_LISTED = 50
# How far back a daily digest looks for what it has not told yet.
DIGEST_LOOKBACK_DAYS = 14

Owner = ActionPoint.agencies.through


def _remindable():
    """Open action points of minutes that have been circulated or published."""
    published = Exists(Edition.objects.filter(minutes_id=OuterRef("minutes_id")))
    return ActionPoint.objects.filter(status=ActionStatus.OPEN).filter(
        ~Q(minutes__state=MinutesState.DRAFT) | published
    )


def _awake_focal_points(sweep: Sweep) -> list:
    return reminder_audience(sweep).member_focal_points()


# --- Minutes not circulated -----------------------------------------------------


def _minutes_due(sweep: Sweep):
    people = reminder_audience(sweep)
    if not people:
        return
    since = sweep.today - datetime.timedelta(days=DRAFT_DUE_DAYS)
    late = meetings_with_chair(
        Meeting.objects.filter(
            end__lt=sweep.now,
            local_date__lte=since,
            local_date__gte=since - datetime.timedelta(days=DRAFT_DUE_FOR_DAYS),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(minutes__circulated_at__isnull=False)
        .exclude(minutes__state=MinutesState.PUBLISHED)
    )
    for meeting in late:
        yield Occasion(
            key=f"minutes-due:{meeting.pk}",
            recipients=people.focal_points_of(meeting.chair_agency_id_for_date()),
            anchor=meeting.local_date,
            about=meeting,
            context={"meeting": meeting},
        )


# --- The comment period closing ---------------------------------------------------


def _comments_closing(sweep: Sweep):
    people = reminder_audience(sweep)
    if not people:
        return
    meetings = list(
        meetings_with_chair(
            Meeting.objects.filter(
                minutes__state=MinutesState.CIRCULATED,
                minutes__comments_until__gte=sweep.today - datetime.timedelta(days=1),
            )
        ).select_related("minutes")
    )
    commented = set(
        Comment.objects.filter(section__minutes__meeting__in=[m.pk for m in meetings])
        .order_by()
        .values_list("section__minutes_id", "author_id")
        .distinct()
    )
    for meeting in meetings:
        minutes = meeting.minutes
        recipients = [
            person
            for person in people.member_focal_points(
                except_agencies={meeting.chair_agency_id_for_date()}
            )
            if (minutes.pk, person.pk) not in commented
        ]
        yield Occasion(
            key=f"comments-closing:{minutes.pk}:{minutes.comments_until}",
            recipients=recipients,
            anchor=minutes.comments_until,
            about=minutes,
            context={"meeting": meeting, "minutes": minutes},
        )


# --- Comments received: the chair's office, one digest a day -----------------------


def _since(sweep: Sweep, last: dict, person) -> datetime.datetime:
    lookback = sweep.now - datetime.timedelta(days=DIGEST_LOOKBACK_DAYS)
    return max(last.get(person.pk, lookback), lookback)


def _comments_received(sweep: Sweep):
    people = reminder_audience(sweep)
    if not people:
        return
    lookback = sweep.now - datetime.timedelta(days=DIGEST_LOOKBACK_DAYS)
    meetings = meetings_with_chair(
        Meeting.objects.filter(minutes__sections__comments__created_at__gte=lookback)
    ).annotate(latest_comment=Max("minutes__sections__comments__created_at"))
    last = sweep.last_sent("comments_received")
    waiting: dict[int, list] = defaultdict(list)
    chairs = {}
    for meeting in meetings:
        for person in people.focal_points_of(meeting.chair_agency_id_for_date()):
            if meeting.latest_comment > _since(sweep, last, person):
                waiting[person.pk].append(meeting)
                chairs[person.pk] = person
    for pk, mine in waiting.items():
        person = chairs[pk]
        yield Occasion(
            key=f"comments-received:{sweep.day_of(person)}",
            recipients=[person],
            about=person.agency,
            context={"meetings": mine, "since": _since(sweep, last, person)},
        )


def _comments_received_prepare(sweep: Sweep, due: list[Due]) -> None:
    """Load the new comments of every digest about to go, in one query."""
    meeting_ids = {meeting.pk for item in due for meeting in item.context["meetings"]}
    oldest = min(item.context["since"] for item in due)
    comments = defaultdict(list)
    for comment in (
        Comment.objects.filter(section__minutes__meeting__in=meeting_ids, created_at__gt=oldest)
        .select_related("section__minutes", "agency")
        .order_by("section__minutes__meeting_id", "section__number", "created_at", "pk")
    ):
        comments[comment.section.minutes.meeting_id].append(comment)
    for item in due:
        since = item.context["since"]
        item.context["groups"] = [
            {
                "meeting": meeting,
                "url": reverse("minutes:minutes", args=[meeting.pk]),
                "comments": [c for c in comments[meeting.pk] if c.created_at > since],
            }
            for meeting in item.context["meetings"]
        ]
        item.context["count"] = sum(len(group["comments"]) for group in item.context["groups"])


# --- Action points due within a week: one digest a person a day ---------------------


def _due_soon(sweep: Sweep):
    focal_points = _awake_focal_points(sweep)
    if not focal_points:
        return
    days = [sweep.day_of(person) for person in focal_points]
    rows = Owner.objects.filter(
        actionpoint__in=_remindable().filter(
            due__gt=min(days), due__lte=max(days) + datetime.timedelta(days=ACTION_DUE_DAYS)
        )
    ).select_related("actionpoint__meeting")
    by_agency = defaultdict(list)
    for row in rows.order_by("actionpoint__due", "actionpoint_id"):
        by_agency[row.agency_id].append(row.actionpoint)
    last = sweep.last_sent("action_due")
    for person in focal_points:
        day = sweep.day_of(person)
        told = last.get(person.pk)
        told_day = told.astimezone(person_zone(person)).date() if told else None
        points = [
            point
            for point in by_agency.get(person.agency_id, [])
            if day < point.due <= day + datetime.timedelta(days=ACTION_DUE_DAYS)
            # Not in an earlier digest: it entered its week since, or changed since.
            and (
                told is None
                or point.due - datetime.timedelta(days=ACTION_DUE_DAYS) > told_day
                or point.updated_at > told
            )
        ]
        if points:
            yield Occasion(
                key=f"action-due:{day}",
                recipients=[person],
                about=person.agency,
                context={"points": points},
            )


# --- Overdue action points: one digest a person a week ------------------------------


def _week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _overdue_counts(days: list[datetime.date]) -> dict[int, dict]:
    """Per owning agency, how many open points are overdue on each of these days."""
    counts = {
        f"before_{index}": Count("actionpoint_id", filter=Q(actionpoint__due__lt=day))
        for index, day in enumerate(days)
    }
    rows = (
        Owner.objects.filter(actionpoint__in=_remindable().filter(due__lt=max(days)))
        .values("agency_id")
        .annotate(**counts)
    )
    return {
        row["agency_id"]: {day: row[f"before_{index}"] for index, day in enumerate(days)}
        for row in rows
    }


def _overdue(sweep: Sweep):
    focal_points = _awake_focal_points(sweep)
    if not focal_points:
        return
    days = sorted({sweep.day_of(person) for person in focal_points})
    counts = _overdue_counts(days)
    for person in focal_points:
        day = sweep.day_of(person)
        total = counts.get(person.agency_id, {}).get(day, 0)
        if total:
            yield Occasion(
                key=f"action-overdue:{_week(day)}",
                recipients=[person],
                about=person.agency,
                context={"total": total},
            )


def _overdue_prepare(sweep: Sweep, due: list[Due]) -> None:
    """Load the listed points of every digest about to go, in one query."""
    agencies = {item.person.agency_id for item in due}
    latest = max(item.day for item in due)
    rows = (
        Owner.objects.filter(
            agency_id__in=agencies, actionpoint__in=_remindable().filter(due__lt=latest)
        )
        .select_related("actionpoint__meeting")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("agency_id"),
                order_by=[F("actionpoint__due").asc(), F("actionpoint_id").asc()],
            )
        )
        .filter(rank__lte=OVERDUE_LISTED)
        .order_by("agency_id", "rank")
    )
    by_agency = defaultdict(list)
    for row in rows:
        by_agency[row.agency_id].append(row.actionpoint)
    register = reverse("minutes:register")
    for item in due:
        agency_id = item.person.agency_id
        # Oldest first, so the points overdue on this person's day come first.
        points = [p for p in by_agency[agency_id] if p.due < item.day]
        item.context.update(
            points=points,
            more=item.context["total"] - len(points),
            register_url=f"{settings.SITE_URL}{register}?agency={agency_id}&status=open&overdue=on",
        )


MINUTES_DUE = Reminder(
    name="minutes_due",
    kind="minutes_due",
    template="minutes/email/minutes_due",
    occasions=_minutes_due,
    days=(DRAFT_DUE_DAYS, DRAFT_DUE_DAYS + DRAFT_DUE_FOR_DAYS),
    order=30,
    shared_by=same_for_all,
)
COMMENTS_CLOSING = Reminder(
    name="comments_closing",
    kind="comments_closing",
    template="minutes/email/comments_closing",
    occasions=_comments_closing,
    days=(-COMMENTS_CLOSING_DAYS, 0),
    order=31,
    shared_by=same_for_all,
)
COMMENTS_RECEIVED = Reminder(
    name="comments_received",
    kind="comments_received",
    template="minutes/email/comments_received",
    occasions=_comments_received,
    prepare=_comments_received_prepare,
    lookback=DIGEST_LOOKBACK_DAYS,
    order=32,
    shared_by=same_for_all,
)
ACTION_DUE = Reminder(
    name="action_due",
    kind="action_due",
    template="minutes/email/action_due",
    occasions=_due_soon,
    lookback=ACTION_DUE_DAYS + 1,
    order=33,
    shared_by=same_for_all,
)
ACTION_OVERDUE = Reminder(
    name="action_overdue",
    kind="action_overdue",
    template="minutes/email/action_overdue",
    occasions=_overdue,
    prepare=_overdue_prepare,
    order=34,
    shared_by=same_for_all,
)


def register() -> None:
    for reminder in (MINUTES_DUE, COMMENTS_CLOSING, COMMENTS_RECEIVED, ACTION_DUE, ACTION_OVERDUE):
        reminders.register(reminder)
