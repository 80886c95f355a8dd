"""A double click sends one invitation or one password reset, not two."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from members import services
from notices.models import Notice
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def invited(agency):
    person = PersonFactory(agency=agency, email="new@example.org")
    person.set_unusable_password()
    person.save()
    return person


def test_a_double_click_on_invite_again_sends_one_invitation(client, secretariat, invited):
    url = reverse("members:person_reinvite", args=[invited.pk])
    with time_machine.travel(NOW, tick=False):
        client.force_login(secretariat)
        client.post(url)
    with time_machine.travel(NOW + datetime.timedelta(seconds=1), tick=False):
        client.post(url)

    assert Notice.objects.filter(recipient=invited, kind="invitation").count() == 1


def test_inviting_again_a_minute_later_sends_a_new_invitation(secretariat, invited):
    with time_machine.travel(NOW, tick=False):
        services.person_reinvite(actor=secretariat, person=invited)
    with time_machine.travel(NOW + datetime.timedelta(seconds=61), tick=False):
        services.person_reinvite(actor=secretariat, person=invited)

    assert Notice.objects.filter(recipient=invited, kind="invitation").count() == 2


def test_a_double_click_on_reset_sends_one_link(
    client, focal_point, django_capture_on_commit_callbacks
):
    url = reverse("password_reset")

    # The worker decides on each request once the page's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(NOW, tick=False):
            client.post(url, {"email": focal_point.email})
        with time_machine.travel(NOW + datetime.timedelta(seconds=2), tick=False):
            client.post(url, {"email": focal_point.email})

    assert Notice.objects.filter(recipient=focal_point, kind="password_reset").count() == 1


def test_deactivating_asks_first_and_only_the_confirmation_deactivates(
    client, secretariat, focal_point
):
    client.force_login(secretariat)
    listing = client.get(reverse("members:person_list")).content.decode()
    confirm_url = reverse("members:person_deactivate_confirm", args=[focal_point.pk])
    assert confirm_url in listing

    unconfirmed = client.post(reverse("members:person_deactivate", args=[focal_point.pk]))
    focal_point.refresh_from_db()
    assert focal_point.is_active
    assert unconfirmed["Location"] == confirm_url

    question = client.get(confirm_url, {"next": "https://evil.example.com/"}).content.decode()
    assert "will no longer be able to sign in" in question
    assert 'href="https://evil.example.com/"' not in question
    assert f'href="{reverse("members:person_list")}">Keep them active' in question
    client.post(reverse("members:person_deactivate", args=[focal_point.pk]), {"confirm": "yes"})
    focal_point.refresh_from_db()
    assert not focal_point.is_active


def test_the_person_list_shows_the_deactivated_on_request(client, secretariat, focal_point):
    focal_point.is_active = False
    focal_point.save()
    client.force_login(secretariat)

    default = client.get(reverse("members:person_list")).content.decode()
    asked = client.get(reverse("members:person_list"), {"active": "inactive"}).content.decode()

    assert focal_point.email not in default
    assert focal_point.email in asked
