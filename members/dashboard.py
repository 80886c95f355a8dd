"""Dashboard panels: each floor adds its own, the dashboard knows none of them.

An app registers a panel in its ``AppConfig.ready``; the dashboard shows the
panels whose permission the signed-in person has, in ``order``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    permission: str
    order: int = 100
    context: Callable | None = None  # function(request) -> dict


_panels: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def panels_for(request) -> list[dict]:
    shown = []
    for panel in sorted(_panels, key=lambda p: p.order):
        if request.user.has_perm(panel.permission):
            context = panel.context(request) if panel.context else {}
            shown.append({"template": panel.template, **context})
    return shown
