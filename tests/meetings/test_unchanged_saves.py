"""Each meetings form that edits an existing object, saved unchanged, changes nothing."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from meetings import services
from meetings.enums import Kind, Rsvp
from meetings.models import Delegate
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory
from tests.unchanged import post_unchanged, state_of

pytestmark = pytest.mark.django_db

BEFORE = datetime.datetime(2027, 4, 1, 9, 0, tzinfo=datetime.UTC)
AFTER_MEETING = datetime.datetime(2027, 5, 12, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def setup(db):
    chair, other = AgencyFactory(acronym="CHR"), AgencyFactory(acronym="OTH")
    ChairTermFactory(agency=chair, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30))
    return {
        "meeting": MeetingFactory(
            start=datetime.datetime(2027, 5, 11, 8, tzinfo=datetime.UTC),
            venue="Palais des Nations, Room XII",
            online_link="https://meet.example.org/gmg",
            description="With the new chair.",
        ),
        "secretariat": PersonFactory(secretariat=True),
        "chair_fp": PersonFactory(agency=chair),
        "fp": PersonFactory(agency=other, full_name="Ana Focal"),
        "head": PersonFactory(agency=other, role="principal", full_name="Bo Head"),
        "other": other,
    }


@pytest.mark.parametrize("who", ["secretariat", "chair_fp"])
def test_meeting_saved_unchanged(client, setup, who, django_capture_on_commit_callbacks):
    meeting = setup["meeting"]
    with time_machine.travel(BEFORE, tick=False):
        before = state_of(meeting)
        client.force_login(setup[who])
        with django_capture_on_commit_callbacks(execute=True):
            response = post_unchanged(
                client, reverse("meetings:edit", args=[meeting.pk]), with_field="title"
            )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert state_of(meeting) == before


def test_ad_hoc_meeting_with_a_default_title_saved_unchanged(client, setup):
    with time_machine.travel(BEFORE, tick=False):
        meeting = services.meeting_create(
            actor=setup["secretariat"],
            level="principals",
            kind=Kind.AD_HOC,
            start=datetime.datetime(2027, 5, 20, 8, tzinfo=datetime.UTC),
            end=datetime.datetime(2027, 5, 20, 10, tzinfo=datetime.UTC),
            time_zone="Europe/Zurich",
        )
        before = state_of(meeting)
        client.force_login(setup["secretariat"])
        response = post_unchanged(
            client, reverse("meetings:edit", args=[meeting.pk]), with_field="title"
        )

    assert response.status_code == 302
    assert state_of(meeting) == before


def test_delegation_saved_unchanged(client, setup):
    s = setup
    with time_machine.travel(BEFORE, tick=False):
        services.delegation_save(
            meeting=s["meeting"],
            agency=s["other"],
            actor=s["fp"],
            entries=[
                services.Entry(person=s["head"], rsvp=Rsvp.IN_PERSON, is_head=True),
                services.Entry(person=s["fp"], rsvp=Rsvp.ONLINE),
            ],
        )
        before = [state_of(d) for d in Delegate.objects.order_by("pk")]
        client.force_login(s["fp"])
        response = post_unchanged(
            client, reverse("meetings:delegation", args=[s["meeting"].pk]), with_field="head"
        )

    assert response.status_code == 302
    assert [state_of(d) for d in Delegate.objects.order_by("pk")] == before


def test_attendance_saved_unchanged(client, setup):
    s = setup
    with time_machine.travel(BEFORE, tick=False):
        services.delegation_save(
            meeting=s["meeting"],
            agency=s["other"],
            actor=s["fp"],
            entries=[
                services.Entry(person=s["head"], rsvp=Rsvp.IN_PERSON, is_head=True),
                services.Entry(person=s["fp"], rsvp=Rsvp.ONLINE),
            ],
        )
    with time_machine.travel(AFTER_MEETING, tick=False):
        services.attendance_record(
            meeting=s["meeting"],
            actor=s["chair_fp"],
            attended_ids=[Delegate.objects.get(person=s["fp"]).pk],
        )
        before = [state_of(d) for d in Delegate.objects.order_by("pk")]
        client.force_login(s["chair_fp"])
        response = post_unchanged(
            client, reverse("meetings:attendance", args=[s["meeting"].pk]), with_field="attended"
        )

    assert response.status_code == 302
    assert [state_of(d) for d in Delegate.objects.order_by("pk")] == before
