"""One registry for the hooks a lower floor offers to the floors above it.

A lower floor declares a ``Registry`` (the dashboard's panels, the meeting
page's panels, who else may see a meeting); a higher floor adds entries in its
``AppConfig.ready``. The lower floor uses the entries without importing the
higher one.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass


class Registry:
    """An ordered collection of entries, each added once."""

    def __init__(self, name: str):
        self.name = name
        self._entries: list = []

    def register(self, entry) -> None:
        if entry not in self._entries:
            self._entries.append(entry)

    def unregister(self, entry) -> None:
        """Take an entry out again (a test's own entries)."""
        if entry in self._entries:
            self._entries.remove(entry)

    def __iter__(self) -> Iterator:
        return iter(sorted(self._entries, key=lambda e: getattr(e, "order", 100)))

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class Panel:
    """A section of a page: shown to those with ``permission`` (on the page's object, if any)."""

    template: str
    permission: str
    order: int = 100
    context: Callable | None = None  # function(request, *objects) -> dict


def panels_for(registry: Registry, request, *objects) -> list[dict]:
    """The panels of ``registry`` the signed-in person may see, with their context."""
    shown = []
    for panel in registry:
        if request.user.has_perm(panel.permission, *objects):
            context = panel.context(request, *objects) if panel.context else {}
            shown.append({"template": panel.template, **context})
    return shown


# The dashboard's panels: every floor registers its own.
dashboard_panels = Registry("dashboard")
