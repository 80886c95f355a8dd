"""A presenter belongs to the presenting agency, or is a guest invited for the item."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agenda import services
from agenda.models import Agenda
from tests.factories import AgencyFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(meeting):
    return Agenda.objects.get(meeting=meeting)


@pytest.fixture
def iom():
    return AgencyFactory(acronym="IOM", name="International Organization for Migration")


@pytest.fixture
def unhcr():
    return AgencyFactory(acronym="UNHCR", name="UNHCR")


def _save(agenda, actor, **fields):
    agenda.refresh_from_db()
    return services.agenda_item_save(
        agenda=agenda, actor=actor, version=agenda.version, title="Data", minutes=15, **fields
    )


def test_a_presenter_of_another_agency_is_refused(agenda, chair_office, iom, unhcr):
    fatou = PersonFactory(agency=iom, full_name="Fatou Petrov")

    with pytest.raises(ValidationError) as refused:
        _save(agenda, chair_office, presenter_agency=unhcr, presenter=fatou)

    assert "Fatou Petrov is of IOM, not of the presenting agency UNHCR." in str(refused.value)
    assert not agenda.items.filter(title="Data").exists()


def test_a_presenter_without_an_agency_chosen_brings_their_own(agenda, chair_office, iom):
    fatou = PersonFactory(agency=iom, full_name="Fatou Petrov")

    item = _save(agenda, chair_office, presenter=fatou)

    assert item.presenter_agency == iom


def test_a_guest_presents_only_an_item_their_organization_is_invited_for(
    agenda, chair_office, meeting
):
    organization = OrganizationFactory(name="Migration Data Portal")
    guest = PersonFactory(
        role="guest", agency=None, organization=organization, full_name="Gil Guest"
    )
    item = _save(agenda, chair_office)

    with pytest.raises(ValidationError, match="only once Migration Data Portal is invited"):
        _save(agenda, chair_office, item=item, presenter=guest)

    services.guest_invitation_save(
        meeting=meeting, actor=chair_office, organization=organization, items=[item]
    )
    item.refresh_from_db()
    _save(agenda, chair_office, item=item, presenter=guest)
    item.refresh_from_db()
    assert item.presenter == guest


def test_the_presenter_list_shows_each_persons_agency(client, agenda, chair_office, meeting, iom):
    PersonFactory(agency=iom, full_name="Fatou Petrov")
    PersonFactory(
        role="guest",
        agency=None,
        full_name="Gil Guest",
        organization=OrganizationFactory(name="MDP"),
    )
    client.force_login(chair_office)

    page = client.get(reverse("agenda:item_create", args=[meeting.pk])).content.decode()

    assert "Fatou Petrov (IOM)" in page
    assert "Gil Guest (guest, MDP)" in page


def test_the_form_shows_the_refusal_next_to_the_presenter_and_keeps_the_text(
    client, agenda, chair_office, meeting, iom, unhcr
):
    fatou = PersonFactory(agency=iom, full_name="Fatou Petrov")
    client.force_login(chair_office)
    agenda.refresh_from_db()

    response = client.post(
        reverse("agenda:item_create", args=[meeting.pk]),
        {
            "version": agenda.version,
            "title": "Remittances",
            "description": "Typed with care",
            "presenter_agency": unhcr.pk,
            "presenter": fatou.pk,
            "minutes": 20,
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "not of the presenting agency UNHCR" in page
    assert "Typed with care" in page
