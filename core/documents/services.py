"""Asking for, rendering and preparing again the rendered documents."""

import datetime
import hashlib
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.documents.enums import DocumentState
from core.documents.kinds import document_kind
from core.documents.models import Document, document_languages, group_language
from core.permissions import require
from core.worker import task_queue, task_queue_on_commit

logger = logging.getLogger(__name__)


# The tasks in ``core/documents/tasks.py``: one renders one document, the other hands
# a sweep's chunk of lost renders to the worker one by one (each keeps its own limits).
RENDER = "documents.render"
HAND_OUT = "documents.hand_out"
# Lost renders one sweep hands over at most (the oldest first; the next sweep, five
# minutes later, takes the rest), and how many go in one message: the sweep's cost
# stays bounded however many documents there are or however many were lost.
SWEEP_LIMIT = 5000
HAND_OUT_CHUNK = 50


def _queue(document: Document) -> None:
    task_queue_on_commit(RENDER, document.pk)


def document_request(*, owner, kind: str, language: str | None = None) -> Document:
    """Ask the worker for ``owner``'s document of ``kind`` (rendered again if it exists).

    Called inside the service that changed the owner, which has checked its
    own permission; the render is queued once that transaction commits.
    """
    document_kind(kind)  # an unknown kind fails here, in the request, not in the worker
    owner_type = ContentType.objects.get_for_model(owner)
    fields = {
        "state": DocumentState.PENDING,
        "error": "",
        "attempts": 0,
        "requested_at": timezone.now(),
        "started_at": None,
    }
    document, _created = Document.objects.update_or_create(
        owner_type=owner_type,
        owner_id=owner.pk,
        kind=kind,
        language=language or group_language(),
        defaults=fields,
    )
    _queue(document)
    return document


def documents_request(*, owner, kind: str) -> list[Document]:
    """Ask for ``owner``'s document of ``kind`` in every language switched on for the group.

    One file a language, each under the owner's one reference (as GMG/PM/2027/2
    is in English, French, Arabic...); the documents of a language switched off
    since are removed, so that the page offers only the languages of today.
    """
    languages = document_languages()
    owner_type = ContentType.objects.get_for_model(owner)
    Document.objects.filter(owner_type=owner_type, owner_id=owner.pk, kind=kind).exclude(
        language__in=languages
    ).delete()
    return [document_request(owner=owner, kind=kind, language=code) for code in languages]


def file_name(kind, owner, document: Document) -> str:
    """The download's name: the owner's stem and the language (GMG-PM-2027-2-fr.pdf)."""
    stem = kind.stem(owner).replace("/", "-") or kind.key.replace(".", "-")
    return f"{stem}-{document.language}.{kind.extension}"


def _stale_before() -> datetime.datetime:
    """Renders begun before this have died: they never outlive the hard time limit."""
    margin = settings.GMG_DOCUMENT_RENDER_HARD_LIMIT + 60
    return timezone.now() - datetime.timedelta(seconds=margin)


def _gave_up(attempts: int) -> str:
    return _(
        "Gave up after %(n)d attempts: the render never finished (it may stop the worker)."
    ) % {"n": attempts}


def _begin(document_id: int) -> Document | None:
    """Count one attempt, or give up once the attempts are spent; None: nothing to do."""
    limit = settings.GMG_DOCUMENT_RENDER_ATTEMPTS
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.state != DocumentState.PENDING:
            return None
        if document.started_at and document.started_at > _stale_before():
            return None  # another worker is rendering it; the sweep looks again later
        if document.attempts >= limit:
            document.state = DocumentState.FAILED
            document.error = _gave_up(document.attempts)
            document.save(update_fields=["state", "error"])
            logger.error("Document %s: %s", document.pk, document.error)
            return None
        document.attempts += 1
        document.started_at = timezone.now()
        document.save(update_fields=["attempts", "started_at"])
    return document


def _fail(document: Document, error: str) -> str:
    Document.objects.filter(pk=document.pk, state=DocumentState.PENDING).update(
        state=DocumentState.FAILED, error=error[:2000]
    )
    return DocumentState.FAILED


def document_render(*, document_id: int) -> str | None:
    """Render one pending document and store it with its checksum (the worker's work).

    A failure is recorded on the document, not raised: the secretariat
    prepares it again. A render over the soft time limit is stopped and
    failed; a document whose attempts are spent (a render that kept
    killing the worker) is failed without another try.
    """
    document = _begin(document_id)
    if document is None:
        return Document.objects.filter(pk=document_id).values_list("state", flat=True).first()
    kind = document_kind(document.kind)
    owner = kind.load_owner(document.owner_id)
    if owner is None:
        return _fail(document, "The record this document was made from is gone.")
    try:
        data = kind.render(owner, document.language)
    except SoftTimeLimitExceeded:
        logger.error("Document %s took longer than the render time limit", document.pk)
        limit = settings.GMG_DOCUMENT_RENDER_SOFT_LIMIT
        return _fail(document, f"The render took longer than {limit} seconds and was stopped.")
    except Exception as exc:
        logger.exception("Document %s (%s %s) failed", document.pk, kind.key, owner.pk)
        return _fail(document, f"{type(exc).__name__}: {exc}")
    document.file.save(file_name(kind, owner, document), ContentFile(data), save=False)
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.state = DocumentState.READY
    document.error = ""
    document.rendered_at = timezone.now()
    document.save(update_fields=["file", "sha256", "state", "error", "rendered_at"])
    return document.state


@transaction.atomic
def document_retry(*, document: Document, actor) -> Document:
    """Prepare a document that could not be prepared again (by its kind's retry permission)."""
    kind = document_kind(document.kind)
    owner = kind.load_owner(document.owner_id)
    require(actor, kind.retry_permission, kind.permission_target(owner))
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.state != DocumentState.FAILED:
        raise ValidationError(_("Only a document that could not be prepared is prepared again."))
    document.state = DocumentState.PENDING
    document.error = ""
    document.attempts = 0
    document.requested_at = timezone.now()
    document.started_at = None
    document.save(update_fields=["state", "error", "attempts", "requested_at", "started_at"])
    _queue(document)
    audit_record(
        actor=actor,
        action="document.retry",
        target=owner,
        kind=kind.key,
        language=document.language,
    )
    return document


def lost_renders():
    """Pending renders whose task never ran or whose worker died past the hard time limit.

    Pending is the state of few documents (the others are ready or failed):
    the index on (state, requested_at) reads only those, oldest first.
    """
    stale = _stale_before()
    return Document.objects.filter(state=DocumentState.PENDING).filter(
        Q(started_at__isnull=True, requested_at__lt=stale) | Q(started_at__lt=stale)
    )


def documents_sweep() -> dict[str, int]:
    """Hand lost renders to the worker again; fail those whose attempts are spent.

    A render is lost when its task never ran (a lost message) or its worker
    died past the hard time limit without recording anything. Set-based: one
    update gives up on the spent ones (one per number of attempts, usually
    one); one query reads and locks the oldest ``SWEEP_LIMIT`` others and one
    update counts them from now; they go to the worker ``HAND_OUT_CHUNK`` per
    message. The sweep costs the same for one lost render or thousands.
    """
    limit = settings.GMG_DOCUMENT_RENDER_ATTEMPTS
    spent = lost_renders().filter(attempts__gte=limit)
    failed = 0
    for attempts in spent.order_by().values_list("attempts", flat=True).distinct():
        given_up = spent.filter(attempts=attempts).update(
            state=DocumentState.FAILED, error=_gave_up(attempts), started_at=None
        )
        logger.error("%d documents: %s", given_up, _gave_up(attempts))
        failed += given_up
    with transaction.atomic():
        # A render a worker is beginning right now holds its row: it is not lost.
        ids = list(
            lost_renders()
            .filter(attempts__lt=limit)
            .select_for_update(skip_locked=True)
            .order_by("requested_at", "pk")
            .values_list("pk", flat=True)[:SWEEP_LIMIT]
        )
        if ids:  # counted from now: the next sweep leaves them to the worker meanwhile
            Document.objects.filter(pk__in=ids).update(requested_at=timezone.now(), started_at=None)
    for start in range(0, len(ids), HAND_OUT_CHUNK):
        task_queue(HAND_OUT, ids[start : start + HAND_OUT_CHUNK])
    return {"requeued": len(ids), "failed": failed}


def documents_hand_out(*, document_ids: list[int]) -> None:
    """The worker's half of the sweep: one render task per document, each with its limits."""
    for pk in document_ids:
        task_queue(RENDER, pk)
