"""A focal point adds a delegate by name, title and e-mail: created without an account,
invited only when asked."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import Delegate
from members.models import Person
from notices.models import Notice
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db
BEFORE = datetime.datetime(2027, 4, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def setup(db):
    chair, other = AgencyFactory(acronym="CHR"), AgencyFactory(acronym="OTH")
    ChairTermFactory(agency=chair, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30))
    return {
        "meeting": MeetingFactory(start=datetime.datetime(2027, 5, 11, 8, tzinfo=datetime.UTC)),
        "fp": PersonFactory(agency=other, full_name="Ana Focal"),
        "other": other,
        "chair": chair,
    }


def _add(client, s, **extra):
    data = {
        "add_person": "1",
        "new-full_name": "Carla Nuevo",
        "new-title": "Senior adviser",
        "new-email": "Carla.Nuevo@oth.example.org",
        "new-rsvp": "online",
        **extra,
    }
    return client.post(reverse("meetings:delegation", args=[s["meeting"].pk]), data)


def test_a_delegate_named_by_the_focal_point_has_no_account_and_gets_no_mail(client, setup):
    with time_machine.travel(BEFORE, tick=False):
        client.force_login(setup["fp"])
        response = _add(client, setup)
        page = client.get(reverse("meetings:delegation", args=[setup["meeting"].pk]))

    assert response.status_code == 302
    person = Person.objects.get(email="carla.nuevo@oth.example.org")
    assert (person.full_name, person.title, person.agency, person.role) == (
        "Carla Nuevo",
        "Senior adviser",
        setup["other"],
        "delegate",
    )
    assert not person.has_usable_password()
    assert Delegate.objects.get(person=person).rsvp == "online"
    assert not Notice.objects.filter(recipient=person).exists()
    assert "Carla Nuevo" in page.content.decode()  # now a row of the delegation form


def test_an_invitation_goes_only_when_the_focal_point_asks(client, setup):
    with time_machine.travel(BEFORE, tick=False):
        client.force_login(setup["fp"])
        _add(client, setup, **{"new-invite": "on"})

    person = Person.objects.get(email="carla.nuevo@oth.example.org")
    assert Notice.objects.filter(recipient=person, kind="invitation").count() == 1


def test_an_e_mail_of_another_agency_is_refused_with_a_clear_message(client, setup):
    PersonFactory(agency=setup["chair"], email="carla.nuevo@oth.example.org")
    with time_machine.travel(BEFORE, tick=False):
        client.force_login(setup["fp"])
        response = _add(client, setup)

    assert response.status_code == 200
    assert "is someone of another agency or organization" in response.content.decode()
    assert "Senior adviser" in response.content.decode()  # what was typed is kept
    assert not Delegate.objects.exists()


def test_only_the_agencys_focal_points_and_the_secretariat_may(setup):
    intruder = PersonFactory(agency=setup["chair"])
    with (
        time_machine.travel(BEFORE, tick=False),
        pytest.raises((PermissionDenied, ValidationError)),
    ):
        services.delegation_add_person(
            meeting=setup["meeting"],
            agency=setup["other"],
            actor=intruder,
            full_name="X",
            email="x@example.org",
        )
    assert not Person.objects.filter(email="x@example.org").exists()
