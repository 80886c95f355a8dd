"""Rendering an owner's document in a test, as the worker would."""

from core.documents.selectors import document_for
from core.documents.services import document_render


def render(owner, kind: str):
    """Run the worker's render of ``owner``'s document of ``kind``; the document, refreshed."""
    document = document_for(owner, kind)
    document_render(document_id=document.pk)
    document.refresh_from_db()
    return document


def pdf_of(owner, kind: str):
    """``owner``'s document of ``kind`` as it is now in the database."""
    owner.refresh_from_db()
    return document_for(owner, kind)


# The six official languages, as GMG_DOCUMENT_LANGUAGES names them.
SIX_LANGUAGES = ["en", "fr", "es", "ru", "ar", "zh-hans"]


def render_each_language(owner, kind: str) -> dict:
    """Run the worker's render of ``owner``'s documents of ``kind``: language -> document."""
    from core.documents.selectors import documents_of

    found = {}
    for document in documents_of(owner, kind):
        document_render(document_id=document.pk)
        document.refresh_from_db()
        assert document.state == "ready", document.error
        found[document.language] = document
    return found
