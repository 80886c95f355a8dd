"""Delivery against a real SMTP server on loopback (aiosmtpd), in this process.

The server can accept a message and then never answer: the message is
delivered but the worker cannot know it. Such a notice is uncertain and is
never sent again by itself; a failure before the data went over is retried.
"""

import asyncio
import datetime as dt
import subprocess
import sys
import threading

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.utils import timezone

from notices.enums import NoticeState
from notices.models import Notice
from notices.services import TransientDeliveryError, notice_deliver, notices_sweep
from notices.workers import current_worker, worker_is_gone
from tests.notices.factories import NoticeFactory
from tests.processes import free_port


class SilentAfterData:
    """Keeps every message, then (when asked) holds back its answer to DATA."""

    def __init__(self):
        self.received = []
        self.silent = False
        self.refuse_rcpt = 0
        self.refuse_data = 0
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse_rcpt:
            self.refuse_rcpt -= 1
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        if self.refuse_data:
            self.refuse_data -= 1
            return "451 4.3.0 Mailbox busy, try again later"
        self.received.append(envelope.content)
        if self.silent:
            # The message is here; the answer never leaves (bounded, so the test ends).
            for _ in range(100):
                if self.release.is_set():
                    break
                await asyncio.sleep(0.1)
        return "250 2.0.0 Accepted"


@pytest.fixture
def smtp_server(settings):
    handler = SilentAfterData()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "notices.mail.SMTPBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    yield handler
    handler.release.set()
    controller.stop()


def test_lost_answer_after_data_is_uncertain_and_never_resent(db, smtp_server):
    # Arrange
    smtp_server.silent = True
    notice = NoticeFactory()

    # Act
    state = notice_deliver(notice_id=notice.pk)
    again = notice_deliver(notice_id=notice.pk)
    notices_sweep()

    # Assert
    assert state == again == NoticeState.UNCERTAIN
    notice.refresh_from_db()
    assert notice.state == NoticeState.UNCERTAIN
    assert notice.attempts == 1
    assert "may have gone out" in notice.last_error
    assert len(smtp_server.received) == 1


def test_answer_to_data_delivers_once(db, smtp_server):
    # Arrange
    notice = NoticeFactory()

    # Act
    state = notice_deliver(notice_id=notice.pk)

    # Assert
    assert state == NoticeState.SENT
    assert Notice.objects.get(pk=notice.pk).state == NoticeState.SENT
    assert len(smtp_server.received) == 1


def test_refusal_before_data_is_retried_later(db, smtp_server):
    # Arrange
    smtp_server.refuse_rcpt = 1
    notice = NoticeFactory()

    # Act
    with pytest.raises(TransientDeliveryError):
        notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    queued_state = notice.state
    Notice.objects.filter(pk=notice.pk).update(next_attempt_at=notice.created_at)
    final = notice_deliver(notice_id=notice.pk)

    # Assert
    assert queued_state == NoticeState.QUEUED
    assert final == NoticeState.SENT
    assert len(smtp_server.received) == 1


def test_refusal_answering_the_data_is_retried_not_uncertain(db, smtp_server):
    # Arrange: the server reads the message, then answers 451 (it did not take it).
    smtp_server.refuse_data = 1
    notice = NoticeFactory()

    # Act
    with pytest.raises(TransientDeliveryError):
        notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    queued_state = notice.state
    Notice.objects.filter(pk=notice.pk).update(next_attempt_at=notice.created_at)
    final = notice_deliver(notice_id=notice.pk)

    # Assert
    assert queued_state == NoticeState.QUEUED
    assert final == NoticeState.SENT
    assert len(smtp_server.received) == 1


def test_server_down_before_connecting_is_retried(db, settings):
    # Arrange: nothing listens on this port.
    settings.EMAIL_BACKEND = "notices.mail.SMTPBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 1
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    notice = NoticeFactory()

    # Act
    with pytest.raises(TransientDeliveryError):
        notice_deliver(notice_id=notice.pk)

    # Assert
    notice.refresh_from_db()
    assert notice.state == NoticeState.QUEUED
    assert "ConnectionRefusedError" in notice.last_error


def _claim_of_a_finished_process() -> str:
    """The claim a worker process wrote before it was killed (it has ended since)."""
    finished = subprocess.run(
        [sys.executable, "-c", "from notices.workers import current_worker as c; print(c())"],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return finished.stdout.strip()


def test_sweep_marks_notice_of_a_dead_worker_uncertain_soon(db):
    # Arrange: claimed 20 s ago by a process that has ended.
    now = timezone.now()
    notice = NoticeFactory(
        state=NoticeState.SENDING,
        last_attempt_at=now - dt.timedelta(seconds=20),
        claimed_by=_claim_of_a_finished_process(),
    )

    # Act
    counts = notices_sweep(now=now)

    # Assert
    notice.refresh_from_db()
    assert notice.state == NoticeState.UNCERTAIN
    assert counts["uncertain"] == 1
    assert "worker stopped" in notice.last_error


def test_sweep_leaves_a_live_worker_sending_until_the_time_out(db):
    # Arrange: claimed 20 s ago by this very process, which still runs.
    now = timezone.now()
    notice = NoticeFactory(
        state=NoticeState.SENDING,
        last_attempt_at=now - dt.timedelta(seconds=20),
        claimed_by=current_worker(),
    )

    # Act
    soon = notices_sweep(now=now)
    state_soon = Notice.objects.get(pk=notice.pk).state
    later = notices_sweep(now=now + dt.timedelta(seconds=600))

    # Assert
    assert (soon["uncertain"], state_soon) == (0, NoticeState.SENDING)
    assert later["uncertain"] == 1
    assert Notice.objects.get(pk=notice.pk).state == NoticeState.UNCERTAIN


def test_delivery_records_which_process_claimed_it(db, mailoutbox):
    # Arrange
    notice = NoticeFactory()

    # Act
    notice_deliver(notice_id=notice.pk)

    # Assert
    notice.refresh_from_db()
    assert notice.claimed_by == current_worker()
    assert worker_is_gone(notice.claimed_by) is False
