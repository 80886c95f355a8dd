"""Who may download a published agenda's PDF, and who may prepare it again."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from agenda import services
from agenda.models import Agenda
from agenda.pdf import AGENDA_PDF
from core.documents.selectors import document_for
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    return services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat", 200), ("chair_office", 200), ("focal_point", 200), ("guest", 403)],
)
def test_the_agenda_pdf_per_role(client, version, chair_office, who, status):
    document = document_for(version, AGENDA_PDF)
    document.file.save("a.pdf", ContentFile(b"%PDF-1.7 agenda"), save=False)
    document.state = "ready"
    document.save()
    person = {
        "secretariat": lambda: PersonFactory(secretariat=True),
        "chair_office": lambda: chair_office,
        "focal_point": lambda: PersonFactory(),
        "guest": lambda: PersonFactory(guest=True),  # not invited to this meeting
    }[who]()
    client.force_login(person)

    response = client.get(reverse("documents:download", args=[document.pk]))

    assert response.status_code == status
    if status == 200:
        reference = version.reference.replace("/", "-")
        assert f'filename="{reference}-en.pdf"' in response["Content-Disposition"]


def test_only_the_secretariat_sees_the_retry_of_a_failed_agenda_pdf(
    client, version, chair_office, secretariat
):
    document = document_for(version, AGENDA_PDF)
    document.state = "failed"
    document.save()

    client.force_login(chair_office)
    assert "Prepare the PDF again" not in client.get(version.get_absolute_url()).content.decode()
    assert client.post(reverse("documents:retry", args=[document.pk])).status_code == 403
    client.force_login(secretariat)
    assert "Prepare the PDF again" in client.get(version.get_absolute_url()).content.decode()
