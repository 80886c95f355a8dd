"""Password-reset e-mails are limited per person and per address; the page answers the
same, with the same work, for known and unknown addresses."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.models import ResetRequest
from notices.models import Notice
from tests.factories import PersonFactory


def _ask(client, email, ip="203.0.113.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


@pytest.fixture(autouse=True)
def _no_repeat_window(settings):
    # Requests here come within a second; the outbox's own double-click guard
    # (one link per person per few seconds) is tested with the members.
    settings.GMG_REPEAT_REQUEST_SECONDS = 0


@pytest.fixture
def person(db):
    return PersonFactory(email="fp1.ilo@example.org")


def test_twenty_requests_send_three_emails_to_one_person(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = {_ask(client, person.email).status_code for _ in range(20)}

    assert answers == {302}
    assert Notice.objects.filter(kind="password_reset", to_email=person.email).count() == 3
    assert ResetRequest.objects.filter(outcome="limited").count() == 17


def test_one_address_asking_for_many_people_is_limited(
    client, db, django_capture_on_commit_callbacks
):
    people = PersonFactory.create_batch(25)

    with django_capture_on_commit_callbacks(execute=True):
        for someone in people:
            _ask(client, someone.email, ip="198.51.100.3")
        _ask(client, people[0].email, ip="198.51.100.4")

    assert Notice.objects.filter(kind="password_reset").count() == 21


def test_known_and_unknown_addresses_get_the_same_answer_and_the_same_work(
    client, person, django_capture_on_commit_callbacks
):
    answers, queries = [], []
    for email in (person.email, "nobody@example.org"):
        with CaptureQueriesContext(connection) as captured:
            answers.append(_ask(client, email))
        queries.append(len(captured))

    assert answers[0].status_code == answers[1].status_code == 302
    assert answers[0]["Location"] == answers[1]["Location"]
    assert queries[0] == queries[1]
    assert ResetRequest.objects.count() == 2


def test_the_worker_sends_the_link_only_to_a_known_person(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, person.email)
        _ask(client, "nobody@example.org")

    assert list(Notice.objects.values_list("to_email", flat=True)) == [person.email]
    assert dict(ResetRequest.objects.values_list("email", "outcome")) == {
        person.email: "sent",
        "nobody@example.org": "unknown",
    }
