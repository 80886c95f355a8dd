"""The chair's office closes the comment period early once every attending agency has
commented or said it has none; otherwise the period stands."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings.models import Delegate
from minutes import services
from tests.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_agency(meeting):
    agency = AgencyFactory(acronym="TWO", name="Second Agency")
    person = PersonFactory(agency=agency, full_name="Second Focal")
    Delegate.objects.create(meeting=meeting, agency=agency, person=person, rsvp="online")
    return person


def test_the_period_stands_while_an_attending_agency_has_not_answered(
    circulated, chair_office, member_focal, second_agency, section
):
    services.comment_add(section=section, actor=member_focal, text="Add the data.")

    with pytest.raises(ValidationError, match="TWO have not commented"):
        services.minutes_close_comments(minutes=circulated, actor=chair_office)

    circulated.refresh_from_db()
    assert services.transition_refusal(circulated, "final") is not None


def test_once_every_agency_answered_the_chair_closes_and_may_finalise(
    client, circulated, chair_office, member_focal, second_agency, section
):
    services.comment_add(section=section, actor=member_focal, text="Add the data.")
    client.force_login(second_agency)
    url = reverse("minutes:minutes", args=[circulated.meeting_id])
    assert "Our agency has no comments" in client.get(url).content.decode()
    client.post(reverse("minutes:no_comments", args=[circulated.meeting_id]))

    client.force_login(chair_office)
    page = client.get(url).content.decode()
    assert "Every attending agency has commented or said it has none." in page
    client.post(reverse("minutes:close_comments", args=[circulated.meeting_id]))

    circulated.refresh_from_db()
    assert services.transition_refusal(circulated, "final") is None
    client.force_login(member_focal)
    assert "Send the comment" not in client.get(url).content.decode()


def test_only_the_chairs_office_closes_and_only_attending_agencies_say_none(
    circulated, member_focal, second_agency
):
    outsider = PersonFactory(agency=AgencyFactory(acronym="OUT"))

    with pytest.raises(PermissionDenied):
        services.minutes_close_comments(minutes=circulated, actor=member_focal)
    with pytest.raises(ValidationError, match="Only an agency that attended"):
        services.minutes_no_comments(minutes=circulated, actor=outsider)
