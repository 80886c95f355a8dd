import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from agenda import services as agenda_services
from agenda.models import Agenda, AgendaVersion
from tests.factories import AgencyFactory, MeetingFactory, OrganizationFactory, PersonFactory

ROOT = "/oparl/v1/"


def _get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def _walk(client, validate, start):
    """Follow every link from ``start`` as a client would; return the objects seen by type."""
    seen, queue, by_type = set(), [start], {}
    while queue:
        url = queue.pop()
        if url in seen or not url.startswith("http://testserver" + ROOT):
            continue
        seen.add(url)
        data = _get(client, url)
        if "data" in data and "pagination" in data:
            for obj in data["data"]:
                validate(obj)
                by_type.setdefault(obj["type"].rsplit("/", 1)[-1], []).append(obj)
                queue.append(obj["id"])
            if "next" in data["links"]:
                queue.append(data["links"]["next"])
            else:
                assert data["pagination"]["currentPage"] == data["pagination"]["totalPages"]
            continue
        validate(data)
        by_type.setdefault(data["type"].rsplit("/", 1)[-1], []).append(data)
        for key, value in data.items():
            if key in ("id", "accessUrl", "downloadUrl", "web", "website", "oparlVersion"):
                continue
            for link in value if isinstance(value, list) else [value]:
                if isinstance(link, str) and link.startswith("http://testserver"):
                    queue.append(link.split("#")[0])
    return by_type


def test_the_whole_api_validates_against_the_oparl_schemas(client, db, published, validate):
    AgencyFactory.create_batch(25)  # the organization list runs over two pages
    OrganizationFactory(name="Civil Society Forum", acronym="CSF")

    found = _walk(client, validate, "http://testserver" + ROOT)

    assert {"System", "Body", "Organization", "Meeting", "Membership"} <= set(found)
    meeting = next(m for m in found["Meeting"] if m["name"] == "Principals' meeting, Q2 2027")
    assert meeting["resultsProtocol"]["name"].endswith("/Min")
    assert [item["order"] for item in meeting["agendaItem"]] == list(
        range(1, len(meeting["agendaItem"]) + 1)
    )
    assert "Labour migration statistics" in [item["name"] for item in meeting["agendaItem"]]
    assert any(o["shortName"] == "CSF" for o in found["Organization"] if "shortName" in o)


def test_a_meeting_without_a_published_agenda_is_not_served(client, db, published_agenda):
    hidden = MeetingFactory(title="Planned, nothing published")

    listed = _get(client, reverse("oparl:meeting_list"))["data"]

    assert [m["name"] for m in listed] == ["Principals' meeting, Q2 2027"]
    assert client.get(reverse("oparl:meeting", args=[hidden.pk])).status_code == 404


def test_people_are_not_published_unless_the_group_says_so(client, db, settings, chair_office):
    assert _get(client, reverse("oparl:person_list"))["data"] == []
    assert client.get(reverse("oparl:person", args=[chair_office.pk])).status_code == 404

    settings.GMG_OPARL_PEOPLE = True
    people = _get(client, reverse("oparl:person_list"))["data"]

    assert [p["name"] for p in people] == ["Chair Focal"]
    assert "email" not in people[0]
    assert "phone" not in people[0]


def test_lists_filter_by_creation_and_modification(client, db, published_agenda):
    url = reverse("oparl:meeting_list")
    later = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)).isoformat()

    assert len(_get(client, url, created_until=later)["data"]) == 1
    assert _get(client, url, modified_since=later)["data"] == []
    assert client.get(url, {"modified_since": "yesterday"}).status_code == 400
    assert client.get(url, {"page": "0"}).status_code == 400


def test_an_item_dropped_by_a_later_version_stays_as_deleted(
    client, db, meeting, chair_office, published_agenda, validate
):
    agenda = meeting.agenda
    agenda.refresh_from_db()
    item = agenda.items.get(title="Labour migration statistics")
    item_id = item.pk
    agenda_services.agenda_item_remove(item=item, actor=chair_office, version=agenda.version)
    agenda.refresh_from_db()
    agenda_services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    data = _get(client, reverse("oparl:agenda_item", args=[meeting.pk, item_id]))

    validate(data)
    assert data["deleted"] is True
    names = [
        i["name"] for i in _get(client, reverse("oparl:meeting", args=[meeting.pk]))["agendaItem"]
    ]
    assert "Labour migration statistics" not in names


def test_a_published_pdf_downloads_and_answers_head(client, db, published_agenda):
    version = AgendaVersion.objects.get()
    version.pdf.save("agenda.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    url = reverse("oparl:file_download", args=[f"agenda-{version.pk}"])

    head = client.head(url)
    body = client.get(url)

    assert head.status_code == 200
    assert head["Content-Type"] == "application/pdf"
    assert b"".join(body.streaming_content) == b"%PDF-1.7 test"
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("extra", [0, 4])
def test_meeting_list_queries_do_not_grow(
    client, db, chair_office, meeting, published_agenda, extra, django_assert_max_num_queries
):
    for number in range(extra):
        other = MeetingFactory(
            title=f"Extra {number}",
            start=datetime.datetime(2027, 3, 2 + number, 9, tzinfo=datetime.UTC),
        )
        agenda = Agenda.objects.get(meeting=other)
        agenda_services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    with django_assert_max_num_queries(8):
        data = _get(client, reverse("oparl:meeting_list"))

    assert len(data["data"]) == 1 + extra


def test_guessing_ids_finds_nothing_private(client, db):
    person = PersonFactory()
    for url in (
        reverse("oparl:organization", args=["agency-99999999999999"]),
        reverse("oparl:organization", args=["nothing-1"]),
        reverse("oparl:file", args=["draft-1"]),
        reverse("oparl:person", args=[person.pk]),
    ):
        assert client.get(url).status_code == 404, url
