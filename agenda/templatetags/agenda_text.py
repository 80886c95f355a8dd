"""Template builtins (settings.TEMPLATES): item titles and frozen meeting titles in the
reader's language where the application wrote them (agenda.text)."""

from django import template

from agenda.models import standing_title
from agenda.text import frozen_meeting_title

register = template.Library()


def _get(thing, name: str, default=""):
    if isinstance(thing, dict):
        return thing.get(name, default)
    return getattr(thing, name, default)


@register.filter
def item_title(item) -> str:
    """An agenda item or minutes section (model or frozen dict): its title to show."""
    return standing_title(_get(item, "standing") or "", _get(item, "title"))


@register.filter
def meeting_title(header) -> str:
    """A frozen document's header (snapshot): the meeting title to show."""
    return frozen_meeting_title(header)
