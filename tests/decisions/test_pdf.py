import io
import zoneinfo

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from agenda.enums import PdfState
from decisions import services
from decisions.models import SilenceProcedure
from decisions.pdf import outcome_render


@pytest.fixture
def thread_left_in_dubai():
    """The worker's thread may have been left in another zone: the PDF keeps the procedure's."""
    timezone.activate(zoneinfo.ZoneInfo("Asia/Dubai"))
    yield
    timezone.deactivate()


def _text(procedure) -> str:
    procedure.refresh_from_db()
    with procedure.pdf.open("rb") as handle:
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
    circulated.refresh_from_db()
    assert circulated.pdf_state == PdfState.READY
    assert len(circulated.pdf_sha256) == 64
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

    def broken(procedure):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pdf, "outcome_pdf_bytes", broken)
    with time_machine.travel(circulated.deadline, tick=False), worker():
        services.procedures_close_due()
    assert SilenceProcedure.objects.get(pk=circulated.pk).pdf_state == PdfState.FAILED
    monkeypatch.undo()
    with worker():
        services.pdf_retry(
            procedure=SilenceProcedure.objects.get(pk=circulated.pk), actor=secretariat
        )
    assert SilenceProcedure.objects.get(pk=circulated.pk).pdf_state == PdfState.READY
    # Rendering again leaves a ready PDF alone.
    assert outcome_render(procedure_id=circulated.pk) == PdfState.READY
