import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.services.calendar import meetings_ics
from members.models import Person
from tests.factories import MeetingFactory, OrganizationFactory, PersonFactory

ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")


def _events(body: bytes):
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_ics_keeps_the_meetings_zone_across_a_dst_change(db):
    # 28 March 2027: Zurich goes from UTC+1 to UTC+2.
    winter = MeetingFactory(start=datetime.datetime(2027, 3, 27, 9, 0, tzinfo=datetime.UTC))
    summer = MeetingFactory(start=datetime.datetime(2027, 3, 29, 8, 0, tzinfo=datetime.UTC))

    events = _events(meetings_ics([winter, summer], name="test"))

    starts = [e.decoded("dtstart") for e in events]
    assert [s.utcoffset() for s in starts] == [
        datetime.timedelta(hours=1),
        datetime.timedelta(hours=2),
    ]
    assert [s.hour for s in starts] == [10, 10]
    assert all(e["dtstart"].params["TZID"] == "Europe/Zurich" for e in events)
    assert starts == [winter.start, summer.start]
    assert b"BEGIN:VTIMEZONE" in meetings_ics([winter], name="test")


def test_ics_shows_cancelled_and_higher_sequence(db):
    secretariat = PersonFactory(secretariat=True)
    meeting = MeetingFactory()
    services.meeting_update(meeting=meeting, actor=secretariat, version=1, venue="Palais")
    services.meeting_cancel(meeting=meeting, actor=secretariat, reason="No quorum")
    meeting.refresh_from_db()

    (event,) = _events(meetings_ics([meeting], name="test"))

    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 2
    assert str(event["location"]) == "Palais"
    assert "No quorum" in str(event["description"])


def test_meeting_ics_download(client, db):
    person = PersonFactory()
    meeting = MeetingFactory(title="Principals' meeting, Q2 2027")
    client.force_login(person)

    response = client.get(reverse("meetings:ics", args=[meeting.pk]))

    assert response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    assert str(event["summary"]) == "Principals' meeting, Q2 2027"


def test_private_feed_works_signed_out_and_stops_when_revoked(client, db):
    person = PersonFactory()
    MeetingFactory()
    MeetingFactory(status="cancelled", cancel_reason="x")
    token = services.calendar_feed_renew(person=person)
    url = reverse("meetings:feed", args=[token])

    response = client.get(url)

    assert response.status_code == 200
    assert len(_events(response.content)) == 2
    services.calendar_feed_revoke(person=person)
    assert client.get(url).status_code == 404


def test_private_feed_renewal_kills_the_old_address(client, db):
    person = PersonFactory()
    old = services.calendar_feed_renew(person=person)
    new = services.calendar_feed_renew(person=person)

    assert client.get(reverse("meetings:feed", args=[old])).status_code == 404
    assert client.get(reverse("meetings:feed", args=[new])).status_code == 200


@pytest.mark.parametrize("who", ["guest", "inactive"])
def test_private_feed_of_someone_who_may_not_see_meetings_is_not_found(client, db, who):
    # The feed was made while the person was a focal point; since then they became
    # a guest or were deactivated (neither may ask for a feed any more).
    person = PersonFactory()
    token = services.calendar_feed_renew(person=person)
    if who == "guest":
        Person.objects.filter(pk=person.pk).update(
            role="guest", agency=None, organization=OrganizationFactory()
        )
    else:
        Person.objects.filter(pk=person.pk).update(is_active=False)

    assert client.get(reverse("meetings:feed", args=[token])).status_code == 404


def test_feed_settings_page_shows_the_new_address_once(client, db):
    person = PersonFactory()
    client.force_login(person)

    body = client.post(reverse("meetings:feed_settings"), {"action": "renew"}).content.decode()
    again = client.get(reverse("meetings:feed_settings")).content.decode()

    assert "/meetings/feed/" in body
    assert "/meetings/feed/" not in again


def test_feed_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    person = PersonFactory()
    token = services.calendar_feed_renew(person=person)
    with time_machine.travel(datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)):
        for day in range(100):
            MeetingFactory(
                start=datetime.datetime(2027, 2, 1, 9, tzinfo=datetime.UTC)
                + datetime.timedelta(days=day)
            )

    with django_assert_max_num_queries(4):
        response = client.get(reverse("meetings:feed", args=[token]))
    assert len(_events(response.content)) == 100


def test_private_feed_carries_a_year_back_and_everything_ahead(client, db):
    person = PersonFactory()
    token = services.calendar_feed_renew(person=person)
    now = datetime.datetime(2027, 6, 1, 9, tzinfo=datetime.UTC)
    for title, days in [("Two years ago", -730), ("Last autumn", -200), ("Next spring", 300)]:
        MeetingFactory(title=title, start=now + datetime.timedelta(days=days))

    with time_machine.travel(now):
        response = client.get(reverse("meetings:feed", args=[token]))

    assert [str(e["summary"]) for e in _events(response.content)] == [
        "Last autumn",
        "Next spring",
    ]


def test_private_feed_answers_304_until_a_meeting_changes(client, db):
    person = PersonFactory()
    secretariat = PersonFactory(secretariat=True)
    meeting = MeetingFactory()
    url = reverse("meetings:feed", args=[services.calendar_feed_renew(person=person)])

    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    services.meeting_update(meeting=meeting, actor=secretariat, version=1, venue="Palais")
    changed = client.get(url, headers={"if-none-match": first["ETag"]})

    assert first.status_code == 200
    assert "private" in first["Cache-Control"]
    assert "no-store" not in first["Cache-Control"]
    assert (again.status_code, again.content) == (304, b"")
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert str(_events(changed.content)[0]["location"]) == "Palais"
