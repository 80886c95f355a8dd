"""The agencies owning an action point read as a list of the reader's language."""

import datetime

import pytest
from django.urls import reverse

from minutes import services
from tests.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "owners"),
    [
        ("en", "ATT, CHAIR and ILO"),
        ("fr", "ATT, CHAIR et ILO"),
        ("ar", "ATT وCHAIR وILO"),
        ("zh-hans", "ATT、CHAIR和ILO"),
        ("ru", "ATT, CHAIR и ILO"),
    ],
)
def test_the_owners_of_an_action_point_read_as_a_list(
    client, section, chair_office, attending_agency, chair_agency, language, owners
):
    point = services.action_point_save(
        section=section,
        actor=chair_office,
        text="Share the data note",
        agencies=[attending_agency, chair_agency, AgencyFactory(acronym="ILO")],
        due=datetime.date(2027, 6, 30),
    )
    client.force_login(PersonFactory(secretariat=True, language=language))

    html = client.get(reverse("minutes:action_point", args=[point.pk])).content.decode()

    assert f'<dd class="col-sm-9">{owners}</dd>' in html
