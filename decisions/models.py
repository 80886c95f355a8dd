import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.models import PurposeTag
from core.documents.models import documents_relation
from core.links import id_url
from decisions.enums import DecisionHow, DecisionStatus, ProcedureState, ResponseKind
from meetings.enums import Level
from meetings.models import Meeting
from members.models import TIME_ZONE_CHOICES, Agency
from minutes.models import ActionPoint, MinutesSection


class SilenceProcedure(models.Model):
    """A draft decision circulated to the members with a deadline: adopted unless one objects.

    The deadline is stored in UTC and entered, shown and printed in ``time_zone``
    (and in each reader's own zone). The text never changes once circulated: a
    changed text is a new procedure that ``replaces`` the earlier one.
    """

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("draft decision"))
    text_html = models.TextField(editable=False, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    explanation_html = models.TextField(editable=False, blank=True)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.PRINCIPALS
    )
    purposes = models.ManyToManyField(PurposeTag, verbose_name=_("purposes"), related_name="+")
    # The agency whose chair's office runs it: the chair of the day it was started.
    chair = models.ForeignKey(
        Agency, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateTimeField(_("deadline"))
    time_zone = models.CharField(
        _("time zone of the deadline"),
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="Europe/Zurich",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ProcedureState.choices, default=ProcedureState.DRAFT
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces the procedure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    supersedes = models.ForeignKey(
        "Decision",
        verbose_name=_("supersedes the decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("If adopted, that decision is marked superseded by this one."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    circulated_at = models.DateTimeField(null=True, blank=True)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The outcome's PDF (core.documents, kind "decisions.outcome"), once it has ended.
    documents = documents_relation()

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("silence procedure")
        verbose_name_plural = _("silence procedures")
        indexes = [models.Index(fields=["state", "deadline"], name="procedure_state_deadline")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ProcedureState.values), name="procedure_state_known"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return id_url("decisions:procedure", self.pk)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_deadline(self) -> datetime.datetime:
        return self.deadline.astimezone(self.zone)

    @property
    def is_draft(self) -> bool:
        return self.state == ProcedureState.DRAFT

    @property
    def is_running(self) -> bool:
        return self.state == ProcedureState.CIRCULATED

    @property
    def has_ended(self) -> bool:
        return self.state in ProcedureState.ended()

    def deadline_passed(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.deadline


def _paper_path(instance, filename):
    return f"decisions/papers/{timezone.now():%Y/%m}/{instance.sha256[:12]}-{filename}"


class ProcedurePaper(models.Model):
    """A paper circulated with a procedure (added while it is a draft)."""

    procedure = models.ForeignKey(SilenceProcedure, on_delete=models.CASCADE, related_name="papers")
    file = models.FileField(upload_to=_paper_path)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return id_url("decisions:paper", self.procedure_id, self.pk)


class Response(models.Model):
    """What an agency's focal point answered: no objection, an objection, or a comment.

    An objection stands until it is withdrawn (before the deadline); both
    moments are kept with who made them.
    """

    procedure = models.ForeignKey(
        SilenceProcedure, on_delete=models.CASCADE, related_name="responses"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("response"), max_length=20, choices=ResponseKind.choices)
    text = models.TextField(_("text"), blank=True)
    at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ResponseKind.values), name="response_kind_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind=ResponseKind.OBJECTION) | ~Q(text=""),
                name="objection_has_text",
            ),
        ]

    def __str__(self):
        return f"{self.agency} {self.kind} on {self.procedure_id}"

    @property
    def is_standing_objection(self) -> bool:
        return self.kind == ResponseKind.OBJECTION and self.withdrawn_at is None


class DeadlineExtension(models.Model):
    """Each extension of a procedure's deadline, with its reason."""

    procedure = models.ForeignKey(
        SilenceProcedure, on_delete=models.CASCADE, related_name="extensions"
    )
    previous = models.DateTimeField()
    new = models.DateTimeField()
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.procedure_id}: {self.previous} → {self.new}"


class DecisionCounter(models.Model):
    """The last reference number given in a year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Decision(models.Model):
    """A decision of the group, with its reference ``GMG/DEC/YYYY/N``; never renumbered."""

    # On PostgreSQL the table has a generated search_vector column (core.search).
    has_search_vector = True

    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    text_html = models.TextField(editable=False, blank=True)
    adopted_on = models.DateField(_("adopted on"), db_index=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    how = models.CharField(_("how"), max_length=20, choices=DecisionHow.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    section = models.OneToOneField(
        MinutesSection,
        verbose_name=_("minutes section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
    )
    # The minutes edition that recorded (or last corrected) it.
    edition_number = models.PositiveSmallIntegerField(null=True, blank=True)
    procedure = models.OneToOneField(
        SilenceProcedure,
        verbose_name=_("silence procedure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
    )
    purposes = models.ManyToManyField(PurposeTag, verbose_name=_("purposes"), related_name="+")
    action_points = models.ManyToManyField(
        ActionPoint, verbose_name=_("action points"), blank=True, related_name="decisions"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.IN_FORCE
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="one_decision_number"),
            models.CheckConstraint(
                condition=Q(how=DecisionHow.MEETING, meeting__isnull=False, procedure__isnull=True)
                | Q(how=DecisionHow.SILENCE, procedure__isnull=False, meeting__isnull=True),
                name="decision_taken_one_way",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DecisionStatus.values), name="decision_status_known"
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return id_url("decisions:decision", self.pk)

    @property
    def is_in_force(self) -> bool:
        return self.status == DecisionStatus.IN_FORCE


class DecisionChange(models.Model):
    """The record's history: a corrigendum's correction, a supersession; before and after."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    edition_number = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    # {"field": [before, after]} in plain text.
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.decision_id} at {self.at:%Y-%m-%d}"
