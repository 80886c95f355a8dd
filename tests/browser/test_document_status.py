"""A PDF being prepared: the page shows it, then offers the download once the worker is done,
without the person reloading it (htmx polls the status piece)."""

import datetime

import pytest
from playwright.sync_api import expect

from agenda import services
from agenda.models import Agenda
from agenda.pdf import AGENDA_PDF
from core.documents import services as document_services
from core.documents.selectors import document_for
from core.documents.tasks import render_document
from tests.browser.helpers import sign_in
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.browser


def test_the_pdf_link_appears_by_itself_once_rendered(open_page, journey, monkeypatch):
    chair = AgencyFactory(acronym="CHAIR", name="Chairing Agency")
    ChairTermFactory(agency=chair, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30))
    meeting = MeetingFactory(title="Principals' meeting, Q2 2027")
    chair_office = PersonFactory(agency=chair)
    monkeypatch.setattr(render_document, "delay", lambda pk: None)  # the worker is busy
    agenda = Agenda.objects.get(meeting=meeting)
    version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    page = open_page()
    page.goto(version.get_absolute_url())
    sign_in(page, chair_office.email)

    expect(page.get_by_text("The PDF is being prepared.")).to_be_visible()
    page.evaluate("() => { window.notReloaded = true; }")
    journey.check(page, "pdf-being-prepared")
    document_services.document_render(document_id=document_for(version, AGENDA_PDF).pk)

    link = page.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible()
    assert page.evaluate("() => window.notReloaded") is True
    journey.check(page, "pdf-ready")
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
