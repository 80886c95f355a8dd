"""A real Celery worker takes notices from Redis and hands them to an SMTP server.

The worker runs as a subprocess against the pytest-django test database,
so the tests use transactional databases (the worker must see committed
rows). Mail goes to an aiosmtpd server on loopback, run in this process,
which keeps every message it accepts.
"""

import os
import re
import threading
import time
from collections import Counter
from email import message_from_bytes
from email import policy as email_policy

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from members.enums import Role
from members.services import person_invite
from notices.enums import NoticeState
from notices.models import SECRET_LINK_MARKER, Notice
from notices.services import notice_queue
from tests.factories import PersonFactory
from tests.processes import Worker, database_url, free_port

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 60
INVITATION_LINK = re.compile(r"https?://\S+?(/accounts/invitation/[\w-]+/[\w-]+/)")


class MailServer:
    """An aiosmtpd handler that keeps what it accepts and can refuse the first tries."""

    def __init__(self):
        self.accepted = []  # (envelope recipients, parsed message)
        self.refuse_next = 0
        self.refused = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        with self._lock:
            if self.refuse_next:
                self.refuse_next -= 1
                self.refused += 1
                return "451 4.3.0 Mailbox busy, try again later"
            message = message_from_bytes(envelope.content, policy=email_policy.default)
            self.accepted.append((list(envelope.rcpt_tos), message))
        return "250 2.0.0 Accepted"

    def deliveries_per_notice(self) -> Counter:
        with self._lock:
            return Counter(int(message["X-GMG-Notice"]) for _rcpt, message in self.accepted)

    def message_for(self, notice: Notice):
        with self._lock:
            return next(m for _r, m in self.accepted if m["X-GMG-Notice"] == str(notice.pk))


@pytest.fixture
def mail_server():
    handler = MailServer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture
def worker(transactional_db, live_broker, mail_server, tmp_path):
    """A real worker on the test database; always stopped, its log printed at teardown.

    pytest shows what teardown printed only when the test failed.
    """
    _handler, smtp_port = mail_server
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict, connection.settings_dict["NAME"]),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_DEBUG": "true",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": "10",
        "GMG_NOTICE_BACKOFF_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    running = Worker(env, tmp_path / "worker.log")
    yield running
    returncode = running.stop()
    print(f"--- celery worker output (exit code {returncode}) ---\n{running.output()}")


def _wait_until_sent(worker: Worker, count: int) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if Notice.objects.filter(state=NoticeState.SENT).count() >= count:
            return
        if worker.process.poll() is not None:
            pytest.fail(f"The worker exited early:\n{worker.output()}")
        time.sleep(0.2)
    states = dict(Notice.objects.values_list("pk", "state"))
    pytest.fail(f"Not all {count} notices sent in {WAIT_SECONDS} s: {states}\n{worker.output()}")


def _queue_announcement(person, *, key: str) -> Notice:
    notice, _created = notice_queue(
        to=person,
        kind="announcement",
        key=key,
        template="members/email/announcement",
        context={
            "announcement": {
                "subject": f"Meeting dates for {person.full_name}",
                "body": "The next meeting is on 12 March.",
                "author": {"full_name": "The Secretariat"},
            }
        },
    )
    return notice


def test_worker_delivers_each_notice_exactly_once(worker, mail_server, client):
    # Arrange
    handler, _port = mail_server
    secretariat = PersonFactory(secretariat=True)
    people = PersonFactory.create_batch(3)
    announcements = [
        _queue_announcement(person, key=f"worker-test:{person.pk}") for person in people
    ]
    invited = person_invite(
        actor=secretariat,
        email="new.colleague@example.org",
        full_name="New Colleague",
        role=Role.SECRETARIAT,
    )
    invitation = Notice.objects.get(recipient=invited, kind="invitation")
    notices = [*announcements, invitation]

    # Act
    _wait_until_sent(worker, len(notices))
    assert worker.stop() == 0  # warm shutdown: nothing more can arrive after this

    # Assert
    assert handler.deliveries_per_notice() == Counter({n.pk: 1 for n in notices})
    for notice in notices:
        notice.refresh_from_db()
        assert (notice.state, notice.attempts, notice.last_error) == (NoticeState.SENT, 1, "")
        assert notice.sent_at is not None
    assert sorted(rcpt for rcpt, _m in handler.accepted) == sorted([[n.to_email] for n in notices])
    delivered = handler.message_for(invitation).get_body(("plain",)).get_content()
    link_path = INVITATION_LINK.search(delivered).group(1)
    assert SECRET_LINK_MARKER in invitation.body_text
    assert "/accounts/invitation/" not in invitation.body_text + invitation.body_html
    page = client.get(link_path, follow=True)
    assert page.status_code == 200
    assert page.context["validlink"] is True
    assert "new_password1" in page.content.decode()


def test_worker_retries_transient_refusal_and_delivers_once(worker, mail_server):
    # Arrange
    handler, _port = mail_server
    handler.refuse_next = 1
    notice = _queue_announcement(PersonFactory(), key="worker-test:retry")

    # Act
    _wait_until_sent(worker, 1)
    assert worker.stop() == 0

    # Assert
    assert handler.refused == 1
    assert handler.deliveries_per_notice() == Counter({notice.pk: 1})
    notice.refresh_from_db()
    assert (notice.state, notice.attempts, notice.last_error) == (NoticeState.SENT, 2, "")
