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


def register():
    dashboard_panels.register(
        Panel(
            template="meetings/panels/chair.html",
            permission="meetings.view_chairterm",
            order=5,
            context=_chair_context,
        )
    )
