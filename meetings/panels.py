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
    """The secretariat: meetings ahead without an invitation sent, or without a chair. A
    focal point: delegations its agency can still register. Counts and the first few."""
    from meetings.enums import MeetingStatus
    from meetings.models import Delegate
    from meetings.selectors import meetings_with_chair
    from members.rules import is_focal_point, is_secretariat

    user, today = request.user, group_today()
    ahead = meetings_with_chair().filter(status=MeetingStatus.PLANNED, local_date__gte=today)
    context = {}
    if is_secretariat(user):
        uninvited = ahead.filter(invited_at__isnull=True).order_by("start")
        chairless = ahead.filter(frozen_chair__isnull=True, term_chair_id__isnull=True)
        context["uninvited"] = list(uninvited[:5])
        context["uninvited_count"] = uninvited.count()
        context["chairless"] = list(chairless.order_by("start")[:5])
        context["chairless_count"] = chairless.count()
    elif is_focal_point(user):
        to_register = (
            ahead.filter(registration_deadline__gte=today)
            .exclude(pk__in=Delegate.objects.filter(agency_id=user.agency_id).values("meeting_id"))
            .order_by("registration_deadline")
        )
        context["to_register"] = list(to_register[:5])
        context["to_register_count"] = to_register.count()
    return context


def register():
    dashboard_panels.register(
        Panel(
            template="meetings/panels/todo.html",
            permission="meetings.view_calendar",
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
