"""The published agenda as a PDF (WeasyPrint): its HTML and the document kind declaring it.

Rendering, storing, the time limit, the retry and the download are
``core.documents``' (and the fonts, tagging and PDF/A: ``core.documents.pdf``);
this module only builds the page.
"""

import datetime
import zoneinfo

from django.template.loader import render_to_string
from django.utils import timezone, translation

from agenda.models import AgendaVersion
from core.documents.kinds import DocumentKind, document_kinds
from core.documents.pdf import pdf_from_html

AGENDA_PDF = "agenda.version"


def agenda_pdf_html(version: AgendaVersion, language: str) -> str:
    """The version's PDF page in ``language``: standing text translated, people's as written."""
    snapshot = version.snapshot
    zone = zoneinfo.ZoneInfo(snapshot["time_zone"])
    context = {
        "version": version,
        "snapshot": snapshot,
        "start": datetime.datetime.fromisoformat(snapshot["start"]).astimezone(zone),
        "end": datetime.datetime.fromisoformat(snapshot["end"]).astimezone(zone),
        "total_minutes": sum(item["minutes"] for item in snapshot["items"]),
    }
    # In the meeting's own zone, whatever zone the worker's thread was left in.
    with translation.override(language), timezone.override(zone):
        return render_to_string("agenda/pdf/agenda.html", context)


def agenda_pdf_bytes(version: AgendaVersion, language: str = "en") -> bytes:
    """The version's PDF in ``language``: tagged (PDF/UA-1) and archival (PDF/A-2a)."""
    return pdf_from_html(agenda_pdf_html(version, language), archive=True)


def _render(version: AgendaVersion, language: str) -> bytes:
    # Looked up when called, so that a test may replace agenda_pdf_bytes.
    return agenda_pdf_bytes(version, language)


def register() -> None:
    """Declare the published agenda's PDF: read by who may see the meeting's agenda."""
    document_kinds.register(
        DocumentKind(
            key=AGENDA_PDF,
            model="agenda.AgendaVersion",
            render=_render,
            stem=lambda version: version.reference or "agenda",
            view_permission="agenda.view_agenda",
            retry_permission="agenda.retry_pdf",
            permission_target=lambda version: version.agenda.meeting,
            select_related=("agenda__meeting",),
        )
    )
