"""Each members form that edits an existing object, saved unchanged, changes nothing."""

import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory, PersonFactory
from tests.unchanged import post_unchanged, state_of

pytestmark = pytest.mark.django_db


def test_agency_saved_unchanged(client, secretariat, agency):
    before = state_of(agency)
    client.force_login(secretariat)

    response = post_unchanged(
        client, reverse("members:agency_edit", args=[agency.pk]), with_field="name"
    )

    assert response.status_code == 302
    assert state_of(agency) == before


def test_organization_saved_unchanged(client, secretariat):
    organization = OrganizationFactory()
    before = state_of(organization)
    client.force_login(secretariat)

    response = post_unchanged(
        client, reverse("members:organization_edit", args=[organization.pk]), with_field="name"
    )

    assert response.status_code == 302
    assert state_of(organization) == before


@pytest.mark.parametrize("kind", ["focal_point", "guest"])
def test_person_saved_unchanged(client, secretariat, agency, kind):
    if kind == "guest":
        person = PersonFactory(guest=True, title="Adviser", time_zone="Africa/Nairobi")
    else:
        person = PersonFactory(agency=agency, title="Officer", language="fr")
    before = state_of(person)
    client.force_login(secretariat)

    response = post_unchanged(
        client, reverse("members:person_edit", args=[person.pk]), with_field="email"
    )

    assert response.status_code == 302
    assert state_of(person) == before


def test_profile_saved_unchanged(client, focal_point):
    focal_point.language = "es"
    focal_point.time_zone = "America/New_York"
    focal_point.save()
    client.force_login(focal_point)
    before = state_of(focal_point)

    response = post_unchanged(client, reverse("profile"), with_field="full_name")

    assert response.status_code == 302
    assert state_of(focal_point) == before
