import datetime

import pytest
import time_machine

from agenda.models import PurposeTag
from decisions import services
from tests.factories import AgencyFactory, ChairTermFactory, PersonFactory

UTC = datetime.UTC
# A fixed clock (tests that move it travel again inside): a week before Europe's
# clocks go forward (28 March 2027), two weeks after America's (14 March).
NOW = datetime.datetime(2027, 3, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def purposes(db):
    return [
        PurposeTag.objects.get_or_create(code="common-positions", defaults={"position": 7})[0],
        PurposeTag.objects.get_or_create(code="research-data", defaults={"position": 6})[0],
    ]


@pytest.fixture
def chair_agency(db):
    agency = AgencyFactory(acronym="CHAIR", name="Chairing Agency")
    ChairTermFactory(agency=agency, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30))
    return agency


@pytest.fixture
def chair_office(chair_agency):
    return PersonFactory(agency=chair_agency, full_name="Chair Focal", time_zone="Europe/Zurich")


@pytest.fixture
def earlier_chair_office(db):
    """The chair's office of the term before (ended 31 December 2026)."""
    agency = AgencyFactory(acronym="EARLY", name="Earlier Chair")
    ChairTermFactory(
        agency=agency, start=datetime.date(2026, 7, 1), end=datetime.date(2026, 12, 31)
    )
    return PersonFactory(agency=agency, full_name="Earlier Focal")


@pytest.fixture
def agency_a(db):
    return AgencyFactory(acronym="AAA", name="Agency A")


@pytest.fixture
def agency_b(db):
    return AgencyFactory(acronym="BBB", name="Agency B")


@pytest.fixture
def focal_a(agency_a):
    return PersonFactory(agency=agency_a, full_name="Ada A", time_zone="America/New_York")


@pytest.fixture
def focal_b(agency_b):
    return PersonFactory(agency=agency_b, full_name="Bo B", time_zone="Asia/Tokyo")


@pytest.fixture
def principal_a(agency_a):
    return PersonFactory(agency=agency_a, role="principal", full_name="Head A")


def deadline_in(hours: float, *, now=None) -> datetime.datetime:
    return (now or NOW) + datetime.timedelta(hours=hours)


@pytest.fixture
def make_procedure(chair_office, purposes):
    def make(actor=None, hours=48, **fields):
        values = {
            "title": "Joint statement on migrant workers' rights",
            "text": "The group **adopts** the joint statement.",
            "explanation": "Agreed in substance at the working level.",
            "level": "principals",
            "deadline": deadline_in(hours),
            "time_zone": "Europe/Zurich",
            **fields,
        }
        return services.procedure_create(
            actor=actor or chair_office, purposes=purposes[:1], **values
        )

    return make


@pytest.fixture
def draft(make_procedure):
    return make_procedure()


@pytest.fixture
def worker(django_capture_on_commit_callbacks):
    """What the worker does after a commit (fan-outs, PDFs), done when the block ends."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def circulated(draft, chair_office, focal_a, focal_b, principal_a, worker):
    with worker():
        return services.procedure_transition(procedure=draft, to="circulated", actor=chair_office)
