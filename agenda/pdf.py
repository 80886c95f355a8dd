"""The published agenda as a PDF (WeasyPrint), rendered by the worker."""

import datetime
import hashlib
import logging
import zoneinfo

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation

from agenda.enums import PdfState
from agenda.models import AgendaVersion

logger = logging.getLogger(__name__)


def agenda_pdf_bytes(version: AgendaVersion) -> bytes:
    from weasyprint import HTML

    snapshot = version.snapshot
    zone = zoneinfo.ZoneInfo(snapshot["time_zone"])
    context = {
        "version": version,
        "snapshot": snapshot,
        "start": datetime.datetime.fromisoformat(snapshot["start"]).astimezone(zone),
        "end": datetime.datetime.fromisoformat(snapshot["end"]).astimezone(zone),
        "total_minutes": sum(item["minutes"] for item in snapshot["items"]),
    }
    with translation.override("en"):
        html = render_to_string("agenda/pdf/agenda.html", context)
    return HTML(string=html).write_pdf()


def agenda_version_render(*, version_id: int) -> str | None:
    """Render and store one version's PDF with its checksum; a failure is recorded, not raised."""
    version = AgendaVersion.objects.select_related("agenda__meeting").filter(pk=version_id).first()
    if version is None or version.pdf_state == PdfState.READY:
        return version.pdf_state if version else None
    try:
        data = agenda_pdf_bytes(version)
    except Exception as exc:
        logger.exception("Agenda PDF %s failed", version.pk)
        AgendaVersion.objects.filter(pk=version.pk).update(
            pdf_state=PdfState.FAILED, pdf_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return PdfState.FAILED
    name = f"{version.reference.replace('/', '-') or 'agenda'}.pdf"
    version.pdf.save(name, ContentFile(data), save=False)
    version.pdf_sha256 = hashlib.sha256(data).hexdigest()
    version.pdf_state = PdfState.READY
    version.pdf_error = ""
    version.save(update_fields=["pdf", "pdf_sha256", "pdf_state", "pdf_error"])
    return version.pdf_state
