import datetime

import pytest
import time_machine

from tests.factories import AgencyFactory, PersonFactory


@pytest.fixture
def today():
    """A fixed today for rotation tests: 10 January 2027, mid-morning in Geneva."""
    with time_machine.travel(datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield datetime.date(2027, 1, 10)


@pytest.fixture
def rotation(db):
    """Three member agencies in the rotation order A, B, C."""
    return [
        AgencyFactory(acronym=acronym, rotation_position=position)
        for position, acronym in enumerate(["AAA", "BBB", "CCC"], start=1)
    ]


@pytest.fixture
def chair_office(rotation):
    """A focal point of the first agency in the rotation."""
    return PersonFactory(agency=rotation[0])


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The factories hash a password per person: a fast hasher keeps these tests quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
