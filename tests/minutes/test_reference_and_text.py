"""The minutes' one reference, lists typed under a line, no link to minutes that are not."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agenda import services as agenda_services
from agenda.models import Agenda
from core.documents.models import Document
from core.documents.selectors import document_for
from minutes import services
from minutes.pdf import DRAFT_PDF, EDITION_PDF
from minutes.text import render_markdown
from tests.documents import render
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _pdf_text(filefield) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(filefield.read())).pages)


def test_a_list_typed_right_under_a_line_is_a_list():
    html = render_markdown(
        "Members raised:\n- the data gap\n- the funding\n\nThen:\n1. one\n2. two"
    )

    assert "<p>Members raised:</p>" in html
    assert "<li>the data gap</li>" in html
    assert "<li>the funding</li>" in html
    assert "<ol>" in html
    assert "<li>two</li>" in html


def test_a_line_that_only_looks_like_a_list_marker_stays_text():
    html = render_markdown("Costs rose\n-5% this year\n2026 was calm")

    assert "<li>" not in html


def test_the_list_reaches_the_page_and_the_pdf(client, chair_office, minutes, section):
    services.section_save(
        section=section,
        actor=chair_office,
        version=section.version,
        summary="Members raised:\n- the data gap\n- the funding",
        decisions="",
    )
    client.force_login(chair_office)

    page = client.get(reverse("minutes:minutes", args=[minutes.meeting_id])).content.decode()
    snapshot = services.minutes_snapshot(minutes)

    assert "<li>the data gap</li>" in page
    printed = next(s for s in snapshot["sections"] if s["number"] == section.number)
    assert "<li>the funding</li>" in printed["summary_html"]


def test_one_reference_on_the_page_the_edition_and_both_pdfs(client, chair_office, published):
    reference = published.reference
    edition = published.editions.get()
    assert reference.endswith("/Min")
    assert reference.startswith("GMG/PM/2027/")
    assert edition.reference == reference
    client.force_login(chair_office)

    page = client.get(reverse("minutes:minutes", args=[published.meeting_id])).content.decode()
    edition_page = client.get(edition.get_absolute_url()).content.decode()
    edition_pdf = render(edition, EDITION_PDF)
    Document.objects.filter(pk=document_for(published, DRAFT_PDF).pk).update(state="pending")
    draft_pdf = render(published, DRAFT_PDF)

    assert (edition_pdf.state, draft_pdf.state) == ("ready", "ready")
    # Isolated left to right, so that Arabic pages do not reorder its parts.
    assert f'<strong><bdi dir="ltr">{reference}</bdi></strong>' in page
    assert f'<strong><bdi dir="ltr">{reference}</bdi></strong>' in edition_page
    assert reference in _pdf_text(edition_pdf.file)
    assert reference in _pdf_text(draft_pdf.file)
    assert edition_pdf.file.name.endswith(reference.replace("/", "-") + "-en.pdf")


def test_a_corrigendum_adds_corr_to_the_same_reference(published, chair_office):
    services.minutes_transition(minutes=published, to="draft", actor=chair_office, reason="Typo")
    services.minutes_transition(minutes=published, to="published", actor=chair_office)

    assert published.editions.get(number=2).reference == f"{published.reference}/Corr.1"


def test_no_link_to_previous_minutes_that_do_not_exist(client, chair_office, chair_agency):
    earlier = MeetingFactory(
        title="Principals' meeting, Q1 2027",
        start=datetime.datetime(2027, 2, 9, 9, 0, tzinfo=datetime.UTC),
    )
    meeting = MeetingFactory(title="Principals' meeting, Q2 2027")
    from tests.factories import ChairTermFactory

    ChairTermFactory(agency=chair_agency, start=datetime.date(2027, 1, 1))
    agenda = Agenda.objects.get(meeting=meeting)
    agenda_services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    services.minutes_start(meeting=meeting, actor=chair_office)
    client.force_login(chair_office)

    page = client.get(reverse("minutes:minutes", args=[meeting.pk])).content.decode()

    assert reverse("minutes:minutes", args=[earlier.pk]) not in page
    assert "The minutes of Principals&#x27; meeting, Q1 2027 are not available yet." in page
