"""Attendance of a meeting nobody registered for: the chair's office adds who attended."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings import services
from meetings.enums import MeetingStatus
from meetings.models import Delegate
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db
AFTER_MEETING = datetime.datetime(2027, 5, 12, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def setup(db):
    chair, other = AgencyFactory(acronym="CHR"), AgencyFactory(acronym="OTH")
    ChairTermFactory(agency=chair, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30))
    return {
        "meeting": MeetingFactory(start=datetime.datetime(2027, 5, 11, 8, tzinfo=datetime.UTC)),
        "chair_fp": PersonFactory(agency=chair),
        "fp": PersonFactory(agency=other, full_name="Ana Focal"),
        "head": PersonFactory(agency=other, role="principal", full_name="Bo Head"),
    }


def test_the_chair_adds_attendees_when_nobody_registered(client, setup):
    s = setup
    url = reverse("meetings:attendance", args=[s["meeting"].pk])

    with time_machine.travel(AFTER_MEETING, tick=False):
        client.force_login(s["chair_fp"])
        page = client.get(url).content.decode()
        response = client.post(url, {"add": "1", "person": s["head"].pk, "rsvp": "online"})
        after = client.get(url).content.decode()

    assert "Nobody registered for this meeting" in page
    assert "Bo Head (OTH)" in page
    assert response.status_code == 302
    delegate = Delegate.objects.get()
    assert (delegate.person, delegate.agency.acronym, delegate.rsvp, delegate.attended) == (
        s["head"],
        "OTH",
        "online",
        True,
    )
    s["meeting"].refresh_from_db()
    assert s["meeting"].status == MeetingStatus.HELD
    assert "Bo Head (OTH)" in after  # now a ticked attendee, no longer offered to add


def test_a_guest_or_a_secretariat_person_is_not_a_delegate(setup):
    s = setup
    with time_machine.travel(AFTER_MEETING, tick=False), pytest.raises(ValidationError):
        services.attendance_add(
            meeting=s["meeting"], actor=s["chair_fp"], person=PersonFactory(guest=True)
        )


def test_others_cannot_add_attendees(client, setup):
    s = setup
    with time_machine.travel(AFTER_MEETING, tick=False):
        with pytest.raises(PermissionDenied):
            services.attendance_add(meeting=s["meeting"], actor=s["fp"], person=s["head"])
        client.force_login(s["fp"])
        response = client.post(
            reverse("meetings:attendance", args=[s["meeting"].pk]),
            {"add": "1", "person": s["head"].pk, "rsvp": "online"},
        )

    assert response.status_code == 403
    assert not Delegate.objects.exists()
