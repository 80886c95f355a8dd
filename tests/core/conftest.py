import pytest

from core.documents.kinds import DocumentKind, document_kinds
from tests.factories import AgencyFactory


class Renderer:
    """A renderer the test steers: what it returns or raises, and how often it ran."""

    def __init__(self):
        self.calls = 0
        self.fails_with = None

    def __call__(self, owner, language):
        self.calls += 1
        if self.fails_with is not None:
            raise self.fails_with
        return f"%PDF-1.4 {owner.acronym} {language}".encode()


@pytest.fixture
def renderer():
    return Renderer()


@pytest.fixture
def note_kind(renderer):
    """A document kind of the tests, owned by an agency, read and retried by the secretariat."""
    kind = DocumentKind(
        key="tests.note",
        model="members.Agency",
        render=renderer,
        stem=lambda agency: f"note/{agency.acronym}",
        view_permission="members.view_agency",
        retry_permission="members.change_agency",
    )
    document_kinds.register(kind)
    yield kind
    document_kinds.unregister(kind)


@pytest.fixture
def owner(db):
    return AgencyFactory(acronym="ILO")
