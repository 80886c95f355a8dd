"""The agenda and its standing items exist from the moment a meeting is created."""

import datetime
import importlib
import zoneinfo

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.enums import StandingItem
from agenda.models import Agenda, AgendaItem
from meetings import services as meeting_services
from tests.factories import MeetingFactory
from tests.pages import RENDER

pytestmark = pytest.mark.django_db
ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")

WRITES = ("INSERT", "UPDATE", "DELETE")


def _create(secretariat, day):
    return meeting_services.meeting_create(
        actor=secretariat,
        level="principals",
        kind="regular",
        start=datetime.datetime(2027, day.month, day.day, 10, tzinfo=ZURICH),
        end=datetime.datetime(2027, day.month, day.day, 13, tzinfo=ZURICH),
        time_zone="Europe/Zurich",
    )


def _adopts(meeting):
    item = AgendaItem.objects.get(agenda__meeting=meeting, standing=StandingItem.ADOPT_MINUTES)
    return item.linked_meeting


def test_creating_a_meeting_gives_it_its_agenda_and_standing_items(secretariat):
    march = _create(secretariat, datetime.date(2027, 3, 9))
    june = _create(secretariat, datetime.date(2027, 6, 8))

    standing = list(
        AgendaItem.objects.filter(agenda__meeting=june)
        .order_by("position")
        .values_list("standing", flat=True)
    )
    assert standing == [
        StandingItem.ADOPT_AGENDA,
        StandingItem.ADOPT_MINUTES,
        StandingItem.FOLLOW_UP,
        StandingItem.AOB,
    ]
    assert _adopts(june) == march
    assert _adopts(march) is None


def test_a_meeting_added_in_between_is_the_one_the_next_agenda_adopts(secretariat):
    march = _create(secretariat, datetime.date(2027, 3, 9))
    june = _create(secretariat, datetime.date(2027, 6, 8))

    april = _create(secretariat, datetime.date(2027, 4, 20))

    assert _adopts(april) == march
    assert _adopts(june) == april


def _writes(queries):
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES) and "django_session" not in q["sql"]
    ]


@pytest.mark.parametrize("has_agenda", [True, False])
def test_the_agenda_page_writes_nothing(client, secretariat, has_agenda):
    meeting = MeetingFactory()
    if not has_agenda:
        Agenda.objects.filter(meeting=meeting).delete()
    client.force_login(secretariat)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("agenda:agenda", args=[meeting.pk]), headers=RENDER)

    assert response.status_code == 200
    assert ("Any other business" in response.content.decode()) == has_agenda
    assert _writes(queries) == []
    assert Agenda.objects.filter(meeting=meeting).exists() == has_agenda


def test_the_migration_gives_older_meetings_their_agenda(secretariat):
    march = MeetingFactory(start=datetime.datetime(2027, 3, 9, 9, tzinfo=datetime.UTC))
    june = MeetingFactory(start=datetime.datetime(2027, 6, 8, 9, tzinfo=datetime.UTC))
    # Meetings from before this release: no page had opened their agenda yet.
    Agenda.objects.filter(meeting__in=[march, june]).delete()
    kept = MeetingFactory(start=datetime.datetime(2027, 9, 14, 9, tzinfo=datetime.UTC))
    kept_items = set(AgendaItem.objects.filter(agenda__meeting=kept).values_list("pk", flat=True))

    migration = importlib.import_module("agenda.migrations.0004_an_agenda_for_every_meeting")
    migration.add_missing_agendas(apps, None)

    assert Agenda.objects.filter(meeting__in=[march, june, kept]).count() == 3
    assert _adopts(june) == march
    assert AgendaItem.objects.get(agenda__meeting=march, standing=StandingItem.AOB).title == (
        "Any other business"
    )
    assert set(AgendaItem.objects.filter(agenda__meeting=kept).values_list("pk", flat=True)) == (
        kept_items
    )
