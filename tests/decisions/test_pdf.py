import io
import zoneinfo

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from core.documents.enums import DocumentState
from core.documents.services import document_retry
from decisions import services
from decisions.pdf import OUTCOME_PDF
from tests.documents import pdf_of, render
from tests.pdf_checks import assert_pdf_ua, xmp


@pytest.fixture
def thread_left_in_dubai():
    """The worker's thread may have been left in another zone: the PDF keeps the procedure's."""
    timezone.activate(zoneinfo.ZoneInfo("Asia/Dubai"))
    yield
    timezone.deactivate()


def _text(procedure) -> str:
    with pdf_of(procedure, OUTCOME_PDF).file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    # Lines wrap where the layout puts them: compare the words.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_outcome_pdf_carries_reference_text_deadline_outcome_and_responses(
    circulated, focal_a, focal_b, worker, thread_left_in_dubai
):
    services.response_add(procedure=circulated, actor=focal_b, kind="comment", text="Fine by us.")
    objection = services.response_add(
        procedure=circulated, actor=focal_a, kind="objection", text="Paragraph 2."
    )
    services.objection_withdraw(response=objection, actor=focal_a)
    with time_machine.travel(circulated.deadline, tick=False), worker():
        services.procedures_close_due()
    document = pdf_of(circulated, OUTCOME_PDF)
    assert document.state == DocumentState.READY
    assert len(document.sha256) == 64
    assert document.file.name.endswith("/GMG-DEC-2027-1-en.pdf")
    text = _text(circulated)
    for expected in (
        "GMG/DEC/2027/1",
        "Joint statement on migrant workers' rights",
        "adopts",
        "Monday 22 March 2027, 10:00 (Europe/Zurich); 22 March 2027, 09:00 UTC",
        "Adopted: no objection stood at the deadline",
        "BBB",
        "Fine by us.",
        "withdrawn",
        "Page 1 of 1",
    ):
        assert expected in text, expected


def test_a_failed_pdf_is_marked_and_prepared_again_by_the_secretariat(
    circulated, secretariat, worker, monkeypatch
):
    from decisions import pdf

    def broken(procedure, language):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pdf, "outcome_pdf_bytes", broken)
    with time_machine.travel(circulated.deadline, tick=False), worker():
        services.procedures_close_due()
    document = pdf_of(circulated, OUTCOME_PDF)
    assert (document.state, document.error) == (DocumentState.FAILED, "RuntimeError: no fonts")
    monkeypatch.undo()
    with worker():
        document_retry(document=document, actor=secretariat)
    assert pdf_of(circulated, OUTCOME_PDF).state == DocumentState.READY
    # Rendering again leaves a ready PDF alone.
    assert render(circulated, OUTCOME_PDF).state == DocumentState.READY


def test_a_withdrawn_procedure_has_no_outcome_pdf(circulated, chair_office, worker):
    with worker():
        services.procedure_transition(
            procedure=circulated, to="withdrawn", actor=chair_office, reason="Overtaken."
        )
    assert pdf_of(circulated, OUTCOME_PDF) is None


def test_the_outcome_pdf_is_tagged_and_archival(circulated, worker):
    with time_machine.travel(circulated.deadline, tick=False), worker():
        services.procedures_close_due()
    with pdf_of(circulated, OUTCOME_PDF).file.open("rb") as handle:
        data = handle.read()

    assert_pdf_ua(data, lang="en")
    assert (xmp(data)["pdfaid:part"], xmp(data)["pdfuaid:part"]) == ("2", "1")
