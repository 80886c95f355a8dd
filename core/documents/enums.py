from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentState(models.TextChoices):
    """Where a rendered document stands; only the worker moves it out of pending."""

    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
