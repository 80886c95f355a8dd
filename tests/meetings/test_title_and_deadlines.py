"""A title made from the date follows the date; short-notice meetings get deadlines that
can still be met."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from meetings import services
from meetings.enums import Kind, Level
from tests.factories import PersonFactory

ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")
pytestmark = pytest.mark.django_db


def _at(*args):
    return datetime.datetime(*args, tzinfo=ZURICH)


@pytest.fixture
def now():
    with time_machine.travel(
        datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield datetime.date(2026, 11, 20)


@pytest.fixture
def secretariat(db):
    return PersonFactory(secretariat=True)


def _ad_hoc(secretariat, day, **fields):
    return services.meeting_create(
        actor=secretariat,
        level=Level.PRINCIPALS,
        kind=Kind.AD_HOC,
        start=_at(2026, 12, day, 10),
        end=_at(2026, 12, day, 12),
        time_zone="Europe/Zurich",
        **fields,
    )


def _move(meeting, actor, day, **fields):
    return services.meeting_update(
        meeting=meeting,
        actor=actor,
        version=meeting.version,
        start=_at(2026, 12, day, 10),
        end=_at(2026, 12, day, 12),
        title=fields.pop("title", meeting.title),
        **fields,
    )


def test_a_default_title_follows_a_new_date(secretariat, now):
    meeting = _ad_hoc(secretariat, 10)
    assert meeting.title == "Ad hoc principals' meeting, 10 December 2026"

    _move(meeting, secretariat, 1)

    meeting.refresh_from_db()
    assert meeting.title == "Ad hoc principals' meeting, 1 December 2026"


def test_a_typed_title_stays_when_the_date_moves(secretariat, now):
    meeting = _ad_hoc(secretariat, 10, title="Special session on the Global Compact")

    _move(meeting, secretariat, 1)

    meeting.refresh_from_db()
    assert meeting.title == "Special session on the Global Compact"


def test_typing_a_title_stops_it_following_and_emptying_it_brings_the_default_back(
    secretariat, now
):
    meeting = _ad_hoc(secretariat, 10)
    _move(meeting, secretariat, 10, title="Special session")
    meeting.refresh_from_db()
    _move(meeting, secretariat, 3)
    meeting.refresh_from_db()
    assert meeting.title == "Special session"

    _move(meeting, secretariat, 4, title="")

    meeting.refresh_from_db()
    assert meeting.title == "Ad hoc principals' meeting, 4 December 2026"
    _move(meeting, secretariat, 5)
    meeting.refresh_from_db()
    assert meeting.title == "Ad hoc principals' meeting, 5 December 2026"


def test_the_edit_page_moves_the_default_title_with_the_date(client, secretariat, now):
    meeting = _ad_hoc(secretariat, 10)
    client.force_login(secretariat)

    response = client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        {
            "version": meeting.version,
            "title": meeting.title,
            "date": "2026-12-01",
            "start_time": "10:00",
            "end_time": "12:00",
            "time_zone": "Europe/Zurich",
            "proposal_deadline": "2026-11-25",
            "registration_deadline": "2026-11-28",
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Ad hoc principals' meeting, 1 December 2026"
    month = client.get(reverse("meetings:month", args=[2026, 12])).content.decode()
    assert "Ad hoc principals&#x27; meeting, 1 December 2026" in month
    assert "10 December" not in month


def test_a_short_notice_meeting_gets_deadlines_that_can_still_be_met(secretariat, now):
    meeting = _ad_hoc(secretariat, 1)

    assert meeting.proposal_deadline == now  # 21 days before would be 10 November
    assert meeting.registration_deadline == now + datetime.timedelta(days=4)  # 24 November


def test_a_meeting_far_ahead_keeps_the_usual_deadlines(secretariat, now):
    meeting = _ad_hoc(secretariat, 30)

    assert meeting.proposal_deadline == datetime.date(2026, 12, 9)
    assert meeting.registration_deadline == datetime.date(2026, 12, 23)


def test_the_form_warns_when_a_deadline_typed_is_already_past(client, secretariat, now):
    client.force_login(secretariat)

    response = client.post(
        reverse("meetings:create"),
        {
            "level": "principals",
            "kind": "ad_hoc",
            "date": "2026-12-01",
            "start_time": "10:00",
            "end_time": "12:00",
            "time_zone": "Europe/Zurich",
            "proposal_deadline": "2026-11-10",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "The proposal deadline (10 November 2026) has already passed." in page
    assert "registration deadline" not in page


def test_a_focal_point_after_the_deadline_is_told_whom_to_ask_not_refused(client, secretariat):
    from tests.factories import AgencyFactory

    fp = PersonFactory(agency=AgencyFactory(acronym="IOM"))
    with time_machine.travel(datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC), tick=False):
        meeting = _ad_hoc(secretariat, 10)
    assert meeting.registration_deadline == datetime.date(2026, 12, 3)

    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, tzinfo=datetime.UTC), tick=False):
        client.force_login(fp)
        response = client.get(reverse("meetings:delegation", args=[meeting.pk]))
        detail = client.get(meeting.get_absolute_url()).content.decode()

    page = response.content.decode()
    assert response.status_code == 200
    assert "Registration closed on 3 December 2026" in page
    assert secretariat.email in page
    assert "Registration closed on 3 December 2026: ask the secretariat." in detail


def test_a_guest_is_still_refused_the_delegation_page(client, secretariat, now):
    meeting = _ad_hoc(secretariat, 10)
    client.force_login(PersonFactory(guest=True))

    assert client.get(reverse("meetings:delegation", args=[meeting.pk])).status_code == 403
