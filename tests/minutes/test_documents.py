"""Who may download the minutes' PDFs: the circulated draft and the published editions."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core.documents.selectors import document_for
from minutes.pdf import DRAFT_PDF, EDITION_PDF
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _ready(owner, kind):
    document = document_for(owner, kind)
    document.file.save("x.pdf", ContentFile(b"%PDF-1.7 minutes"), save=False)
    document.state = "ready"
    document.save()
    return reverse("documents:download", args=[document.pk])


@pytest.fixture
def person(request, chair_office, other_chair_office, secretariat, member_focal, guest):
    return {
        "secretariat": lambda: secretariat,
        "chair_office": lambda: chair_office,
        "other_chair_office": lambda: other_chair_office,
        "member_focal": lambda: member_focal,
        "principal": lambda: PersonFactory(agency=member_focal.agency, role="principal"),
        "guest": lambda: guest,
    }[request.param]()


DRAFT_WHILE_CIRCULATED = [
    ("secretariat", 200),
    ("chair_office", 200),
    ("member_focal", 200),
    ("other_chair_office", 200),  # a focal point of another member agency
    ("principal", 403),  # principals read only what is published
    ("guest", 403),
]


@pytest.mark.parametrize(
    ("person", "status"), DRAFT_WHILE_CIRCULATED, indirect=["person"], ids=lambda v: str(v)
)
def test_the_circulated_draft_pdf_per_role(client, circulated, person, status):
    url = _ready(circulated, DRAFT_PDF)
    client.force_login(person)
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("person", "status"),
    [("secretariat", 200), ("chair_office", 200), ("member_focal", 403), ("principal", 403)],
    indirect=["person"],
    ids=lambda v: str(v),
)
def test_once_published_members_get_the_edition_not_the_draft(client, published, person, status):
    draft_url = _ready(published, DRAFT_PDF)
    edition_url = _ready(published.editions.get(), EDITION_PDF)
    client.force_login(person)

    assert client.get(draft_url).status_code == status
    response = client.get(edition_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 minutes"


@pytest.mark.parametrize("person", ["guest"], indirect=True)
def test_a_guest_gets_no_edition_pdf(client, published, person):
    url = _ready(published.editions.get(), EDITION_PDF)
    client.force_login(person)
    assert client.get(url).status_code == 403


def test_the_draft_pdf_is_named_after_the_minutes(client, circulated, secretariat):
    url = _ready(circulated, DRAFT_PDF)
    client.force_login(secretariat)
    response = client.get(url)
    reference = circulated.reference.replace("/", "-")
    assert f'filename="{reference}-draft-en.pdf"' in response["Content-Disposition"]
