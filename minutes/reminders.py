"""The minutes' reminders, in the recipient's daytime, once per occasion.

- minutes not circulated 14 days after the meeting: the chair's office;
- the comment period ends in 2 days: focal points who have not commented;
- an action point due in 7 days, and overdue (weekly until closed): the
  owning agencies' focal points.

Same rules as the other floors' sweeps: the outbox key names the occasion
(the due date, the comment period's end, the overdue week), so a second
sweep, a second beat or a retry sends nothing more, and a sweep that runs
late in the window still sends what is due.
"""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from core.clock import local_day_if_daytime
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from meetings.selectors import meetings_with_chair
from members.enums import Role
from members.models import Agency, Person
from minutes.enums import ActionStatus, MinutesState
from minutes.models import ActionPoint, Comment, Minutes
from notices.services import notice_queue

DRAFT_DUE_DAYS = 14
COMMENTS_CLOSING_DAYS = 2
ACTION_DUE_DAYS = 7
OVERDUE_EVERY_DAYS = 7


def minutes_reminders_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue every minutes reminder due now; returns how many new notices of each kind."""
    now = now or timezone.now()
    counts = {"minutes_due": 0, "comments_closing": 0, "action_due": 0, "action_overdue": 0}
    members = set(Agency.objects.members_on(now.date()).values_list("pk", flat=True))
    by_agency: dict[int, list] = {}
    for person in Person.objects.filter(role=Role.FOCAL_POINT, is_active=True, agency__in=members):
        person.local_day = local_day_if_daytime(person, now)
        if person.local_day is not None:
            by_agency.setdefault(person.agency_id, []).append(person)
    if not by_agency:
        return counts

    # Minutes not circulated two weeks after the meeting.
    since = now.date() - datetime.timedelta(days=DRAFT_DUE_DAYS)
    late = meetings_with_chair(
        Meeting.objects.filter(end__lt=now, local_date__lte=since)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(minutes__circulated_at__isnull=False)
        .exclude(minutes__state=MinutesState.PUBLISHED)
        .filter(local_date__gte=since - datetime.timedelta(days=60))
    )
    for meeting in late:
        for person in by_agency.get(meeting.chair_agency_id_for_date(), []):
            if (person.local_day - meeting.local_date).days >= DRAFT_DUE_DAYS:
                counts["minutes_due"] += _queue(
                    person, meeting, "minutes_due", f"minutes-due:{meeting.pk}", meeting=meeting
                )

    # The comment period closes in two days.
    circulated = Minutes.objects.filter(
        state=MinutesState.CIRCULATED, comments_until__gte=now.date() - datetime.timedelta(days=1)
    ).select_related("meeting__frozen_chair")
    for minutes in circulated:
        commented = set(
            Comment.objects.filter(section__minutes=minutes).values_list("author_id", flat=True)
        )
        for agency_id, people in by_agency.items():
            if agency_id == minutes.meeting.chair_agency_id_for_date():
                continue  # the chair's office wrote them
            for person in people:
                left = (minutes.comments_until - person.local_day).days
                if person.pk in commented or not 0 <= left <= COMMENTS_CLOSING_DAYS:
                    continue
                counts["comments_closing"] += _queue(
                    person,
                    minutes,
                    "comments_closing",
                    f"comments-closing:{minutes.pk}:{minutes.comments_until}",
                    meeting=minutes.meeting,
                    minutes=minutes,
                )

    # Action points due within a week, and overdue ones once a week.
    horizon = now.date() + datetime.timedelta(days=ACTION_DUE_DAYS + 1)
    points = (
        ActionPoint.objects.filter(status=ActionStatus.OPEN, due__lte=horizon)
        .exclude(minutes__state=MinutesState.DRAFT, minutes__editions__isnull=True)
        .select_related("meeting")
        .prefetch_related(Prefetch("agencies", queryset=Agency.objects.only("pk")))
        .distinct()
    )
    for point in points:
        for agency in point.agencies.all():
            for person in by_agency.get(agency.pk, []):
                left = (point.due - person.local_day).days
                if 0 < left <= ACTION_DUE_DAYS:
                    counts["action_due"] += _queue(
                        person,
                        point,
                        "action_due",
                        f"action-due:{point.pk}:{point.due}",
                        point=point,
                        meeting=point.meeting,
                    )
                elif left < 0:
                    week = (-left - 1) // OVERDUE_EVERY_DAYS
                    counts["action_overdue"] += _queue(
                        person,
                        point,
                        "action_overdue",
                        f"action-overdue:{point.pk}:{point.due}:w{week}",
                        point=point,
                        meeting=point.meeting,
                    )
    return counts


def _queue(person, about, kind: str, occasion: str, **context) -> int:
    _, new = notice_queue(
        to=person,
        kind=kind,
        key=f"{occasion}:to:{person.pk}",
        template=f"minutes/email/{kind}",
        context=context,
        about=about,
    )
    return int(new)
