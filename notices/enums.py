from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The worker stopped after handing it to the mail server, or not:
    # nobody knows, so the secretariat decides.
    UNCERTAIN = "uncertain", _("Uncertain")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def needs_attention(cls):
        return (cls.FAILED, cls.UNCERTAIN)


# What the secretariat may do with a notice in each state.
RESENDABLE = (NoticeState.FAILED, NoticeState.UNCERTAIN, NoticeState.CANCELLED)
MARKABLE_SENT = (NoticeState.UNCERTAIN,)
CANCELLABLE = (NoticeState.QUEUED, NoticeState.FAILED, NoticeState.UNCERTAIN)
