import importlib.resources
import zoneinfo

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.clock import group_today
from core.links import id_url
from members.enums import AgencyKind, Audience, Role

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


def canonical_time_zones() -> list[str]:
    """One zone per country as the tz database lists them (zone.tab of the tzdata package),
    and UTC: no backward aliases (Africa/Asmera), no Factory, no localtime."""
    table = importlib.resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text()
    names = {
        line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")
    }
    return sorted(names | {"UTC"})


def time_zone_options() -> list:
    """What a time-zone menu offers: the most used zones first, then every canonical zone."""
    from django.conf import settings

    canonical = canonical_time_zones()
    common = [z for z in settings.GMG_COMMON_TIME_ZONES if z in canonical]
    return [
        (_("Most used"), [(z, z.replace("_", " ")) for z in common]),
        (_("All time zones"), [(z, z.replace("_", " ")) for z in canonical]),
    ]


class AgencyQuerySet(models.QuerySet):
    def with_current_membership(self, on=None):
        """Annotate ``is_member`` (a member on the given date, today by default)."""
        # A member today: on the group's day (Geneva), whoever asks from wherever.
        on = on or group_today()
        current = Membership.objects.filter(agency=OuterRef("pk"), start__lte=on).filter(
            Q(end__isnull=True) | Q(end__gte=on)
        )
        return self.annotate(is_member=Exists(current))

    def members_on(self, on=None):
        return self.with_current_membership(on).filter(is_member=True)


class Agency(models.Model):
    """A member of the group (past or present): a UN agency or entity."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=AgencyKind.choices)
    website = models.URLField(_("website"), blank=True)
    rotation_position = models.PositiveIntegerField(
        _("place in the chair rotation"), default=0, db_index=True
    )
    # Optimistic locking: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return id_url("members:agency_detail", self.pk)


class Membership(models.Model):
    """A period during which an agency is a member; re-joining adds a period."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    start = models.DateField(_("member from"))
    end = models.DateField(_("member until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["agency", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["agency"], condition=Q(end__isnull=True), name="one_open_membership"
            ),
        ]

    def __str__(self):
        return f"{self.agency} {self.start}–{self.end or '…'}"


class Organization(models.Model):
    """A body that is not a member but may be invited as a guest."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.acronym or self.name


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **fields):
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("role", Role.SECRETARIAT)
        fields.setdefault("full_name", email)
        return self.create_user(email, password, is_superuser=True, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """A person who signs in by e-mail; belongs to an agency or a guest organization."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("guest organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="Europe/Zurich"
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("added"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role=Role.GUEST, organization__isnull=False, agency__isnull=True)
                    | Q(
                        role__in=[Role.FOCAL_POINT, Role.PRINCIPAL, Role.DELEGATE],
                        agency__isnull=False,
                        organization__isnull=True,
                    )
                    | Q(role=Role.SECRETARIAT, organization__isnull=True)
                ),
                name="person_affiliation_fits_role",
            )
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_staff(self):
        # The Django admin is the secretariat's: derived from the role, not a flag.
        return self.is_active and (self.role == Role.SECRETARIAT or self.is_superuser)

    @property
    def affiliation(self):
        return self.agency or self.organization

    @property
    def has_accepted_invitation(self):
        return self.has_usable_password()


class Announcement(models.Model):
    """A message from the secretariat to a group, sent through the outbox."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="announcements"
    )
    audience = models.CharField(_("to"), max_length=20, choices=Audience.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self):
        return self.subject


class DirectoryImport(models.Model):
    """A file the secretariat uploaded to import (members.imports), kept between the preview
    and the confirmation so that what is confirmed is what was previewed."""

    kind = models.CharField(max_length=20)
    filename = models.CharField(max_length=200)
    extension = models.CharField(max_length=10)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Set once the rows are in the directory (the file's data is then dropped).
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("members:import_preview", args=[self.pk])
