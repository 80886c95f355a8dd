"""This floor's dashboard panel, and the meeting page's panel registry.

Higher floors (agenda, minutes) add sections to the meeting page with
``meeting_panels.register(Panel(...))`` in their ``AppConfig.ready``: this
floor shows them without importing those apps.
"""

from django.utils import timezone

from core.clock import group_today
from core.registry import Panel, Registry, dashboard_panels

# The meeting page's sections; ``permission`` is checked with the meeting as the object
# and ``context(request, meeting)`` gives the panel's template context.
meeting_panels = Registry("meeting page")


def _chair_context(request):
    from meetings.selectors import chair_current_and_next, meeting_list

    now = timezone.now()
    current, upcoming = chair_current_and_next(today=group_today())
    return {
        "current": current,
        "next": upcoming,
        "meetings": list(meeting_list(upcoming=True, now=now).exclude(status="cancelled")[:3]),
    }


def _todo_context(request):
    """The secretariat: meetings ahead without an invitation sent, or without a chair,
    read in one query (the next two years' planned meetings)."""
    import datetime

    from meetings.enums import MeetingStatus
    from meetings.selectors import meetings_with_chair

    today = group_today()
    ahead = list(
        meetings_with_chair()
        .filter(
            status=MeetingStatus.PLANNED,
            local_date__gte=today,
            local_date__lte=today + datetime.timedelta(days=730),
        )
        .order_by("start")
    )
    uninvited = [m for m in ahead if m.invited_at is None]
    chairless = [m for m in ahead if not (m.frozen_chair_id or m.term_chair_id)]
    return {
        "uninvited": uninvited[:5],
        "uninvited_count": len(uninvited),
        "chairless": chairless[:5],
        "chairless_count": len(chairless),
    }


def register():
    dashboard_panels.register(
        Panel(
            template="meetings/panels/todo.html",
            permission="meetings.plan_year",
            order=6,
            context=_todo_context,
        )
    )
    dashboard_panels.register(
        Panel(
            template="meetings/panels/chair.html",
            permission="meetings.view_chairterm",
            order=5,
            context=_chair_context,
        )
    )
