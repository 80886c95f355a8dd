import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.choices import choice_label
from core.clock import group_today
from core.links import id_url
from meetings.enums import Kind, Level, MeetingStatus, Rsvp, TermChange
from meetings.titles import meeting_default_title
from members.models import TIME_ZONE_CHOICES, Agency


class ChairTerm(models.Model):
    """An agency chairs the group (both levels) from ``start`` to ``end``, both included.

    Terms never overlap: PostgreSQL refuses it with an exclusion constraint
    (migration 0002), and ``services.chair_term_validate`` says so on every backend.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="chair_terms"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["start"]
        verbose_name = _("chair term")
        verbose_name_plural = _("chair terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="chair_term_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.agency} {self.start}–{self.end}"

    def has_begun(self, today: datetime.date | None = None) -> bool:
        return self.start <= (today or group_today())


class ChairTermChange(models.Model):
    """The rotation's history: every generated or edited set of terms, with the reason."""

    action = models.CharField(_("change"), max_length=20, choices=TermChange.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Before/after as plain lists of {"agency", "start", "end"}: survives later edits.
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("rotation change")
        verbose_name_plural = _("rotation changes")

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.get_action_display()}"

    @property
    def in_words(self) -> str:
        """What changed, naming the agencies ("UNCTAD and OHCHR swapped terms")."""
        details = self.details or {}

        def span(term):
            start = datetime.date.fromisoformat(term["start"])
            end = datetime.date.fromisoformat(term["end"])
            return f"{date_format(start, 'j M Y')}–{date_format(end, 'j M Y')}"

        before, after = details.get("before") or [], details.get("after") or []
        if self.action == TermChange.SWAP and len(before) == 2:
            return _("%(a)s and %(b)s swapped terms (%(first)s and %(second)s).") % {
                "a": before[0]["agency"],
                "b": before[1]["agency"],
                "first": span(before[0]),
                "second": span(before[1]),
            }
        if self.action == TermChange.SKIP and before and after:
            return _(
                "%(skipped)s skipped: %(next)s takes the term %(span)s, later terms move up."
            ) % {
                "skipped": before[0]["agency"],
                "next": after[0]["agency"],
                "span": span(before[0]),
            }
        if self.action == TermChange.ORDER and details.get("moved"):
            moved = {"up": _("up"), "down": _("down")}.get(details.get("direction"), "")
            return _("%(agency)s moved %(direction)s in the order: %(order)s.") % {
                "agency": details["moved"],
                "direction": moved,
                "order": ", ".join(details.get("order", [])),
            }
        created = details.get("created") or after
        if created:
            terms = "; ".join(f"{t['agency']} {span(t)}" for t in created)
            label = self.get_action_display()
            return _("%(change)s: %(terms)s.") % {"change": label, "terms": terms}
        return str(self.get_action_display())


class Meeting(models.Model):
    """A principals' or working-level meeting; times stored in UTC, shown in ``time_zone``."""

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    title = models.CharField(_("title"), max_length=200)
    # The title was made from the level, kind and date (nobody typed it): it follows the date.
    title_is_default = models.BooleanField(default=False, editable=False)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="Europe/Zurich"
    )
    # The meeting's date in its own zone: the chair and the quarter follow it.
    local_date = models.DateField(editable=False, db_index=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    related_meeting = models.ForeignKey(
        "self",
        verbose_name=_("prepares or follows up"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="working_meetings",
        limit_choices_to={"level": Level.PRINCIPALS},
    )
    proposal_deadline = models.DateField(_("proposal deadline"))
    registration_deadline = models.DateField(_("registration deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # RFC 5545 SEQUENCE: raised by every change a calendar must show.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    frozen_chair = models.ForeignKey(
        Agency,
        verbose_name=_("chair (frozen)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["start"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.display_title

    def save(self, *args, **kwargs):
        # A derived column that must never drift from start/time_zone, whoever
        # writes the row (services, admin, factories): the one job save() keeps.
        self.local_date = self.start.astimezone(self.zone).date()
        fields = kwargs.get("update_fields")
        if fields is not None and {"start", "time_zone"} & set(fields):
            kwargs["update_fields"] = {*kwargs["update_fields"], "local_date"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return id_url("meetings:detail", self.pk)

    # Django's get_FOO_display translates every choice to show one (core.choices): the
    # calendar's rows show these.
    def get_level_display(self) -> str:
        return choice_label(Level, self.level)

    def get_kind_display(self) -> str:
        return choice_label(Kind, self.kind)

    def get_status_display(self) -> str:
        return choice_label(MeetingStatus, self.status)

    @property
    def display_title(self) -> str:
        """The title as the reader should see it: in their language when the
        application made it from the level and date, as typed otherwise."""
        if self.title_is_default and self.local_date:
            return meeting_default_title(
                level=self.level, kind=self.kind, local_date=self.local_date
            )
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime.datetime:
        return self.start.astimezone(self.zone)

    @property
    def local_end(self) -> datetime.datetime:
        return self.end.astimezone(self.zone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def registration_open(self) -> bool:
        today = timezone.now().astimezone(self.zone).date()
        return self.status == MeetingStatus.PLANNED and today <= self.registration_deadline

    def chair_agency_id_for_date(self) -> int | None:
        """The chair agency's id: frozen once published, else the term on the meeting's date.

        One query the first time (none where a list selector annotated
        ``term_chair_id``); kept on the instance for the rest of the request.
        """
        if self.frozen_chair_id:
            return self.frozen_chair_id
        if hasattr(self, "term_chair_id"):
            return self.term_chair_id
        if "_chair_agency_id" not in self.__dict__:
            self._chair_agency_id = (
                ChairTerm.objects.filter(start__lte=self.local_date, end__gte=self.local_date)
                .values_list("agency_id", flat=True)
                .first()
            )
        return self._chair_agency_id

    @property
    def chair_acronym(self) -> str:
        if self.frozen_chair_id:
            return self.frozen_chair.acronym
        if hasattr(self, "term_chair_acronym"):
            return self.term_chair_acronym or ""
        chair = self.chair_for_date()
        return chair.acronym if chair else ""

    def chair_for_date(self) -> Agency | None:
        """The chair agency (frozen, or by the terms): a query unless frozen; kept once read."""
        if self.frozen_chair_id:
            return self.frozen_chair
        if "_chair" not in self.__dict__:
            agency_id = self.chair_agency_id_for_date()
            self._chair = Agency.objects.filter(pk=agency_id).first() if agency_id else None
        return self._chair


def _document_path(instance, filename):
    return f"meetings/{instance.meeting_id}/{filename}"


class MeetingDocument(models.Model):
    """A concept note, logistics note or presentation, seen by whoever may see the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return id_url("meetings:document", self.meeting_id, self.pk)


class Delegate(models.Model):
    """One person of a member agency's delegation to a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="delegates")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rsvp = models.CharField(_("attendance"), max_length=20, choices=Rsvp.choices)
    is_head = models.BooleanField(_("head of delegation"), default=False)
    # Recorded by the chair's office after the meeting; None = not recorded yet.
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency__acronym", "-is_head", "person__full_name"]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="one_registration_per_person"
            ),
            models.UniqueConstraint(
                fields=["meeting", "agency"],
                condition=Q(is_head=True),
                name="one_head_per_delegation",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.agency}) at {self.meeting}"


class CalendarFeed(models.Model):
    """A person's private calendar feed: only the token's hash is stored."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"feed of {self.person}"
