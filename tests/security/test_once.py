"""A form that sends mail, sent twice with the same page (a double click), does it once."""

import re

from django.urls import reverse

from members.models import Announcement, Person
from notices.models import Notice
from tests.factories import PersonFactory


def _token(page: str) -> str:
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', page).group(1)


def test_announcement_sent_twice_from_one_page_is_one_announcement(
    client, secretariat, agency, django_capture_on_commit_callbacks
):
    PersonFactory.create_batch(3, agency=agency)
    client.force_login(secretariat)
    url = reverse("members:announcement_create")
    token = _token(client.get(url).content.decode())
    data = {"audience": "focal_points", "subject": "Dates", "body": "12 March", "submission": token}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data, follow=True)

    assert first.status_code == 302
    assert Announcement.objects.count() == 1
    assert Notice.objects.filter(kind="announcement").count() == 3
    assert "was already sent" in second.content.decode()


def test_announcement_page_twice_gives_two_tokens(client, secretariat):
    client.force_login(secretariat)
    url = reverse("members:announcement_create")

    assert _token(client.get(url).content.decode()) != _token(client.get(url).content.decode())


def test_invitation_sent_twice_from_one_page_adds_one_person(client, secretariat, agency):
    client.force_login(secretariat)
    url = reverse("members:person_invite")
    data = {
        "email": "new.person@example.org",
        "full_name": "New Person",
        "role": "focal_point",
        "agency": agency.pk,
        "language": "en",
        "time_zone": "Europe/Zurich",
        "submission": _token(client.get(url).content.decode()),
    }

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    assert first.status_code == 302, first.context["form"].errors
    assert Person.objects.filter(email="new.person@example.org").count() == 1
    assert Notice.objects.filter(to_email="new.person@example.org").count() == 1
    assert "was already sent" in second.content.decode()
