import csv
import io

from django.urls import reverse

from core.exports import csv_response
from tests.factories import AgencyFactory, PersonFactory


def _rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the mark
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_keeps_every_script_and_defuses_formulas():
    response = csv_response(
        filename="x.csv",
        header=["name"],
        rows=[["منظمة العمل"], ["国际劳工组织"], ["=HYPERLINK(1)"]],
    )

    assert _rows(response) == [["name"], ["منظمة العمل"], ["国际劳工组织"], ["'=HYPERLINK(1)"]]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_members_csv_follows_the_page_filters(client, db, secretariat):
    AgencyFactory(acronym="ILO", name="International Labour Organization")
    AgencyFactory(acronym="IOM", name="International Organization for Migration")
    client.force_login(secretariat)

    rows = _rows(client.get(reverse("members:agency_csv"), {"q": "Labour"}))

    assert [r[0] for r in rows[1:]] == ["ILO"]


def test_people_csv_is_for_the_secretariat_only(client, db, secretariat):
    focal = PersonFactory(full_name="Amina Focal")
    client.force_login(focal)
    assert client.get(reverse("members:person_csv")).status_code == 403

    client.force_login(secretariat)
    rows = _rows(client.get(reverse("members:person_csv"), {"q": "Amina"}))

    assert rows[1][0] == "Amina Focal"
    assert rows[1][1] == focal.email


def test_list_pages_link_their_csv_with_the_filters(client, db, secretariat):
    client.force_login(secretariat)

    body = client.get(reverse("members:agency_list"), {"q": "Lab"}).content.decode()

    assert reverse("members:agency_csv") + "?q=Lab" in body
