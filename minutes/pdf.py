"""The minutes as a PDF (WeasyPrint), rendered by the worker, never in a request.

The circulated draft's PDF is kept on the minutes (with "DRAFT" across
every page); each published edition keeps its own file and checksum.
"""

import datetime
import hashlib
import logging
import zoneinfo

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation

from agenda.enums import PdfState
from agenda.models import frozen_level_label
from minutes.models import Edition, Minutes, minutes_reference
from minutes.selectors import minutes_snapshot

logger = logging.getLogger(__name__)


def minutes_pdf_bytes(snapshot: dict, *, draft: bool, edition: Edition | None = None) -> bytes:
    from weasyprint import HTML

    zone = zoneinfo.ZoneInfo(snapshot["time_zone"])
    owners: dict[int, list[str]] = {}
    for point in snapshot["action_points"]:
        owners.setdefault(point["section"], []).append(point)
    sections = [{**s, "action_points": owners.get(s["number"], [])} for s in snapshot["sections"]]
    context = {
        "snapshot": snapshot,
        "sections": sections,
        "draft": draft,
        "edition": edition,
        "reference": edition.reference if edition else minutes_reference(snapshot["reference"]),
        "level": frozen_level_label(snapshot.get("level", "")),
        "start": datetime.datetime.fromisoformat(snapshot["start"]).astimezone(zone),
        "end": datetime.datetime.fromisoformat(snapshot["end"]).astimezone(zone),
    }
    with translation.override("en"):
        html = render_to_string("minutes/pdf/minutes.html", context)
    return HTML(string=html).write_pdf()


def _store(target, data: bytes, name: str) -> None:
    target.pdf.save(name, ContentFile(data), save=False)
    target.pdf_sha256 = hashlib.sha256(data).hexdigest()
    target.pdf_state = PdfState.READY
    target.pdf_error = ""
    target.save(update_fields=["pdf", "pdf_sha256", "pdf_state", "pdf_error"])


def _fail(target, exc: Exception) -> str:
    logger.exception("Minutes PDF %s %s failed", type(target).__name__, target.pk)
    type(target).objects.filter(pk=target.pk).update(
        pdf_state=PdfState.FAILED, pdf_error=f"{type(exc).__name__}: {exc}"[:2000]
    )
    return PdfState.FAILED


def minutes_draft_render(*, minutes_id: int) -> str | None:
    """Render the circulated draft's PDF; anything but a pending draft PDF is left alone."""
    minutes = (
        Minutes.objects.select_related("meeting", "agenda_version__agenda")
        .filter(pk=minutes_id)
        .first()
    )
    if minutes is None or minutes.pdf_state != PdfState.PENDING:
        return minutes.pdf_state if minutes else None
    try:
        snapshot = minutes_snapshot(minutes)
        data = minutes_pdf_bytes(snapshot, draft=True)
    except Exception as exc:
        return _fail(minutes, exc)
    reference = minutes_reference(snapshot["reference"]).replace("/", "-")
    _store(minutes, data, f"{reference}-draft.pdf")
    return minutes.pdf_state


def edition_render(*, edition_id: int) -> str | None:
    """Render a published edition's PDF from its frozen snapshot; a ready one is left alone."""
    edition = Edition.objects.select_related("minutes").filter(pk=edition_id).first()
    if edition is None or edition.pdf_state == PdfState.READY:
        return edition.pdf_state if edition else None
    try:
        data = minutes_pdf_bytes(edition.snapshot, draft=False, edition=edition)
    except Exception as exc:
        return _fail(edition, exc)
    _store(edition, data, f"{edition.reference.replace('/', '-')}.pdf")
    return edition.pdf_state
