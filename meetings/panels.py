"""This floor's dashboard panel, and the meeting page's own panel registry.

Higher floors (agenda, minutes) add sections to the meeting page by
registering a ``MeetingPanel`` in their ``AppConfig.ready``: this floor
shows them without importing those apps. ``context(request, meeting)``
returns the panel's template context; ``permission`` is checked with the
meeting as the object.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from members.dashboard import Panel, register_panel


@dataclass(frozen=True)
class MeetingPanel:
    template: str
    permission: str
    order: int = 100
    context: Callable | None = None  # function(request, meeting) -> dict


_meeting_panels: list[MeetingPanel] = []


def register_meeting_panel(panel: MeetingPanel) -> None:
    if panel not in _meeting_panels:
        _meeting_panels.append(panel)


def meeting_panels_for(request, meeting) -> list[dict]:
    shown = []
    for panel in sorted(_meeting_panels, key=lambda p: p.order):
        if request.user.has_perm(panel.permission, meeting):
            context = panel.context(request, meeting) if panel.context else {}
            shown.append({"template": panel.template, **context})
    return shown


def _chair_context(request):
    from meetings.selectors import chair_current_and_next, meeting_list

    now = timezone.now()
    current, upcoming = chair_current_and_next(today=timezone.localdate())
    return {
        "current": current,
        "next": upcoming,
        "meetings": list(meeting_list(upcoming=True, now=now).exclude(status="cancelled")[:3]),
    }


def register():
    register_panel(
        Panel(
            template="meetings/panels/chair.html",
            permission="meetings.view_chairterm",
            order=5,
            context=_chair_context,
        )
    )
