"""The data migrations move the agenda's and the minutes' own PDF fields into documents."""

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
