"""The minutes as a PDF (WeasyPrint): their HTML and the two document kinds declaring them.

The circulated draft's PDF belongs to the minutes (with "DRAFT" across every
page); each published edition has its own file and checksum. Rendering,
storing, the time limit, the retry and the download are ``core.documents``' (the
fonts, the tagging and PDF/A: ``core.documents.pdf``).
"""

import datetime
import zoneinfo

from django.template.loader import render_to_string
from django.utils import timezone, translation

from agenda.models import frozen_level_label
from core.documents.kinds import DocumentKind, document_kinds
from core.documents.pdf import pdf_from_html
from minutes.models import Edition, Minutes, minutes_reference
from minutes.selectors import minutes_snapshot

DRAFT_PDF = "minutes.draft"
EDITION_PDF = "minutes.edition"


def minutes_pdf_html(
    snapshot: dict, *, draft: bool, edition: Edition | None = None, language: str = "en"
) -> str:
    """The minutes' PDF page in ``language``: standing text translated, people's as written."""
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
        "start": datetime.datetime.fromisoformat(snapshot["start"]).astimezone(zone),
        "end": datetime.datetime.fromisoformat(snapshot["end"]).astimezone(zone),
    }
    # In the meeting's own zone, whatever zone the worker's thread was left in.
    with translation.override(language), timezone.override(zone):
        context["level"] = frozen_level_label(snapshot.get("level", ""))
        return render_to_string("minutes/pdf/minutes.html", context)


def minutes_pdf_bytes(
    snapshot: dict, *, draft: bool, edition: Edition | None = None, language: str = "en"
) -> bytes:
    """The PDF: tagged (PDF/UA-1); a published edition is archived as PDF/A-2a as well."""
    html = minutes_pdf_html(snapshot, draft=draft, edition=edition, language=language)
    return pdf_from_html(html, archive=not draft)


def _render_draft(minutes: Minutes, language: str) -> bytes:
    return minutes_pdf_bytes(minutes_snapshot(minutes), draft=True, language=language)


def _render_edition(edition: Edition, language: str) -> bytes:
    return minutes_pdf_bytes(edition.snapshot, draft=False, edition=edition, language=language)


def register() -> None:
    """Declare the circulated draft's PDF and each published edition's."""
    document_kinds.register(
        DocumentKind(
            key=DRAFT_PDF,
            model="minutes.Minutes",
            render=_render_draft,
            stem=lambda minutes: f"{minutes.reference}-draft",
            view_permission="minutes.view_draft_pdf",
            retry_permission="minutes.retry_pdf",
            select_related=("meeting", "agenda_version__agenda"),
        )
    )
    document_kinds.register(
        DocumentKind(
            key=EDITION_PDF,
            model="minutes.Edition",
            render=_render_edition,
            stem=lambda edition: edition.reference,
            view_permission="minutes.view_minutes",
            retry_permission="minutes.retry_pdf",
            permission_target=lambda edition: edition.minutes,
            select_related=("minutes__meeting",),
        )
    )
