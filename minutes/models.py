import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaItem, AgendaVersion, frozen_level_label
from core.choices import choice_label
from core.clock import group_today
from core.documents.models import documents_relation
from core.links import id_url
from meetings.models import Meeting
from members.models import Agency
from minutes.enums import ActionStatus, CommentOutcome, MinutesState


def minutes_reference(agenda_reference: str, edition: int = 1) -> str:
    """The minutes' one symbol, the same on the page, in the PDF and in the e-mails:
    the meeting's reference, ``/Min``, and ``/Corr.N`` for the N-th corrigendum."""
    base = f"{agenda_reference or 'Minutes'}/Min"
    return base + (f"/Corr.{edition - 1}" if edition > 1 else "")


class Minutes(models.Model):
    """A meeting's minutes: drafted, circulated, finalised and published by its chair's office."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    agenda_version = models.ForeignKey(
        AgendaVersion, on_delete=models.PROTECT, related_name="+", help_text=_("Drafted from.")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    # The last day (in the meeting's zone) on which comments are taken.
    comments_until = models.DateField(_("comments until"), null=True, blank=True)
    circulated_at = models.DateTimeField(null=True, blank=True)
    # A corrigendum under way: the reason, kept until it is published.
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    # Optimistic locking for state changes: a button pressed on a stale page is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The circulated draft's PDF (core.documents, kind "minutes.draft"; editions have their own).
    documents = documents_relation()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return f"Minutes of {self.meeting}"

    def get_absolute_url(self):
        return id_url("minutes:minutes", self.meeting_id)

    @property
    def is_editable(self) -> bool:
        return self.state in MinutesState.editable()

    @property
    def reference(self) -> str:
        """Reads the agenda of the version it was drafted from (select it with the minutes)."""
        return minutes_reference(self.agenda_version.agenda.reference)


class MinutesSection(models.Model):
    """The minutes of one agenda item: a summary of the discussion and the decisions.

    Text is Markdown; the sanitised HTML is rendered once, when it is saved.
    """

    # On PostgreSQL the table has a generated search_vector column (core.search).
    has_search_vector = True

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="sections")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=300)
    standing = models.CharField(max_length=20, blank=True)
    summary = models.TextField(_("summary of the discussion"), blank=True)
    decisions = models.TextField(_("decisions and common positions"), blank=True)
    # The chair's office marks the decisions text as a decision of the group: publication
    # records it in the register of decisions (the decisions floor), with a reference.
    decision_marked = models.BooleanField(_("record as a decision of the group"), default=False)
    summary_html = models.TextField(blank=True, editable=False)
    decisions_html = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "number"]
        verbose_name = _("minutes section")
        verbose_name_plural = _("minutes sections")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="one_section_per_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class MinutesRevision(models.Model):
    """Every saved text of a section, who saved it and when; any two can be compared."""

    section = models.ForeignKey(MinutesSection, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    summary = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    decision_marked = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["section", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="one_revision_number")
        ]

    def __str__(self):
        return f"{self.section} r{self.number}"


class Edition(models.Model):
    """A published edition, frozen: the first publication, then each corrigendum."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="editions")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField(_("reason for the corrigendum"), blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    snapshot = models.JSONField()
    # Its PDF (core.documents, kind "minutes.edition").
    documents = documents_relation()

    class Meta:
        ordering = ["minutes", "-number"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="one_edition_number")
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return id_url("minutes:edition", self.minutes.meeting_id, self.number)

    @property
    def reference(self) -> str:
        return minutes_reference(self.snapshot.get("reference", ""), self.number)

    @property
    def level_label(self) -> str:
        return frozen_level_label(self.snapshot.get("level", ""))

    @property
    def is_corrigendum(self) -> bool:
        return self.number > 1


class Comment(models.Model):
    """A member's comment on one section of circulated minutes, and the chair's answer."""

    section = models.ForeignKey(MinutesSection, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=CommentOutcome.choices,
        default=CommentOutcome.PENDING,
        blank=True,
    )
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.agency} on {self.section}"


class NoComment(models.Model):
    """An attending agency said it has no comments on the circulated minutes."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="no_comments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["minutes", "agency"], name="one_no_comment_per_agency")
        ]

    def __str__(self):
        return f"{self.agency}: no comments on {self.minutes}"


class ActionPoint(models.Model):
    """Something an agency undertook to do; belongs to the minutes, not to an edition."""

    # On PostgreSQL the table has a generated search_vector column (core.search).
    has_search_vector = True

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="action_points")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(
        MinutesSection, on_delete=models.PROTECT, related_name="action_points"
    )
    text = models.TextField(_("action"))
    agencies = models.ManyToManyField(Agency, verbose_name=_("owned by"), related_name="+")
    person = models.CharField(_("person responsible"), max_length=200, blank=True)
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    status_note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action point")
        verbose_name_plural = _("action points")
        indexes = [
            models.Index(fields=["status", "due"], name="action_point_status_due"),
            # The register's order (latest due first), read backwards.
            models.Index(fields=["due", "id"], name="action_point_due_id"),
            # The open points with their minutes, read without the rows: an agency's count of
            # open points (the dashboard) joins it to the owners' index in order.
            models.Index(
                fields=["id", "minutes"],
                condition=Q(status=ActionStatus.OPEN),
                name="action_point_open",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_point_status_known"
            )
        ]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return id_url("minutes:action_point", self.pk)

    def get_status_display(self) -> str:
        # Django's translates every status to show one (core.choices): a row of long tables.
        return choice_label(ActionStatus, self.status)

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    def is_overdue(self, today=None) -> bool:
        # Overdue on the group's day, whoever is looking and wherever they are.
        return self.is_open and self.due < (today or group_today())


class ActionPointChange(models.Model):
    """The history of an action point: every change, by whom, when, with the note."""

    action_point = models.ForeignKey(ActionPoint, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    # {"field": [before, after]} in plain text.
    changes = models.JSONField(default=dict)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.action_point_id} at {self.at:%Y-%m-%d}"

    @property
    def in_words(self) -> list[tuple[str, str, str]]:
        """Each field the change touched: its name, what it was and what it became, in the
        reader's language (the rows keep the codes and ISO dates the services wrote)."""
        return [
            (str(CHANGE_LABELS.get(field, field)), _shown(field, before), _shown(field, after))
            for field, (before, after) in self.changes.items()
        ]


# The fields of an action point's history (minutes.services._describe), as the form names them.
CHANGE_LABELS = {
    "text": _("Action"),
    "owners": _("Owned by"),
    "person": _("Person"),
    "due": _("Due"),
    "status": _("Status"),
    "note": _("Note"),
}


def _shown(field: str, value) -> str:
    if not value:
        return ""
    if field == "status" and value in ActionStatus.values:
        return str(ActionStatus(value).label)
    if field == "due":
        try:
            return date_format(datetime.date.fromisoformat(value), gettext("j F Y"))
        except ValueError:
            return str(value)
    return str(value)
