"""The data migrations move the agenda's, the minutes' and the decisions' own PDF fields
into documents, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("agenda", "0005_search_vector"),
    ("minutes", "0005_search_vector"),
]
AFTER = [("agenda", "0006_pdf_to_documents"), ("minutes", "0006_pdf_to_documents")]


def _when(day: str) -> dict:
    return {
        "level": "principals",
        "start": f"{day}T08:00Z",
        "end": f"{day}T16:00Z",
        "local_date": day,
        "proposal_deadline": day,
        "registration_deadline": day,
    }


def _migrate(targets):
    """Move agenda and minutes to ``targets``, every other app staying at its latest."""
    executor = MigrationExecutor(connection)
    moved = {app for app, _name in targets}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in moved]
    executor.migrate(targets + others)
    executor.loader.build_graph()
    return executor.loader.project_state(targets + others).apps


@pytest.mark.django_db(transaction=True)
def test_pdf_fields_become_documents_and_come_back():
    old = _migrate(BEFORE)
    meeting_model = old.get_model("meetings", "Meeting")
    meeting = meeting_model.objects.create(title="Q2", **_when("2027-05-11"))
    agenda = old.get_model("agenda", "Agenda").objects.create(meeting=meeting)
    version = old.get_model("agenda", "AgendaVersion").objects.create(
        agenda=agenda,
        number=1,
        snapshot={},
        pdf="agenda/pdf/GMG-PM-2027-1.pdf",
        pdf_sha256="a" * 64,
        pdf_state="ready",
    )
    minutes = old.get_model("minutes", "Minutes").objects.create(
        meeting=meeting, agenda_version=version, pdf_state="failed", pdf_error="fonts missing"
    )
    edition = old.get_model("minutes", "Edition").objects.create(
        minutes=minutes, number=1, snapshot={}, pdf_state="pending"
    )
    never_circulated = old.get_model("minutes", "Minutes").objects.create(
        meeting=meeting_model.objects.create(title="Q3", **_when("2027-09-11")),
        agenda_version=version,
        pdf_state="",
    )

    new = _migrate(AFTER)
    document = new.get_model("documents", "Document")
    rows = {
        (d.kind, d.owner_id): (d.state, d.file.name, d.sha256, d.error, d.language)
        for d in document.objects.all()
    }

    assert rows == {
        ("agenda.version", version.pk): (
            "ready",
            "agenda/pdf/GMG-PM-2027-1.pdf",
            "a" * 64,
            "",
            "en",
        ),
        ("minutes.draft", minutes.pk): ("failed", "", "", "fonts missing", "en"),
        ("minutes.edition", edition.pk): ("pending", "", "", "", "en"),
    }
    assert never_circulated.pk not in {owner for kind, owner in rows if kind == "minutes.draft"}

    back = _migrate(BEFORE)
    restored = back.get_model("agenda", "AgendaVersion").objects.get(pk=version.pk)
    assert (restored.pdf_state, restored.pdf.name) == ("ready", "agenda/pdf/GMG-PM-2027-1.pdf")
    assert back.get_model("minutes", "Minutes").objects.get(pk=minutes.pk).pdf_error == (
        "fonts missing"
    )
    assert not back.get_model("documents", "Document").objects.exists()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # as the other tests expect it


DECISIONS_BEFORE = [("decisions", "0002_search_vector")]
DECISIONS_AFTER = [("decisions", "0003_pdf_to_documents")]


@pytest.mark.django_db(transaction=True)
def test_outcome_pdf_fields_become_documents_and_come_back():
    old = _migrate(DECISIONS_BEFORE)
    chair = old.get_model("members", "Agency").objects.create(name="International", acronym="IXO")
    procedure_model = old.get_model("decisions", "SilenceProcedure")

    def procedure(title, state, **pdf):
        return procedure_model.objects.create(
            title=title,
            text="The group adopts.",
            chair=chair,
            deadline="2027-03-22T09:00Z",
            ended_at="2027-03-22T09:00Z" if state != "circulated" else None,
            state=state,
            **pdf,
        )

    adopted = procedure(
        "Adopted",
        "adopted",
        pdf="decisions/pdf/GMG-DEC-2027-1.pdf",
        pdf_sha256="b" * 64,
        pdf_state="ready",
    )
    broken = procedure("Broken", "broken", pdf_state="failed", pdf_error="no fonts")
    withdrawn = procedure("Withdrawn", "withdrawn")
    running = procedure("Running", "circulated")

    new = _migrate(DECISIONS_AFTER)
    rows = {
        d.owner_id: (d.kind, d.state, d.file.name, d.sha256, d.error, d.language, d.attempts)
        for d in new.get_model("documents", "Document").objects.all()
    }

    assert rows == {
        adopted.pk: (
            "decisions.outcome",
            "ready",
            "decisions/pdf/GMG-DEC-2027-1.pdf",
            "b" * 64,
            "",
            "en",
            1,
        ),
        broken.pk: ("decisions.outcome", "failed", "", "", "no fonts", "en", 1),
    }
    assert withdrawn.pk not in rows
    assert running.pk not in rows
    ready = new.get_model("documents", "Document").objects.get(owner_id=adopted.pk)
    assert ready.owner_type.model == "silenceprocedure"
    assert ready.rendered_at is not None

    back = _migrate(DECISIONS_BEFORE)
    restored = back.get_model("decisions", "SilenceProcedure").objects
    assert (
        restored.get(pk=adopted.pk).pdf.name,
        restored.get(pk=adopted.pk).pdf_sha256,
        restored.get(pk=adopted.pk).pdf_state,
    ) == ("decisions/pdf/GMG-DEC-2027-1.pdf", "b" * 64, "ready")
    assert (restored.get(pk=broken.pk).pdf_state, restored.get(pk=broken.pk).pdf_error) == (
        "failed",
        "no fonts",
    )
    assert restored.get(pk=withdrawn.pk).pdf_state == ""
    assert not back.get_model("documents", "Document").objects.exists()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # as the other tests expect it
