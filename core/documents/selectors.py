"""Reads of rendered documents; prefetch an owner's with ``prefetch_related("documents")``."""

from core.documents.models import Document, group_language


def documents_of(owner, kind: str) -> list[Document]:
    """The owner's documents of one kind, every language (from the prefetch if there is one)."""
    return [document for document in owner.documents.all() if document.kind == kind]


def document_for(owner, kind: str, language: str | None = None) -> Document | None:
    """The owner's document of ``kind`` in ``language`` (the group's by default), or None."""
    language = language or group_language()
    return next((d for d in documents_of(owner, kind) if d.language == language), None)
