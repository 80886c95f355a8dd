from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated")
    ADOPTED = "adopted", _("Adopted")
    BROKEN = "broken", _("Silence broken")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def ended(cls):
        """The procedure is over: everyone who may read it sees every response."""
        return (cls.ADOPTED, cls.BROKEN, cls.WITHDRAWN)

    @classmethod
    def outcomes(cls):
        """The two ends the deadline decides (by the closing sweep, never by a person)."""
        return (cls.ADOPTED, cls.BROKEN)


# The one table of allowed moves; ``procedure_transition`` refuses anything else.
# Circulated → circulated is an extension of the deadline (with its reason).
PROCEDURE_TRANSITIONS: dict[str, frozenset[str]] = {
    ProcedureState.DRAFT: frozenset({ProcedureState.CIRCULATED, ProcedureState.WITHDRAWN}),
    ProcedureState.CIRCULATED: frozenset(
        {
            ProcedureState.CIRCULATED,
            ProcedureState.ADOPTED,
            ProcedureState.BROKEN,
            ProcedureState.WITHDRAWN,
        }
    ),
    ProcedureState.ADOPTED: frozenset(),
    ProcedureState.BROKEN: frozenset(),
    ProcedureState.WITHDRAWN: frozenset(),
}


class ResponseKind(models.TextChoices):
    NO_OBJECTION = "no_objection", _("No objection")
    OBJECTION = "objection", _("Breaks silence (objection)")
    COMMENT = "comment", _("Comment (does not break silence)")


class DecisionHow(models.TextChoices):
    MEETING = "meeting", _("At a meeting")
    SILENCE = "silence", _("By silence procedure")


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    # A corrigendum of the minutes found the section was not a decision after all;
    # the reference stays taken (never renumbered) and the history says why.
    REMOVED = "removed", _("Removed by a corrigendum")
