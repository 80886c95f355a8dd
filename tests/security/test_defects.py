"""Server errors and loops found by fuzzing, each a 4xx or a redirect now."""

import pytest
from django.urls import reverse

from agenda.enums import ProposalState
from tests.factories import MeetingFactory, PersonFactory


@pytest.mark.parametrize("next_value", ["dashboard", "foo", "https://evil.example/", "//evil", ""])
def test_person_action_next_without_slash_goes_to_the_list(client, secretariat, next_value):
    person = PersonFactory()
    client.force_login(secretariat)

    response = client.post(
        reverse("members:person_deactivate", args=[person.pk]),
        {"next": next_value, "confirm": "yes"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("members:person_list")


def test_person_action_next_on_this_site_is_followed(client, secretariat):
    person = PersonFactory()
    client.force_login(secretariat)

    response = client.post(
        reverse("members:person_deactivate", args=[person.pk]),
        {"next": "/members/people/?q=a", "confirm": "yes"},
    )

    assert response["Location"] == "/members/people/?q=a"


@pytest.mark.parametrize("next_value", ["proposal_list", "x", "http://evil.example/"])
def test_proposal_action_next_without_slash_goes_to_the_proposal(client, focal_point, next_value):
    from agenda.models import Proposal

    meeting = MeetingFactory()
    proposal = Proposal.objects.create(
        meeting=meeting, agency=focal_point.agency, author=focal_point, title="T", summary="S"
    )
    client.force_login(focal_point)

    response = client.post(
        reverse("agenda:proposal_withdraw", args=[proposal.pk]), {"next": next_value}
    )

    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert Proposal.objects.get(pk=proposal.pk).state in {ProposalState.WITHDRAWN, proposal.state}


@pytest.mark.parametrize("path", ["/admin/", "/admin/members/person/"])
def test_admin_for_a_signed_in_non_secretariat_person_is_403(client, focal_point, path):
    client.force_login(focal_point)

    response = client.get(path, follow=True)

    assert response.status_code == 403
    assert len(response.redirect_chain) <= 1
    assert "You may not open this page" in response.content.decode()


def test_admin_for_anonymous_goes_to_sign_in(client, db):
    response = client.get("/admin/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("login"))


def test_admin_opens_for_the_secretariat(client, secretariat):
    client.force_login(secretariat)

    assert client.get("/admin/").status_code == 200
