"""Who reads the text being worked on: one rule (minutes.view_live_text), asked by the page."""

import pytest
from django.urls import reverse

from minutes.enums import MinutesState
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _people(chair_office, member_focal, secretariat):
    return {
        "chair_office": chair_office,
        "secretariat": secretariat,
        "focal_point": member_focal,
        "principal": PersonFactory(agency=member_focal.agency, role="principal"),
    }


# state -> who reads the live text (everyone else reads the published editions only)
EXPECTED = {
    MinutesState.DRAFT: {"chair_office", "secretariat"},
    MinutesState.CIRCULATED: {"chair_office", "secretariat", "focal_point"},
}


@pytest.mark.parametrize("state", [MinutesState.DRAFT, MinutesState.CIRCULATED])
def test_the_live_text_rule_per_role_and_state(
    client, request, minutes, chair_office, member_focal, secretariat, state
):
    if state == MinutesState.CIRCULATED:
        minutes = request.getfixturevalue("circulated")
    people = _people(chair_office, member_focal, secretariat)

    readers = {
        who for who, person in people.items() if person.has_perm("minutes.view_live_text", minutes)
    }

    assert readers == EXPECTED[state]
    # The page shows the sections exactly to those the rule names.
    for who, person in people.items():
        client.force_login(person)
        response = client.get(reverse("minutes:minutes", args=[minutes.meeting_id]))
        if response.status_code == 200:
            assert response.context["live"] == (who in readers)


def test_a_published_text_is_read_by_every_member_and_its_draft_pdf_by_nobody_outside(
    published, chair_office, member_focal, secretariat
):
    people = _people(chair_office, member_focal, secretariat)

    assert all(p.has_perm("minutes.view_live_text", published) for p in people.values())
    draft_pdf = {w for w, p in people.items() if p.has_perm("minutes.view_draft_pdf", published)}
    assert draft_pdf == {"chair_office", "secretariat"}
