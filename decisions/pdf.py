"""The outcome of a silence procedure as a PDF (WeasyPrint), rendered by the worker.

It carries the decision's reference (when adopted), the text, the deadline
in its time zone, the outcome, every response, and the extensions.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agenda.enums import PdfState
from decisions.models import SilenceProcedure

logger = logging.getLogger(__name__)


def outcome_pdf_bytes(procedure: SilenceProcedure) -> bytes:
    from weasyprint import HTML

    context = {
        "procedure": procedure,
        "decision": getattr(procedure, "decision", None),
        "responses": list(procedure.responses.select_related("agency", "author", "withdrawn_by")),
        "extensions": list(procedure.extensions.all()),
        "deadline": procedure.local_deadline,
    }
    # In the procedure's own zone, whatever zone the worker's thread was left in.
    with translation.override("en"), timezone.override(procedure.zone):
        html = render_to_string("decisions/pdf/outcome.html", context)
    return HTML(string=html).write_pdf()


def outcome_render(*, procedure_id: int) -> str | None:
    """Render the PDF of an ended procedure whose PDF is pending; anything else is left alone."""
    procedure = (
        SilenceProcedure.objects.select_related("chair", "decision").filter(pk=procedure_id).first()
    )
    if procedure is None or procedure.pdf_state != PdfState.PENDING:
        return procedure.pdf_state if procedure else None
    try:
        data = outcome_pdf_bytes(procedure)
    except Exception as exc:
        logger.exception("Outcome PDF of procedure %s failed", procedure.pk)
        SilenceProcedure.objects.filter(pk=procedure.pk).update(
            pdf_state=PdfState.FAILED, pdf_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return PdfState.FAILED
    decision = getattr(procedure, "decision", None)
    name = (decision.reference if decision else f"silence-procedure-{procedure.pk}").replace(
        "/", "-"
    )
    procedure.pdf.save(f"{name}.pdf", ContentFile(data), save=False)
    procedure.pdf_sha256 = hashlib.sha256(data).hexdigest()
    procedure.pdf_state = PdfState.READY
    procedure.pdf_error = ""
    procedure.save(update_fields=["pdf", "pdf_sha256", "pdf_state", "pdf_error"])
    return procedure.pdf_state
