import datetime

import pytest

from agenda.models import Proposal
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory


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
def later_meeting(db):
    return MeetingFactory(
        title="Principals' meeting, Q4 2027",
        start=datetime.datetime(2027, 11, 9, 9, 0, tzinfo=datetime.UTC),
    )


@pytest.fixture
def chair_office(chair_agency):
    return PersonFactory(agency=chair_agency, full_name="Chair Focal")


@pytest.fixture
def proposer(db):
    return PersonFactory(full_name="Proposing Focal")


@pytest.fixture
def make_proposal(proposer, meeting):
    def make(**fields):
        fields.setdefault("meeting", meeting)
        proposal = Proposal.objects.create(
            agency=fields.pop("agency", proposer.agency),
            author=fields.pop("author", proposer),
            title=fields.pop("title", "Data on labour migration"),
            summary="Pooling our data.",
            **fields,
        )
        proposal.purposes.set(["research-data"])
        return proposal

    return make
