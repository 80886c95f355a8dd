import io

import pytest
from pypdf import PdfReader

from agenda import services
from agenda.models import Agenda
from agenda.pdf import agenda_version_render

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

    assert agenda_version_render(version_id=version.pk) == "ready"

    version.refresh_from_db()
    reader = PdfReader(io.BytesIO(version.pdf.read()))
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


def test_a_failed_render_is_recorded_and_can_be_retried(meeting, chair_office, monkeypatch):
    agenda = Agenda.objects.get(meeting=meeting)
    version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    def broken(version):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr("agenda.pdf.agenda_pdf_bytes", broken)
    assert agenda_version_render(version_id=version.pk) == "failed"
    version.refresh_from_db()
    assert "fonts missing" in version.pdf_error
    monkeypatch.undo()
    assert agenda_version_render(version_id=version.pk) == "ready"


def test_the_secretariat_prepares_a_failed_pdf_again(
    client, meeting, chair_office, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    agenda = Agenda.objects.get(meeting=meeting)
    version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    monkeypatch.setattr("agenda.pdf.agenda_pdf_bytes", lambda version: 1 / 0)
    agenda_version_render(version_id=version.pk)
    monkeypatch.undo()
    url = reverse("agenda:version_pdf_retry", args=[meeting.pk, version.number])

    client.force_login(chair_office)
    assert client.post(url).status_code == 403
    client.force_login(secretariat)
    page = client.get(version.get_absolute_url())
    assert "Prepare the PDF again" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    version.refresh_from_db()
    assert version.pdf_state == "ready"
