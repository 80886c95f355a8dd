from django.db import models
from django.utils.translation import gettext_lazy as _


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated for comments")
    FINAL = "final", _("Final")
    PUBLISHED = "published", _("Published")

    @classmethod
    def editable(cls):
        """The chair's office may still change the text (published minutes never change)."""
        return (cls.DRAFT, cls.CIRCULATED, cls.FINAL)

    @classmethod
    def shown_to_members(cls):
        """Member focal points read the live text in these states."""
        return (cls.CIRCULATED, cls.FINAL, cls.PUBLISHED)


# The one table of allowed moves; ``minutes_transition`` refuses anything else.
# Guards that depend on the data (the comment period, a correction under way)
# are checked by the service and explained in its refusal.
MINUTES_TRANSITIONS: dict[str, frozenset[str]] = {
    # Draft → published only for a corrigendum the chair's office does not circulate.
    MinutesState.DRAFT: frozenset({MinutesState.CIRCULATED, MinutesState.PUBLISHED}),
    MinutesState.CIRCULATED: frozenset({MinutesState.FINAL}),
    MinutesState.FINAL: frozenset({MinutesState.PUBLISHED}),
    # Published → draft starts a corrigendum (a reason is required).
    MinutesState.PUBLISHED: frozenset({MinutesState.DRAFT}),
}


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")

    @classmethod
    def closed(cls):
        return (cls.DONE, cls.DROPPED)


class CommentOutcome(models.TextChoices):
    PENDING = "", _("Not answered yet")
    TAKEN = "taken", _("Taken into account")
    NOT_TAKEN = "not_taken", _("Not taken into account")
