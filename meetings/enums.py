from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PRINCIPALS = "principals", _("Principals")
    WORKING = "working", _("Working level")


class Kind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    AD_HOC = "ad_hoc", _("Ad hoc")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def editable(cls):
        """States in which dates, place and documents may still change."""
        return (cls.PLANNED,)


# The only changes of status there are: held once attendance is recorded, or cancelled.
STATUS_TRANSITIONS = {
    MeetingStatus.PLANNED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: set(),
    MeetingStatus.CANCELLED: set(),
}


class Rsvp(models.TextChoices):
    IN_PERSON = "in_person", _("Attending in person")
    ONLINE = "online", _("Attending online")
    NOT_ATTENDING = "not_attending", _("Not attending")

    @classmethod
    def attending(cls):
        return (cls.IN_PERSON, cls.ONLINE)


class TermChange(models.TextChoices):
    EXTEND = "extend", _("Rotation extended")
    SWAP = "swap", _("Terms swapped")
    SKIP = "skip", _("Agency skipped")
    REGENERATE = "regenerate", _("Rotation regenerated")
    ORDER = "order", _("Rotation order changed")
