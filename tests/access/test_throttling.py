"""Failed sign-ins lock the account and the address for a while; the person is told."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from core.models import AuditEntry
from notices.models import Notice
from tests.factories import PASSWORD, PersonFactory


def _sign_in(client, email, password, ip="203.0.113.7"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def person(db):
    return PersonFactory(email="fp1.ilo@example.org")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_sign_in(client, person.email, "wrong").status_code for _ in range(5)]
        locked = _sign_in(client, person.email, PASSWORD)

    assert answers[:4] == [200] * 4
    assert answers[4] == 429
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    page = locked.content.decode()
    assert "Signing in is locked for 15 minutes" in page
    notices = Notice.objects.filter(kind="sign_in_locked")
    assert [n.to_email for n in notices] == [person.email]
    assert "locked for 15 minutes" in notices.get().body_text
    assert AuditEntry.objects.filter(action="access.locked").count() == 1


def test_the_lock_counts_the_account_from_any_address(client, person):
    for n in range(5):
        _sign_in(client, person.email.upper(), "wrong", ip=f"198.51.100.{n}")

    assert _sign_in(client, person.email, PASSWORD, ip="192.0.2.1").status_code == 429


def test_the_lock_counts_the_address_for_any_account(client, person):
    for n in range(30):
        _sign_in(client, f"nobody{n}@example.org", "wrong", ip="203.0.113.9")

    assert _sign_in(client, person.email, PASSWORD, ip="203.0.113.9").status_code == 429
    assert _sign_in(client, person.email, PASSWORD, ip="203.0.113.10").status_code == 302


def test_fewer_failures_than_the_limit_then_the_right_password_signs_in(client, person):
    for _ in range(4):
        _sign_in(client, person.email, "wrong")

    response = _sign_in(client, person.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
    assert not AccessAttempt.objects.filter(username=person.email).exists()


def test_secretariat_sees_and_lifts_a_lock(client, person, secretariat):
    for _ in range(5):
        _sign_in(client, person.email, "wrong")
    client.force_login(secretariat)

    listed = client.get(reverse("access:locks")).content.decode()
    lifted = client.post(reverse("access:lock_lift"), {"username": person.email}, follow=True)
    client.logout()
    again = _sign_in(client, person.email, PASSWORD)

    assert person.email in listed
    assert f"{person.email} may try to sign in again" in lifted.content.decode()
    assert again.status_code == 302
    entry = AuditEntry.objects.get(action="access.unlock")
    assert entry.actor == secretariat
    assert entry.details["username"] == person.email


@pytest.mark.parametrize("role", ["focal_point", "principal", "guest"])
def test_only_the_secretariat_sees_or_lifts_locks(client, person, role):
    other = PersonFactory(guest=True) if role == "guest" else PersonFactory(role=role)
    for _ in range(5):
        _sign_in(client, person.email, "wrong")
    client.force_login(other)

    assert client.get(reverse("access:locks")).status_code == 403
    assert client.post(reverse("access:lock_lift"), {"username": person.email}).status_code == 403
    assert AccessAttempt.objects.filter(username=person.email).exists()
