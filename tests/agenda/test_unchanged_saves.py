"""Each agenda form that edits an existing object, saved unchanged, changes nothing."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from agenda import services
from agenda.enums import ProposalState
from agenda.models import Agenda
from tests.agenda.test_services import BEFORE_DEADLINE
from tests.unchanged import post_unchanged, state_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE_DEADLINE):
        yield


@pytest.fixture
def two_purpose_proposal(make_proposal):
    proposal = make_proposal(rationale="Because", minutes_wished=25)
    proposal.purposes.set(["research-data", "information"])
    return proposal


def test_draft_proposal_saved_unchanged_keeps_its_purposes(client, proposer, two_purpose_proposal):
    before = state_of(two_purpose_proposal)
    client.force_login(proposer)

    response = post_unchanged(
        client,
        reverse("agenda:proposal_edit", args=[two_purpose_proposal.pk]),
        with_field="title",
        extra={"save": "1"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert state_of(two_purpose_proposal) == before
    assert sorted(before["purposes"]) == ["information", "research-data"]


def test_submitted_proposal_saved_unchanged_changes_nothing(client, proposer, two_purpose_proposal):
    services.proposal_transition(proposal=two_purpose_proposal, to="submitted", actor=proposer)
    before = state_of(two_purpose_proposal)
    client.force_login(proposer)

    response = post_unchanged(
        client,
        reverse("agenda:proposal_edit", args=[two_purpose_proposal.pk]),
        with_field="title",
        extra={"save": "1"},
    )

    assert response.status_code == 302
    assert state_of(two_purpose_proposal) == before


def test_agenda_item_from_a_proposal_saved_unchanged_keeps_purposes_and_republishes_nothing(
    client, proposer, chair_office, meeting, two_purpose_proposal
):
    services.proposal_transition(proposal=two_purpose_proposal, to="submitted", actor=proposer)
    services.proposal_transition(
        proposal=two_purpose_proposal, to=ProposalState.ACCEPTED, actor=chair_office
    )
    item = two_purpose_proposal.agenda_item
    agenda = item.agenda
    agenda.refresh_from_db()
    services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    before = state_of(item)
    client.force_login(chair_office)

    response = post_unchanged(
        client, reverse("agenda:item_edit", args=[meeting.pk, item.pk]), with_field="title"
    )

    assert response.status_code == 302
    assert state_of(item) == before
    assert sorted(before["purposes"]) == ["information", "research-data"]
    agenda.refresh_from_db()
    with pytest.raises(ValidationError, match="Nothing changed"):
        services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)


def test_standing_item_saved_unchanged_changes_nothing(client, chair_office, meeting):
    agenda = Agenda.objects.get(meeting=meeting)
    item = agenda.items.get(standing="follow-up")
    before = state_of(item)
    client.force_login(chair_office)

    response = post_unchanged(
        client, reverse("agenda:item_edit", args=[meeting.pk, item.pk]), with_field="title"
    )

    assert response.status_code == 302
    assert state_of(item) == before
