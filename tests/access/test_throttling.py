"""Failed sign-ins first slow down, then lock the account and the address for a while;
the person is told."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from access.throttle import delay_after
from core.models import AuditEntry
from notices.models import Notice
from tests.factories import PASSWORD, PersonFactory

WAIT = re.compile(r"try again in (\d+) seconds?")


@pytest.fixture(autouse=True)
def clock(time_machine):
    """The clock stands still unless a test moves it (the delays are in seconds)."""
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def _try(client, email, password, ip="203.0.113.7"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def _waits_for(response) -> int | None:
    found = WAIT.search(response.content.decode())
    return int(found.group(1)) if response.status_code == 429 and found else None


def _sign_in(client, email, password, ip="203.0.113.7", *, clock=None):
    """A patient person: told to wait, they wait as long as they are told, then try."""
    response = _try(client, email, password, ip)
    waits = _waits_for(response)
    if waits is not None and clock is not None:
        clock.shift(timedelta(seconds=waits))
        response = _try(client, email, password, ip)
    return response


@pytest.fixture
def person(db):
    return PersonFactory(email="fp1.ilo@example.org")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    client, person, django_capture_on_commit_callbacks, clock
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            _sign_in(client, person.email, "wrong", clock=clock).status_code for _ in range(5)
        ]
        locked = _sign_in(client, person.email, PASSWORD, clock=clock)

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


def test_a_lock_across_the_quarter_hour_is_told_once(client, person, clock):
    # Eleven seconds before a quarter-hour: locked before it, tried again after it.
    now = timezone.now()
    quarter = now.replace(minute=now.minute // 15 * 15, second=0, microsecond=0)
    clock.move_to(quarter + timedelta(minutes=15, seconds=-11), tick=False)
    for _ in range(5):
        _sign_in(client, person.email, "wrong", clock=clock)
    assert timezone.now() < quarter + timedelta(minutes=15)
    assert _sign_in(client, person.email, PASSWORD, clock=clock).status_code == 429
    assert timezone.now() > quarter + timedelta(minutes=15)

    assert Notice.objects.filter(kind="sign_in_locked").count() == 1


def test_the_lock_counts_the_account_from_any_address(client, person, clock):
    for n in range(5):
        _sign_in(client, person.email.upper(), "wrong", ip=f"198.51.100.{n}", clock=clock)

    assert _sign_in(client, person.email, PASSWORD, ip="192.0.2.1", clock=clock).status_code == 429


def test_the_lock_counts_the_address_for_any_account(client, person, clock):
    for n in range(30):
        _sign_in(client, f"nobody{n}@example.org", "wrong", ip="203.0.113.9", clock=clock)

    locked = _sign_in(client, person.email, PASSWORD, ip="203.0.113.9")
    assert locked.status_code == 429
    assert "Signing in is locked" in locked.content.decode()
    assert _sign_in(client, person.email, PASSWORD, ip="203.0.113.10").status_code == 302


def test_fewer_failures_than_the_limit_then_the_right_password_signs_in(client, person, clock):
    for _ in range(4):
        _sign_in(client, person.email, "wrong", clock=clock)

    response = _sign_in(client, person.email, PASSWORD, clock=clock)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
    assert not AccessAttempt.objects.filter(username=person.email).exists()


def test_secretariat_sees_and_lifts_a_lock(client, person, secretariat, clock):
    for _ in range(5):
        _sign_in(client, person.email, "wrong", clock=clock)
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


# --- The growing delay before the lock ------------------------------------------------


def test_the_delay_doubles_with_each_failure_up_to_its_cap(settings):
    settings.GMG_SIGNIN_DELAY_AFTER, settings.GMG_SIGNIN_DELAY_MAX = 2, 30

    assert [delay_after(n) for n in range(10)] == [0, 0, 1, 2, 4, 8, 16, 30, 30, 30]


def test_after_two_failures_the_next_try_waits_longer_each_time(client, person, clock):
    """Each failure makes the next wait longer: 1 s, then 2 s, then 4 s; a try that comes
    too early is answered at once, says how long to wait, and is not counted."""
    _try(client, person.email, "wrong")
    _try(client, person.email, "wrong")
    told, answers = [], []
    for _ in range(3):
        early = _try(client, person.email, PASSWORD)
        told.append(_waits_for(early))
        assert early["Retry-After"] == str(told[-1])
        clock.shift(timedelta(seconds=told[-1]))
        answers.append(_try(client, person.email, "wrong").status_code)

    assert told == [1, 2, 4]
    assert answers == [200, 200, 429]  # the fifth failure locks
    assert AccessAttempt.objects.get(username=person.email).failures_since_start == 5
    assert "_auth_user_id" not in client.session


def test_a_try_before_its_time_is_refused_even_with_the_right_password(client, person, clock):
    for _ in range(3):
        _sign_in(client, person.email, "wrong", clock=clock)

    early = _try(client, person.email, PASSWORD)

    page = early.content.decode()
    assert early.status_code == 429
    assert "Too many failed sign-ins: try again in 2 seconds." in page
    assert f'value="{person.email}"' in page
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username=person.email).failures_since_start == 3
    clock.shift(timedelta(seconds=1))
    assert _waits_for(_try(client, person.email, PASSWORD)) == 1
    clock.shift(timedelta(seconds=1))
    assert _try(client, person.email, PASSWORD).status_code == 302


def test_the_delay_answers_at_once_and_never_holds_a_worker(client, person, clock):
    for _ in range(4):
        _sign_in(client, person.email, "wrong", clock=clock)

    started = time.perf_counter()
    early = _try(client, person.email, PASSWORD)

    assert _waits_for(early) == 4
    assert time.perf_counter() - started < 1


def test_the_delay_counts_an_address_for_any_account(client, person, clock):
    for n in range(4):
        _sign_in(client, f"nobody{n}@example.org", "wrong", ip="203.0.113.20", clock=clock)

    from_there = _try(client, person.email, PASSWORD, ip="203.0.113.20")
    elsewhere = _try(client, person.email, PASSWORD, ip="203.0.113.21")

    assert _waits_for(from_there) == 4
    assert elsewhere.status_code == 302


def test_the_delay_is_forgotten_with_the_lock_period(client, person, clock):
    for _ in range(4):
        _sign_in(client, person.email, "wrong", clock=clock)

    clock.shift(timedelta(minutes=16))

    assert _try(client, person.email, PASSWORD).status_code == 302
