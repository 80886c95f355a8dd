from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.documents.enums import DocumentState


def document_languages() -> list[str]:
    """The official languages switched on for the group's documents, in their order."""
    return list(settings.GMG_DOCUMENT_LANGUAGES)


def group_language() -> str:
    """The group's own language (the first switched on): a document's unless told."""
    return document_languages()[0]


def _document_path(document, filename):
    return f"documents/{document.kind.split('.')[0]}/{timezone.now():%Y/%m}/{filename}"


class Document(models.Model):
    """A file the worker renders from a record (its owner): an agenda version, minutes...

    An owner may have several documents: one per kind it offers and per
    language. The kind (``document_kinds``) says how to render it and who
    may read it.
    """

    kind = models.CharField(max_length=60)
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    language = models.CharField(_("language"), max_length=10, default=group_language)
    state = models.CharField(
        _("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.PENDING
    )
    file = models.FileField(upload_to=_document_path, max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    # Renders begun for the current request: bounded, so that a render that
    # kills the worker is not handed out again and again.
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")
        ordering = ["owner_type", "owner_id", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_type", "owner_id", "kind", "language"],
                name="one_document_per_owner_kind_language",
            )
        ]
        indexes = [
            models.Index(fields=["state", "requested_at"], name="document_state"),
        ]

    def __str__(self):
        return f"{self.kind} {self.owner_id} ({self.language}): {self.state}"

    @property
    def is_pending(self) -> bool:
        return self.state == DocumentState.PENDING

    @property
    def is_ready(self) -> bool:
        return self.state == DocumentState.READY and bool(self.file)

    @property
    def is_failed(self) -> bool:
        return self.state == DocumentState.FAILED


def documents_relation() -> GenericRelation:
    """The ``documents`` field an owner model declares (deleting the owner deletes them)."""
    return GenericRelation(Document, content_type_field="owner_type", object_id_field="owner_id")
