"""The minutes floor's fixtures: a meeting with a chair's office, a published agenda, minutes."""

from tests.minutes.conftest import (  # noqa: F401
    _clock,
    attending_agency,
    chair_agency,
    chair_office,
    meeting,
    member_focal,
    minutes,
    published_agenda,
    section,
)
