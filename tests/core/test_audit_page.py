"""The audit page for the secretariat, and each object's history in words."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from core.audit import audit_record
from core.models import AuditEntry
from meetings import services as meeting_services
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(secretariat):
    """A meeting changed and cancelled, an agency changed, by two people."""
    other = PersonFactory(secretariat=True, full_name="Olga Other")
    ChairTermFactory(agency=AgencyFactory(acronym="CHR"))
    meeting = MeetingFactory(title="Principals' meeting, Q2 2027")
    meeting_services.meeting_update(
        meeting=meeting, actor=secretariat, version=meeting.version, venue="Room XII"
    )
    meeting.refresh_from_db()
    meeting_services.meeting_cancel(meeting=meeting, actor=other, reason="No quorum")
    agency = AgencyFactory(acronym="UNCTAD")
    audit_record(actor=other, action="agency.update", target=agency, fields=["website"])
    return {"meeting": meeting, "agency": agency, "other": other}


def test_the_audit_page_per_role(client, secretariat, focal_point, principal, guest, history):
    url = reverse("core:audit")
    assert client.get(url).status_code == 302
    for person in (focal_point, principal, guest):
        client.force_login(person)
        assert client.get(url).status_code == 403
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


def test_the_audit_page_says_in_words_who_did_what(client, secretariat, history):
    client.force_login(secretariat)

    page = client.get(reverse("core:audit")).content.decode()

    assert "changed venue of Principals&#x27; meeting, Q2 2027" in page
    assert "cancelled Principals&#x27; meeting, Q2 2027: No quorum" in page
    assert "changed website of UNCTAD" in page
    assert "Olga Other" in page
    assert f'href="{history["meeting"].get_absolute_url()}"' in page


def test_the_filters_select_by_who_kind_object_and_date(client, secretariat, history):
    client.force_login(secretariat)
    url = reverse("core:audit")

    def words(**params):
        page = client.get(url, params).content.decode()
        return ("cancelled" in page, "changed venue" in page, "changed website" in page)

    assert words(who="Olga") == (True, False, True)
    assert words(kind="meeting") == (True, True, False)
    assert words(model="members.agency") == (False, False, True)
    assert words(model="meetings.meeting", object_id=str(history["meeting"].pk)) == (
        True,
        True,
        False,
    )
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert words(since=tomorrow.isoformat()) == (False, False, False)


def test_the_audit_page_is_paginated_with_queries_that_do_not_grow(
    client, secretariat, history, django_assert_max_num_queries
):
    client.force_login(secretariat)
    url = reverse("core:audit")
    with django_assert_max_num_queries(12):
        client.get(url)
    agency = history["agency"]
    AuditEntry.objects.bulk_create(
        AuditEntry(actor=secretariat, action="agency.update", target=agency, details={"fields": []})
        for _ in range(120)
    )

    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()

    assert "Page 1 of 3" in page
    assert client.get(url, {"page": 3}).status_code == 200


def test_the_csv_has_what_the_filters_select(client, secretariat, history):
    client.force_login(secretariat)

    response = client.get(reverse("core:audit"), {"kind": "meeting", "format": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["When (UTC)", "Who", "Action"]
    assert [row[2] for row in rows[1:]] == ["meeting.cancel", "meeting.update"]
    assert rows[1][1] == "Olga Other"
    assert rows[1][3] == "cancelled Principals' meeting, Q2 2027: No quorum"


def test_an_objects_page_shows_its_own_history_to_the_secretariat_only(
    client, secretariat, focal_point, history
):
    url = history["meeting"].get_absolute_url()
    client.force_login(secretariat)
    page = client.get(url).content.decode()
    agency_page = client.get(
        reverse("members:agency_detail", args=[history["agency"].pk])
    ).content.decode()

    assert "Olga Other cancelled Principals&#x27; meeting, Q2 2027: No quorum" in page
    assert "changed website of UNCTAD" not in page
    assert "Olga Other changed website of UNCTAD" in agency_page
    client.force_login(focal_point)
    assert "Olga Other cancelled" not in client.get(url).content.decode()
