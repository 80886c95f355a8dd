import datetime

import pytest
import time_machine

from agenda import services as agenda_services
from agenda.models import Agenda
from meetings.models import Delegate
from minutes import services
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory


@pytest.fixture(autouse=True)
def _clock():
    """The day after the meeting below, so that comment periods and due dates do not
    depend on when the tests run (tests that move the clock travel again inside)."""
    with time_machine.travel(datetime.datetime(2027, 5, 12, 10, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def chair_agency(db):
    return AgencyFactory(acronym="CHAIR", name="Chairing Agency")


@pytest.fixture
def meeting(chair_agency):
    ChairTermFactory(
        agency=chair_agency, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30)
    )
    return MeetingFactory(title="Principals' meeting, Q2 2027")


@pytest.fixture
def chair_office(chair_agency):
    return PersonFactory(agency=chair_agency, full_name="Chair Focal")


@pytest.fixture
def other_chair_office(db):
    """The chair's office of another meeting (a later term)."""
    agency = AgencyFactory(acronym="NEXT", name="Next Chair")
    ChairTermFactory(
        agency=agency, start=datetime.date(2027, 7, 1), end=datetime.date(2027, 12, 31)
    )
    MeetingFactory(
        title="Principals' meeting, Q4 2027",
        start=datetime.datetime(2027, 11, 9, 9, 0, tzinfo=datetime.UTC),
    )
    return PersonFactory(agency=agency, full_name="Next Focal")


@pytest.fixture
def attending_agency(meeting):
    return AgencyFactory(acronym="ATT", name="Attending Agency")


@pytest.fixture
def member_focal(attending_agency, meeting, chair_office):
    """A focal point of an agency that attended the meeting."""
    person = PersonFactory(agency=attending_agency, full_name="Member Focal")
    Delegate.objects.create(
        meeting=meeting, agency=attending_agency, person=person, rsvp="in_person", is_head=True
    )
    return person


@pytest.fixture
def published_agenda(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    agenda_services.agenda_item_save(
        agenda=agenda,
        actor=chair_office,
        version=agenda.version,
        title="Labour migration statistics",
        minutes=30,
    )
    return agenda_services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)


@pytest.fixture
def minutes(published_agenda, meeting, chair_office):
    return services.minutes_start(meeting=meeting, actor=chair_office)


@pytest.fixture
def section(minutes):
    return minutes.sections.get(number=4)


AFTER_MEETING = datetime.datetime(2027, 5, 12, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def circulated(minutes, chair_office, member_focal):
    return services.minutes_transition(
        minutes=minutes, to="circulated", actor=chair_office, now=AFTER_MEETING
    )


@pytest.fixture
def published(circulated, chair_office):
    services.minutes_transition(
        minutes=circulated,
        to="final",
        actor=chair_office,
        now=AFTER_MEETING + datetime.timedelta(days=11),
    )
    return services.minutes_transition(
        minutes=circulated,
        to="published",
        actor=chair_office,
        now=AFTER_MEETING + datetime.timedelta(days=12),
    )


@pytest.fixture
def action_point(section, chair_office, attending_agency):
    return services.action_point_save(
        section=section,
        actor=chair_office,
        text="Share the data note with all members",
        agencies=[attending_agency],
        due=datetime.date(2027, 6, 30),
        person="Member Focal",
    )
