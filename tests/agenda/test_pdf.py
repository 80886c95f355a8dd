import io

import pytest
from pypdf import PdfReader

from agenda import services
from agenda.models import Agenda
from agenda.pdf import AGENDA_PDF
from core.documents.services import document_retry
from tests.documents import render
from tests.pdf_checks import assert_pdf_ua, catalog, missing_glyphs, xmp

pytestmark = pytest.mark.django_db


def test_agenda_pdf_carries_heading_reference_items_and_page_numbers(
    meeting, chair_office, proposer
):
    agenda = Agenda.objects.get(meeting=meeting)
    for n in range(40):
        services.agenda_item_save(
            agenda=agenda,
            actor=chair_office,
            version=agenda.version,
            title=f"Topic number {n}",
            minutes=10,
            presenter_agency=proposer.agency,
        )
    version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    document = render(version, AGENDA_PDF)

    assert document.state == "ready"
    reader = PdfReader(io.BytesIO(document.file.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    pages = len(reader.pages)
    assert pages >= 2
    assert "Global Migration Group" in text.title() or "GLOBAL MIGRATION GROUP" in text
    assert "GMG/PM/2027/1" in text
    assert "Principals' meeting, Q2 2027" in text
    assert "Chairing Agency" in text
    assert "10:00" in text  # 08:00 UTC shown in the meeting's zone (Zurich, summer)
    assert "44. Any other business" in text
    assert f"({proposer.agency.acronym})" in text
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text


def test_a_failed_render_is_recorded_and_can_be_retried(
    meeting, chair_office, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    agenda = Agenda.objects.get(meeting=meeting)
    version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    def broken(version, language):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr("agenda.pdf.agenda_pdf_bytes", broken)
    document = render(version, AGENDA_PDF)
    assert document.state == "failed"
    assert "fonts missing" in document.error
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(document=document, actor=secretariat)
    document.refresh_from_db()
    assert document.state == "ready"


def test_the_secretariat_prepares_a_failed_pdf_again(
    client, meeting, chair_office, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    agenda = Agenda.objects.get(meeting=meeting)
    version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    monkeypatch.setattr("agenda.pdf.agenda_pdf_bytes", lambda version, language: 1 / 0)
    document = render(version, AGENDA_PDF)
    monkeypatch.undo()
    url = reverse("documents:retry", args=[document.pk])

    client.force_login(chair_office)
    assert client.post(url).status_code == 403
    client.force_login(secretariat)
    page = client.get(version.get_absolute_url())
    assert "Prepare the PDF again" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    document.refresh_from_db()
    assert document.state == "ready"


def test_agenda_pdf_is_tagged_and_archival(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    data = render(version, AGENDA_PDF).file.read()

    tree = assert_pdf_ua(data, lang="en")
    roles = [role for _depth, role, _attributes in tree]
    assert roles.count("/H1") == 1
    assert roles.count("/H2") == len(version.snapshot["items"])  # one heading an item
    row_headers = [a.get("/Scope") for _d, role, a in tree if role == "/TH"]
    assert len(row_headers) == 5  # Level, Date, Venue, Chair, Reference
    assert set(row_headers) == {"/Row"}
    assert catalog(data)["title"].startswith("GMG/PM/2027/1: Provisional agenda: ")
    assert xmp(data)["pdfaid:part"] == "2"
    assert xmp(data)["pdfaid:conformance"] == "A"
    assert xmp(data)["pdfuaid:part"] == "1"
    assert catalog(data)["intents"][0][0] == "/GTS_PDFA1"
    assert missing_glyphs(data) == []
