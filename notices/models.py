from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notices.enums import CANCELLABLE, MARKABLE_SENT, RESENDABLE, NoticeState

# Stands in the stored copy where a secret link (invitation, password reset)
# goes; the link itself is made afresh at each delivery and never stored.
SECRET_LINK_MARKER = "[[secret-link]]"


class Notice(models.Model):
    """One e-mail to one person, recorded before it is sent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
    )
    to_email = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=10, default="en")
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    idempotency_key = models.CharField(max_length=250, unique=True)
    secret_link = models.CharField(max_length=40, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=NoticeState.choices, default=NoticeState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # host:pid:start of the process delivering it, so the sweep can tell it died.
    claimed_by = models.CharField(max_length=140, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.kind} → {self.to_email}"

    @property
    def body_text_for_display(self):
        return self.body_text.replace(SECRET_LINK_MARKER, str(_("(link hidden)")))

    @property
    def kind_label(self) -> str:
        from notices.kinds import kind_label

        return kind_label(self.kind)

    @property
    def can_resend(self):
        return self.state in RESENDABLE

    @property
    def can_mark_sent(self):
        return self.state in MARKABLE_SENT

    @property
    def can_cancel(self):
        return self.state in CANCELLABLE


class NoticeBatch(models.Model):
    """One message to many people: recorded by a request, fanned out by the worker.

    The request stores who is to be told (their ids, in order) and what; the
    worker turns it into one notice per person in chunks, each chunk in one
    transaction that also moves ``done`` on, so a worker that dies half-way
    leaves a batch the next run (or the sweep) resumes where it stopped.
    """

    # Every notice of the batch is keyed "<key>:to:<person id>": one per person, ever.
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=60)
    template = models.CharField(max_length=200)
    # The template context: plain JSON values, model rows as {"model", "pk"} (see services).
    context = models.JSONField(default=dict, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    recipient_ids = models.JSONField(default=list)
    # How many of ``recipient_ids`` have been handled (their notice exists): the resume point.
    done = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice batch")
        verbose_name_plural = _("notice batches")
        indexes = [
            models.Index(
                fields=["updated_at"],
                condition=models.Q(finished_at__isnull=True),
                name="notice_batch_unfinished",
            )
        ]

    def __str__(self):
        return f"{self.kind} × {len(self.recipient_ids)}"
