"""This floor's panels: the meeting page (its minutes, the minutes it adopts, the
follow-up on action points) and the dashboard (the agency's open action points).

The agenda floor below knows nothing of minutes: the "adoption of the
minutes" and "follow-up on action points" items are completed here, on the
meeting page, by the floor that knows both.
"""

from django.db.models import Count, Q, Subquery

from agenda.models import AgendaVersion
from core.clock import group_today
from core.expressions import CountOf
from core.registry import Panel, dashboard_panels
from meetings.models import Meeting
from meetings.panels import meeting_panels
from minutes.enums import ActionStatus
from minutes.models import Minutes
from minutes.selectors import (
    action_point_register,
    adopted_meeting_id,
    adopts_minutes_of,
    chair_office_work,
    open_action_points_before,
)

FOLLOW_UP_SHOWN = 10


def _meeting_context(request, meeting):
    user = request.user
    # This meeting's minutes and those its agenda adopts, in one query; the meeting adopted
    # is read on its own only when it has no minutes to bring it.
    adopts = adopted_meeting_id(meeting)
    both = {
        m.meeting_id: m
        for m in Minutes.objects.select_related("meeting__frozen_chair")
        .annotate(edition_count=Count("editions", distinct=True), adopts=Subquery(adopts))
        .filter(Q(meeting=meeting) | Q(meeting_id=Subquery(adopts)))
    }
    minutes = both.get(meeting.pk)
    adopted_minutes = next((m for pk, m in both.items() if pk != meeting.pk), None)
    if adopted_minutes is not None:
        adopted = adopted_minutes.meeting
    elif minutes is not None:
        adopted = Meeting.objects.get(pk=minutes.adopts) if minutes.adopts else None
    else:
        adopted = adopts_minutes_of(meeting)
    # One more than shown tells whether to link to the whole list: no count query. The panel
    # shows neither a point's meeting nor its section: not joined (planning the joins with
    # the visibility filter cost three times running the query).
    follow_up = list(
        open_action_points_before(meeting, user=user)
        .select_related(None)
        .defer(None)[: FOLLOW_UP_SHOWN + 1]
    )
    return {
        "meeting": meeting,
        "minutes": minutes,
        "can_read": minutes is not None and user.has_perm("minutes.view_minutes", minutes),
        "can_start": minutes is None
        and user.has_perm("minutes.add_minutes", meeting)
        and _has_agenda_version(meeting),
        "adopted": adopted,
        "adopted_minutes": adopted_minutes
        if adopted_minutes and user.has_perm("minutes.view_minutes", adopted_minutes)
        else None,
        "follow_up": follow_up[:FOLLOW_UP_SHOWN],
        "follow_up_more": len(follow_up) > FOLLOW_UP_SHOWN,
    }


def _has_agenda_version(meeting) -> bool:
    # The agenda's panel (before this one on the page) has read the latest version.
    if hasattr(meeting, "latest_agenda_version"):
        return meeting.latest_agenda_version is not None
    return AgendaVersion.objects.filter(agenda__meeting=meeting).exists()


def _dashboard_context(request):
    user = request.user
    today = group_today()  # overdue on the group's day, wherever the viewer is
    points = (
        action_point_register(
            user=user, agency=user.agency_id, status=ActionStatus.OPEN, today=today
        )
        .select_related(None)
        .prefetch_related(None)
    )
    # The panel shows neither the agencies nor the meeting: the first ten, and the count of
    # all in the same query. The count is a subquery of its own, not a window over the rows:
    # a window made the ten wait for every open point of the agency (thousands after ten
    # years, each looked up in turn), where the ten alone stop at the tenth; the count reads
    # two narrow indexes (minutes 0007) and never the action points' rows.
    total = CountOf(points.order_by().values("pk"))
    shown = list(points.annotate(total=total)[:10])
    return {
        "action_points": shown,
        "action_point_count": shown[0].total if shown else 0,
        "today": today,
    }


def _chair_work_context(request):
    return chair_office_work(agency_id=request.user.agency_id, today=group_today())


def register():
    dashboard_panels.register(
        Panel(
            template="minutes/panels/chair_work.html",
            permission="minutes.view_chair_work",
            order=5,
            context=_chair_work_context,
        )
    )
    meeting_panels.register(
        Panel(
            template="minutes/panels/meeting.html",
            permission="minutes.view_meeting_minutes",
            order=30,
            context=_meeting_context,
        )
    )
    dashboard_panels.register(
        Panel(
            template="minutes/panels/action_points.html",
            permission="members.view_own_agency_panel",
            order=35,
            context=_dashboard_context,
        )
    )
