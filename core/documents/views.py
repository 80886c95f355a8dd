"""One download view, one status piece and one retry for every kind of rendered document."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents import services
from core.documents.kinds import document_kind
from core.documents.models import Document
from core.documents.templatetags.documents import status_context


def _document(request, pk: int, permission: str = "view_permission"):
    """The document, its kind and owner, after the kind's permission on the owner."""
    document = get_object_or_404(Document, pk=pk)
    kind = document_kind(document.kind)
    owner = kind.load_owner(document.owner_id)
    if owner is None:
        raise Http404
    if not request.user.has_perm(getattr(kind, permission), kind.permission_target(owner)):
        raise PermissionDenied
    return document, kind, owner


def document_download(request, pk):
    document, kind, owner = _document(request, pk)
    if not document.is_ready:
        raise Http404(_("The document is being prepared."))
    response = FileResponse(
        document.file.open("rb"),
        filename=services.file_name(kind, owner, document),
        content_type=kind.content_type,
    )
    response["Content-Language"] = document.language
    return response


def _piece(request, document, kind, owner, status=200):
    context = status_context(request.user, document, kind, owner)
    return render(request, "documents/_status.html", context, status=status)


def document_status(request, pk):
    """The status piece, for htmx to poll while the document is being prepared."""
    document, kind, owner = _document(request, pk)
    if not request.htmx:
        return redirect(owner)
    return _piece(request, document, kind, owner)


@require_POST
def document_retry(request, pk):
    document, kind, owner = _document(request, pk, "retry_permission")
    try:
        document = services.document_retry(document=document, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The PDF is being prepared again."))
    if request.htmx:
        document.refresh_from_db()
        return _piece(request, document, kind, owner)
    return redirect(owner)
