"""Reads of rendered documents; prefetch an owner's with ``prefetch_related("documents")``."""

from core.documents.models import Document, group_language


def documents_of(owner, kind: str) -> list[Document]:
    """The owner's documents of one kind, every language (from the prefetch if there is one)."""
    return [document for document in owner.documents.all() if document.kind == kind]


def document_for(owner, kind: str, language: str | None = None) -> Document | None:
    """The owner's document of ``kind`` in ``language`` (the group's by default), or None."""
    language = language or group_language()
    return next((d for d in documents_of(owner, kind) if d.language == language), None)


def prefetch_documents(owners) -> None:
    """Load the documents of owners of several models in one query (a page showing the
    minutes and their editions), as ``prefetch_related("documents")`` does for one model."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    owners = [owner for owner in owners if owner is not None]
    if not owners:
        return
    wanted = Q(pk__in=[])
    for owner in owners:
        wanted |= Q(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)
    found: dict[tuple[int, int], list[Document]] = {}
    for document in Document.objects.filter(wanted):
        found.setdefault((document.owner_type_id, document.owner_id), []).append(document)
    for owner in owners:
        key = (ContentType.objects.get_for_model(owner).pk, owner.pk)
        # Where prefetch_related keeps its results: owner.documents.all() reads them.
        owner.__dict__.setdefault("_prefetched_objects_cache", {})["documents"] = (
            owner.documents.none()
        )
        owner._prefetched_objects_cache["documents"]._result_cache = found.get(key, [])
        owner._prefetched_objects_cache["documents"]._prefetch_done = True
