from celery import shared_task
from django.conf import settings

from core.documents.services import (
    HAND_OUT,
    document_render,
    documents_hand_out,
    documents_sweep,
)


@shared_task(
    name="documents.render",
    acks_late=True,
    soft_time_limit=settings.GMG_DOCUMENT_RENDER_SOFT_LIMIT,
    time_limit=settings.GMG_DOCUMENT_RENDER_HARD_LIMIT,
)
def render_document(document_id: int):
    """Render one pending document; a gone, ready or failed one is left alone."""
    return document_render(document_id=document_id)


@shared_task(name="documents.sweep")
def sweep_documents():
    """Hand lost renders to the worker again and fail those whose attempts are spent."""
    return documents_sweep()


@shared_task(name=HAND_OUT, acks_late=True)
def hand_out_renders(document_ids: list[int]):
    """Queue the render of each of a sweep's lost documents (a second run renders nothing twice)."""
    documents_hand_out(document_ids=document_ids)
