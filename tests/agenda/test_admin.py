import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_secretariat_reads_proposals_in_the_admin_but_cannot_change_them(
    client, secretariat, make_proposal
):
    proposal = make_proposal()
    client.force_login(secretariat)
    assert client.get(reverse("admin:agenda_proposal_changelist")).status_code == 200
    assert client.get(reverse("admin:agenda_proposal_add")).status_code == 403
    page = client.get(reverse("admin:agenda_proposal_change", args=[proposal.pk]))
    assert page.status_code == 200
    assert b'type="submit" value="Save"' not in page.content


def test_focal_point_has_no_admin(client, proposer):
    client.force_login(proposer)
    assert client.get(reverse("admin:agenda_proposal_changelist")).status_code == 302
