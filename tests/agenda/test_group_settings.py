"""Another group can run the site: its name, acronym, secretariat and reference prefix come
from settings, on pages, in PDFs' references and in e-mails."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agenda import services
from agenda.models import Agenda
from agenda.pdf import AGENDA_PDF
from members import services as member_services
from notices.models import Notice
from tests.documents import render

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(settings):
    settings.GMG_GROUP_NAME = "United Nations Network on Migration"
    settings.GMG_GROUP_ACRONYM = "UNNM"
    settings.GMG_SECRETARIAT_NAME = "Network Secretariat"
    settings.GMG_REFERENCE_PREFIX = "UNNM"


def test_pages_name_the_group_of_the_settings(client, network, secretariat):
    sign_in = client.get(reverse("login")).content.decode()
    client.force_login(secretariat)
    page = client.get(reverse("dashboard")).content.decode()

    assert "The secretariat of the United Nations Network on Migration" in sign_in
    assert "Global Migration Group" not in sign_in
    assert "· United Nations Network on Migration</title>" in page
    assert ">Network Secretariat</a>" in page
    assert "United Nations Network on Migration · secretariat" in page
    assert "GMG" not in page


def test_the_default_is_the_gmg_in_every_language(client, secretariat):
    client.force_login(secretariat)
    client.cookies["django_language"] = "fr"
    secretariat.language = "fr"
    secretariat.save()

    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Groupe mondial sur la migration" in page
    assert "Secrétariat du GMG" in page


def test_references_and_pdfs_carry_the_prefix_and_name(network, meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    services.agenda_item_save(
        agenda=agenda, actor=chair_office, version=agenda.version, title="Data", minutes=10
    )
    version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    assert version.reference == "UNNM/PM/2027/1"
    document = render(version, AGENDA_PDF)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(document.file.read())).pages)
    assert "UNNM/PM/2027/1" in text
    assert "NETWORK ON MIGRATION" in text.upper()
    assert "GLOBAL MIGRATION" not in text.upper()


def test_e_mails_are_signed_by_the_group_of_the_settings(network, secretariat, agency):
    person = member_services.person_invite(
        actor=secretariat,
        email="new@example.org",
        full_name="New Person",
        role="focal_point",
        agency=agency,
    )

    notice = Notice.objects.get(kind="invitation", recipient=person)
    assert notice.subject == "You are invited to the Network Secretariat"
    assert "has added you to the United Nations Network on Migration's secretariat site" in (
        notice.body_text
    )
    assert "The Network Secretariat" in notice.body_text
    assert "GMG" not in notice.body_text + notice.subject
