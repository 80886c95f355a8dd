"""The kinds of rendered document, each declared once by the floor that owns it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from core.registry import Registry


def _same(owner):
    return owner


@dataclass(frozen=True)
class DocumentKind:
    """How one kind of document is rendered, named and guarded.

    ``render(owner, language)`` returns the file's bytes (it runs in the
    worker, under the render time limit); ``stem(owner)`` names the file;
    ``view_permission`` and ``retry_permission`` are ``rules`` permissions
    checked with ``permission_target(owner)`` (the owner itself unless told).
    """

    key: str
    model: str  # "app_label.ModelName" of the owner
    render: Callable[[Any, str], bytes]
    stem: Callable[[Any], str]
    view_permission: str
    retry_permission: str
    permission_target: Callable[[Any], Any] = _same
    select_related: tuple[str, ...] = field(default_factory=tuple)
    extension: str = "pdf"
    content_type: str = "application/pdf"

    def owner_model(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def load_owner(self, owner_id: int):
        """The owner with what its permission and render need; None if it is gone."""
        query = self.owner_model().objects.select_related(*self.select_related)
        return query.filter(pk=owner_id).first()


# Every floor that renders a document registers its kinds here (in AppConfig.ready).
document_kinds = Registry("document kinds")


def document_kind(key: str) -> DocumentKind:
    """The declared kind named ``key``; a kind nobody declared is a programming error."""
    for kind in document_kinds:
        if kind.key == key:
            return kind
    raise LookupError(f"No document kind {key!r} is registered.")
