from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, and when."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"


class Submission(models.Model):
    """A form that sends mail, once: the token it carried, and what it made."""

    token = models.UUIDField(unique=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    kind = models.CharField(max_length=60)
    result_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.kind} {self.token}"


class Change(models.Model):
    """A statement that wrote to the data, noted by a database trigger (PostgreSQL).

    The page cache (core.pagecache) keys a page by the newest of these: any insert,
    update or delete anywhere, through the ORM or not, makes a new key. Nothing
    else reads the rows; the daily retention sweep drops all but the newest.
    """

    id = models.BigAutoField(primary_key=True)

    class Meta:
        verbose_name = _("data change")
        verbose_name_plural = _("data changes")

    def __str__(self):
        return str(self.pk)


class _SessionWithNewestChange(models.Manager):
    def get_queryset(self):
        queryset = super().get_queryset()
        if self.db and connections[self.db].vendor == "postgresql":
            from core.pagecache import NEWEST_CHANGE_COLUMNS

            queryset = queryset.annotate(
                # Constant SQL of the project's, no parameter.
                **{name: RawSQL(sql, ()) for name, sql in NEWEST_CHANGE_COLUMNS.items()}  # noqa: S611
            )
        return queryset


class SessionWithNewestChange(Session):
    """A session read with the newest change row, in the same query (core.sessions): the
    page cache's key costs a request no query of its own."""

    objects = _SessionWithNewestChange()

    class Meta:
        proxy = True
        app_label = "core"
