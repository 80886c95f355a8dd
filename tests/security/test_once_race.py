"""The same announcement sent twice at the same moment (two requests, two connections,
on PostgreSQL) is one announcement and one set of notices.

The first request claims the form's one-time token and keeps its transaction open a
moment; the second arrives meanwhile: the token's row is not visible to it yet, so it
passes every check and tries to claim the token too. Its insert waits on the unique
index until the first commits, then fails, and it is told the form was already sent.
"""

import re
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.models import Submission
from members import services as member_services
from members.models import Announcement
from notices.models import Notice
from tests.factories import PersonFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
HOLD = 0.5


def _token(page: str) -> str:
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', page).group(1)


def test_one_token_sent_twice_at_once_makes_one_announcement(secretariat, agency, monkeypatch):
    assert connection.vendor == "postgresql"
    recipients = PersonFactory.create_batch(3, agency=agency)
    url = reverse("members:announcement_create")
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(secretariat)
    data = {
        "audience": "focal_points",
        "subject": "Dates of the spring meeting",
        "body": "12 March, Geneva.",
        "submission": _token(browsers[0].get(url).content.decode()),
    }

    claimed, claims, errors, answers = threading.Event(), [], [], {}
    original = member_services.submission_claim

    def claim_and_hold(**kwargs):
        claims.append(threading.current_thread().name)
        submission = original(**kwargs)  # the second waits here for the first to commit
        if not claimed.is_set():
            claimed.set()
            time.sleep(HOLD)  # the first keeps its transaction open; the second arrives
        return submission

    monkeypatch.setattr(member_services, "submission_claim", claim_and_hold)

    def send(name, browser, wait_for=None):
        def run():
            try:
                if wait_for is not None:
                    wait_for.wait(5)
                answers[name] = browser.post(url, data)
            except Exception as exc:  # reported to the test below
                errors.append(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=run, name=name)
        thread.start()
        return thread

    threads = [send("first", browsers[0]), send("second", browsers[1], wait_for=claimed)]
    for thread in threads:
        thread.join(15)

    assert errors == []
    # Both requests got as far as claiming the token: the race was real.
    assert sorted(claims) == ["first", "second"]
    assert Announcement.objects.count() == 1
    assert Submission.objects.filter(token=data["submission"]).count() == 1
    notices = Notice.objects.filter(kind="announcement")
    assert sorted(n.to_email for n in notices) == sorted(p.email for p in recipients)
    assert answers["first"].status_code == answers["second"].status_code == 302
    told = browsers[1].get(answers["second"]["Location"]).content.decode()
    assert "was already sent" in told
