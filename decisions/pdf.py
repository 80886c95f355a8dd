"""The outcome of a silence procedure as a PDF (WeasyPrint): its HTML and its document kind.

It carries the decision's reference (when adopted), the text, the deadline
in its time zone, the outcome, every response, and the extensions; one file
in each language switched on for the group's documents, under the one
reference.
Rendering, storing, the time limit, the retry and the download are
``core.documents``' (the fonts, tagging and PDF/A: ``core.documents.pdf``);
this module only builds the page.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.documents.kinds import DocumentKind, document_kinds
from core.documents.pdf import pdf_from_html
from decisions.models import SilenceProcedure

OUTCOME_PDF = "decisions.outcome"


def outcome_pdf_html(procedure: SilenceProcedure, language: str) -> str:
    """The outcome's PDF page in ``language``: standing text translated, people's as written."""
    context = {
        "procedure": procedure,
        "decision": getattr(procedure, "decision", None),
        "responses": list(procedure.responses.select_related("agency", "author", "withdrawn_by")),
        "extensions": list(procedure.extensions.all()),
        "deadline": procedure.local_deadline,
    }
    # In the procedure's own zone, whatever zone the worker's thread was left in.
    with translation.override(language), timezone.override(procedure.zone):
        return render_to_string("decisions/pdf/outcome.html", context)


def outcome_pdf_bytes(procedure: SilenceProcedure, language: str = "en") -> bytes:
    """The outcome's PDF in ``language``: tagged (PDF/UA-1) and archival (PDF/A-2a)."""
    return pdf_from_html(outcome_pdf_html(procedure, language), archive=True)


def _render(procedure: SilenceProcedure, language: str) -> bytes:
    # Looked up when called, so that a test may replace outcome_pdf_bytes.
    return outcome_pdf_bytes(procedure, language)


def _stem(procedure: SilenceProcedure) -> str:
    decision = getattr(procedure, "decision", None)
    return decision.reference if decision else f"silence-procedure-{procedure.pk}"


def register() -> None:
    """Declare the outcome's PDF: read by who may see the procedure."""
    document_kinds.register(
        DocumentKind(
            key=OUTCOME_PDF,
            model="decisions.SilenceProcedure",
            render=_render,
            stem=_stem,
            view_permission="decisions.view_procedure",
            retry_permission="decisions.retry_pdf",
            select_related=("chair", "decision"),
        )
    )
