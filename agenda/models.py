import functools

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agenda.enums import ProposalState, StandingItem
from core.choices import choice_label
from core.documents.models import documents_relation
from core.group import reference_prefix
from core.i18n import format_list
from core.links import id_url
from meetings.enums import Level
from meetings.models import Meeting
from members.models import Agency, Organization


class PurposeTag(models.Model):
    """A purpose of the group's Terms of Reference (the GMG's twelve, seeded by a migration),
    as a row so that topics, items and decisions are filtered and counted by it. The
    secretariat adds, renames and retires them (agenda.services.purposes); none is deleted."""

    code = models.CharField(max_length=40, primary_key=True)
    # In English as typed; a title that is one of the twelve reads in each language.
    title = models.CharField(_("title"), max_length=200, default="")
    position = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(_("retired"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["position"]
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")

    def __str__(self):
        return gettext(self.title) if self.title else self.code


class StandingItemSetting(models.Model):
    """How a standing item enters every new agenda: data the secretariat edits (its title,
    its time, whether new agendas have it). What each one does stays with its code: the
    adoption of the minutes names the previous meeting, the follow-up lists the open
    action points, any other business stays last."""

    code = models.CharField(max_length=20, primary_key=True, choices=StandingItem.choices)
    # Empty: the item's own name, in each reader's language.
    title = models.CharField(_("title"), max_length=200, blank=True, default="")
    minutes = models.PositiveSmallIntegerField(_("time allotted (minutes)"), default=5)
    included = models.BooleanField(_("on every new agenda"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("standing item")
        verbose_name_plural = _("standing items")

    def __str__(self):
        return self.title or str(StandingItem(self.code).label)


def purpose_choices(*, keep=()) -> list[tuple[str, str]]:
    """The purposes offered on a form: those not retired, and the ``keep`` codes (what the
    object edited names already)."""
    offered = PurposeTag.objects.filter(Q(retired=False) | Q(code__in=list(keep)))
    return [(p.code, str(p)) for p in offered.order_by("position", "code")]


class Proposal(models.Model):
    """A topic a member agency proposes for a meeting's agenda."""

    # On PostgreSQL the table has a generated search_vector column (core.search).
    has_search_vector = True

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        help_text=_("Leave empty for the next suitable meeting, chosen when you submit."),
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.PRINCIPALS
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    rationale = models.TextField(_("rationale"), blank=True)
    purposes = models.ManyToManyField(PurposeTag, verbose_name=_("purposes"), related_name="+")
    minutes_wished = models.PositiveSmallIntegerField(_("time wished (minutes)"), default=20)
    guest_organizations = models.ManyToManyField(
        Organization, verbose_name=_("guest organizations wished"), blank=True, related_name="+"
    )
    guest_wish = models.TextField(
        _("other organizations to invite"),
        blank=True,
        help_text=_(
            "Organizations not in the directory yet, one a line: its name, then after a colon"
            " a contact if you have one (Migrants Forum in Asia: Jane Roe, jane@example.org)."
        ),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    is_late = models.BooleanField(_("late"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    deferred_from = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("note from the chair"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Indexed: the topic list is newest first, over every proposal ever made.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("topic proposal")
        verbose_name_plural = _("topic proposals")
        indexes = [
            # An agency's topics in one state, newest first, and their count (the
            # dashboard's drafts, the topic list filtered), whatever the years behind them.
            models.Index(
                fields=["agency", "state", "-created_at"], name="proposal_agency_state_new"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return id_url("agenda:proposal_detail", self.pk)

    def get_state_display(self) -> str:
        # Django's translates every state to show one (core.choices): a row of long lists.
        return choice_label(ProposalState, self.state)

    @property
    def is_undecided(self):
        return self.state in ProposalState.undecided()

    @property
    def is_editable(self):
        return self.state in ProposalState.editable()


class GuestName(models.Model):
    """An organization a proposal names as free text (a line of its ``guest_wish``), until
    the secretariat makes it a directory entry (``organization``)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="guest_names")
    name = models.CharField(max_length=200)
    # The name case-folded, spaces collapsed: one name however it was typed.
    key = models.CharField(max_length=200, db_index=True)
    contact = models.CharField(max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "key"], name="one_guest_name_per_proposal")
        ]

    def __str__(self):
        return self.name


class ProposalDecision(models.Model):
    """The audit of a proposal: every change of state, by whom, when, with its note."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    from_state = models.CharField(max_length=20, choices=ProposalState.choices)
    to_state = models.CharField(max_length=20, choices=ProposalState.choices)
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.proposal}: {self.from_state} → {self.to_state}"


class Agenda(models.Model):
    """A meeting's agenda: its items, its published versions and the meeting's reference."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="agenda")
    # Raised by every change to the items: a save that started from an older
    # version is refused (two people ordering the same agenda).
    version = models.PositiveIntegerField(default=1)
    # The document reference, given at the first publication and never changed.
    series = models.CharField(max_length=2, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "number"],
                condition=Q(number__isnull=False),
                name="one_reference_per_meeting",
            )
        ]

    def __str__(self):
        return self.reference or f"Agenda of {self.meeting}"

    @property
    def reference(self) -> str:
        if self.number is None:
            return ""
        return f"{reference_prefix()}/{self.series}/{self.year}/{self.number}"

    @cached_property
    def latest_version(self):
        return self.versions.order_by("-number").first()


class AgendaItem(models.Model):
    """One item of a meeting's agenda; numbered by its place in the order."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    standing = models.CharField(max_length=20, choices=StandingItem.choices, blank=True)
    presenter_agency = models.ForeignKey(
        Agency,
        verbose_name=_("presenting agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presenter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes = models.PositiveSmallIntegerField(_("time allotted (minutes)"), default=15)
    purposes = models.ManyToManyField(
        PurposeTag, verbose_name=_("purposes"), blank=True, related_name="+"
    )
    proposal = models.OneToOneField(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_item"
    )
    # For "adoption of the minutes of the previous meeting": that meeting.
    linked_meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        # A standing item reads in the reader's language (a guest's boxes, a history line).
        return standing_title(self.standing, self.title)


def frozen_level_label(value: str) -> str:
    """A frozen document's level in the reader's language (older versions kept the label)."""
    return str(Level(value).label) if value in Level.values else value


def standing_title(code: str, title: str) -> str:
    """A standing item's title in the reader's language, unless someone renamed it."""
    if not code or code not in StandingItem.values:
        return title
    label = StandingItem(code).label
    return str(label) if title in _standing_names(code, tuple(settings.LANGUAGES)) else title


@functools.cache
def _standing_names(code: str, languages: tuple) -> frozenset[str]:
    """A standing item's default title in every language of the site, worked out once:
    switching through the six languages for each title cost more than an agenda row."""
    label = StandingItem(code).label
    names = set()
    for language, _name in languages:
        with translation.override(language):
            names.add(str(label))
    return frozenset(names)


ITEM_FIELD_LABELS = {
    "title": _("title"),
    "description": _("description"),
    "presenter_agency": _("presenting agency"),
    "presenter": _("presenter"),
    "minutes": _("time allotted"),
    "purposes": _("purposes"),
    "papers": _("papers"),
}
MEETING_FIELD_LABELS = {
    "start": _("start"),
    "end": _("end"),
    "time_zone": _("time zone"),
    "venue": _("venue"),
    "online_link": _("online link"),
}


def change_in_words(change) -> str:
    """One change between two versions, in the reader's language (older ones are text)."""
    if isinstance(change, str):
        return change
    kind = change.get("kind")
    if kind == "added":
        return _("Added: %(n)s. %(title)s") % change
    if kind == "moved":
        return _("Moved: %(title)s (now %(n)s, was %(old)s)") % change
    if kind == "changed":
        fields = format_list(ITEM_FIELD_LABELS.get(f, f) for f in change["fields"])
        return _("Changed: %(n)s. %(title)s (%(fields)s)") % {**change, "fields": fields}
    if kind == "removed":
        return _("Removed: %(title)s") % change
    field = change.get("field", "")
    return _("Meeting details changed: %(field)s") % {
        "field": MEETING_FIELD_LABELS.get(field, field)
    }


class AgendaVersion(models.Model):
    """A published agenda, frozen: what the participants were sent, and its PDF."""

    # On PostgreSQL the table has a generated search_vector column (core.search): the meeting's
    # name and the items' titles and descriptions.
    has_search_vector = True

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The frozen content: meeting header and numbered items, as shown and printed.
    snapshot = models.JSONField()
    changes = models.JSONField(default=list, blank=True)
    # Its PDF (core.documents, kind "agenda.version").
    documents = documents_relation()

    class Meta:
        ordering = ["agenda", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agenda", "number"], name="one_agenda_version_number")
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return id_url("agenda:version", self.agenda.meeting_id, self.number)

    @property
    def reference(self) -> str:
        base = self.snapshot.get("reference", "")
        return f"{base}/Rev.{self.number - 1}" if self.number > 1 else base

    @property
    def level_label(self) -> str:
        return frozen_level_label(self.snapshot.get("level", ""))

    @property
    def changes_in_words(self) -> list[str]:
        """The changes since the previous version, in the reader's language."""
        return [change_in_words(change) for change in self.changes]

    @property
    def items_for_display(self) -> list[dict]:
        """The frozen items; a standing item keeps its name in the reader's language."""
        return [
            {**item, "title": standing_title(item["standing"], item["title"])}
            for item in self.snapshot.get("items", [])
        ]

    def is_out_of_date_for(self, meeting) -> bool:
        """The meeting's date, time or place changed since this version was published."""
        now = {
            "start": meeting.start.isoformat(),
            "end": meeting.end.isoformat(),
            "time_zone": meeting.time_zone,
            "venue": meeting.venue,
            "online_link": meeting.online_link,
        }
        return any(self.snapshot.get(key) != value for key, value in now.items())


def _paper_path(instance, filename):
    return f"papers/{timezone.now():%Y/%m}/{instance.sha256[:12]}-{filename}"


class Paper(models.Model):
    """A file attached to a proposal or an agenda item (or held while a form is corrected)."""

    file = models.FileField(upload_to=_paper_path)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="papers"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="papers"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return id_url("agenda:paper", self.pk)


class GuestInvitation(models.Model):
    """An organization invited to one meeting, for the items it concerns."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guest_invitations")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    items = models.ManyToManyField(AgendaItem, blank=True, related_name="guest_invitations")
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="guest_invitations"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("guest invitation")
        verbose_name_plural = _("guest invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organization"], name="one_invitation_per_organization"
            )
        ]

    def __str__(self):
        return f"{self.organization} → {self.meeting}"
