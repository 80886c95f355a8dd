"""The outbox rules, in process: Celery runs eagerly and mail goes to a stand-in backend.

``ScriptedBackend`` stands in for the SMTP connection: it raises the
smtplib errors a test lines up, then keeps messages like Django's locmem
backend (``mailoutbox``).
"""

import datetime as dt
import re
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from members.enums import Role
from members.services import person_invite
from notices.enums import NoticeState
from notices.models import SECRET_LINK_MARKER, Notice
from notices.services import (
    NoticeError,
    TransientDeliveryError,
    notice_cancel,
    notice_deliver,
    notice_mark_sent,
    notice_queue,
    notice_resend,
    notices_sweep,
)
from notices.tasks import send_notice
from tests.factories import PersonFactory
from tests.notices.factories import NoticeFactory

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
INVITATION_PATH = re.compile(r"/accounts/invitation/[\w-]+/[\w-]+/")
ALL_STATES = list(NoticeState)


class WorkerKilled(BaseException):
    """The worker process dies while talking to the mail server."""


class ScriptedBackend(BaseEmailBackend):
    errors: list = []

    def send_messages(self, messages):
        if ScriptedBackend.errors:
            raise ScriptedBackend.errors.pop(0)
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def smtp_errors(settings, mailoutbox):
    """Errors the mail server gives, in order; once they are used up it accepts."""
    settings.EMAIL_BACKEND = f"{__name__}.ScriptedBackend"
    ScriptedBackend.errors = []
    yield ScriptedBackend.errors
    ScriptedBackend.errors = []


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def _queue(person, key="meeting-dates:1"):
    return notice_queue(
        to=person,
        kind="announcement",
        key=key,
        template="members/email/announcement",
        context={
            "announcement": {
                "subject": "Meeting dates",
                "body": "The next meeting is on 12 March.",
                "author": {"full_name": "The Secretariat"},
            }
        },
    )


# --- Queueing and idempotency ------------------------------------------------


def test_notice_queue_same_key_twice_sends_once(db, mailoutbox, django_capture_on_commit_callbacks):
    # Arrange
    person = PersonFactory()

    # Act
    with django_capture_on_commit_callbacks(execute=True):
        first, first_new = _queue(person)
    with django_capture_on_commit_callbacks(execute=True) as second_callbacks:
        second, second_new = _queue(person)

    # Assert
    assert (first_new, second_new) == (True, False)
    assert second.pk == first.pk
    assert second_callbacks == []
    assert Notice.objects.count() == 1
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert mailoutbox[0].subject == "Meeting dates"


def test_notice_queue_sends_nothing_before_commit(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    # Arrange
    person = PersonFactory()

    # Act
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice, _new = _queue(person)

    # Assert
    assert len(callbacks) == 1
    assert mailoutbox == []
    notice.refresh_from_db()
    assert notice.state == NoticeState.QUEUED


def test_notice_deliver_twice_sends_once(db, mailoutbox):
    # Arrange
    notice = NoticeFactory()

    # Act
    first = notice_deliver(notice_id=notice.pk)
    second = notice_deliver(notice_id=notice.pk)

    # Assert
    assert (first, second) == (NoticeState.SENT, NoticeState.SENT)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["X-GMG-Notice"] == str(notice.pk)
    notice.refresh_from_db()
    assert notice.attempts == 1


def test_notice_deliver_missing_notice_returns_quietly(db, mailoutbox):
    assert notice_deliver(notice_id=987654) is None
    assert mailoutbox == []


# --- Transient and permanent mail-server errors ------------------------------


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPDataError(451, b"4.3.0 Mailbox busy"),
        smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"4.2.1 Try later")}),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
    ],
    ids=["451-data", "450-recipient", "disconnected", "refused", "timeout"],
)
def test_notice_deliver_transient_error_queues_again_later(db, clock, smtp_errors, error):
    # Arrange
    notice = NoticeFactory()
    smtp_errors.append(error)

    # Act
    with pytest.raises(TransientDeliveryError) as raised:
        notice_deliver(notice_id=notice.pk)

    # Assert
    assert raised.value.retry_in == 30
    notice.refresh_from_db()
    assert notice.state == NoticeState.QUEUED
    assert notice.attempts == 1
    assert notice.next_attempt_at == START + dt.timedelta(seconds=30)
    assert type(error).__name__ in notice.last_error
    assert mail.outbox == []


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPDataError(554, b"5.7.1 Message rejected"),
        smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.1.1 No such user")}),
        smtplib.SMTPRecipientsRefused(
            {"a@example.org": (450, b"4.2.1 Try later"), "b@example.org": (550, b"5.1.1 No")}
        ),
        smtplib.SMTPAuthenticationError(535, b"5.7.8 Bad credentials"),
        smtplib.SMTPSenderRefused(553, b"5.7.1 Sender not allowed", "secretariat@example.org"),
    ],
    ids=["554-data", "550-recipient", "mixed-recipients", "535-auth", "553-sender"],
)
def test_notice_deliver_permanent_error_fails_without_retry(db, clock, smtp_errors, error):
    # Arrange
    notice = NoticeFactory()
    smtp_errors.append(error)

    # Act
    state = notice_deliver(notice_id=notice.pk)

    # Assert
    assert state == NoticeState.FAILED
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (NoticeState.FAILED, 1)
    assert type(error).__name__ in notice.last_error
    assert mail.outbox == []


def test_notice_deliver_backoff_doubles_until_max_attempts_then_fails(
    db, clock, smtp_errors, settings
):
    # Arrange
    settings.NOTICE_MAX_ATTEMPTS = 3
    notice = NoticeFactory()
    smtp_errors.extend(smtplib.SMTPDataError(451, b"4.3.0 Busy") for _ in range(3))
    waits = []

    # Act
    for _ in range(2):
        with pytest.raises(TransientDeliveryError) as raised:
            notice_deliver(notice_id=notice.pk)
        waits.append(raised.value.retry_in)
        clock.shift(raised.value.retry_in)
    last = notice_deliver(notice_id=notice.pk)

    # Assert
    assert waits == [30, 60]
    assert last == NoticeState.FAILED
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (NoticeState.FAILED, 3)
    assert "451" in notice.last_error


def test_send_notice_task_retries_transient_error_and_sends_once(db, smtp_errors):
    # Arrange: the task retries inline in eager mode.
    notice = NoticeFactory()
    smtp_errors.append(smtplib.SMTPDataError(451, b"4.3.0 Busy"))

    # Act
    send_notice.delay(notice.pk)

    # Assert
    notice.refresh_from_db()
    assert (notice.state, notice.attempts, notice.last_error) == (NoticeState.SENT, 2, "")
    assert len(mail.outbox) == 1


# --- The sweep ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds_later", "state"),
    [(599, NoticeState.SENDING), (601, NoticeState.UNCERTAIN)],
)
def test_notices_sweep_flags_notice_stuck_in_sending(db, clock, smtp_errors, seconds_later, state):
    # Arrange: the worker dies in the middle of the SMTP conversation.
    notice, _new = _queue(PersonFactory())
    smtp_errors.append(WorkerKilled())
    with pytest.raises(WorkerKilled):
        notice_deliver(notice_id=notice.pk)
    clock.shift(seconds_later)

    # Act
    counts = notices_sweep()

    # Assert
    assert counts == {
        "requeued": 0,
        "uncertain": int(state == NoticeState.UNCERTAIN),
        "resumed": 0,
    }
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (state, 1)
    assert mail.outbox == []


def test_notices_sweep_never_resends_uncertain_notice(db, clock, smtp_errors):
    # Arrange
    notice, _new = _queue(PersonFactory())
    smtp_errors.append(WorkerKilled())
    with pytest.raises(WorkerKilled):
        notice_deliver(notice_id=notice.pk)
    clock.shift(601)
    notices_sweep()

    # Act: the broker hands the lost task over again, and the sweep runs for days.
    redelivered = notice_deliver(notice_id=notice.pk)
    counts = []
    for _ in range(3):
        clock.shift(dt.timedelta(days=1))
        counts.append(notices_sweep())

    # Assert
    assert redelivered == NoticeState.UNCERTAIN
    assert counts == [{"requeued": 0, "uncertain": 0, "resumed": 0}] * 3
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (NoticeState.UNCERTAIN, 1)
    assert "may or may not have gone out" in notice.last_error
    assert mail.outbox == []


@pytest.mark.parametrize(("seconds_later", "requeued"), [(119, 0), (121, 1)])
def test_notices_sweep_requeues_lost_queued_notice(
    db, clock, mailoutbox, django_capture_on_commit_callbacks, seconds_later, requeued
):
    # Arrange: the task never reached the broker (its on-commit hook did not run).
    with django_capture_on_commit_callbacks(execute=False):
        notice, _new = _queue(PersonFactory())
    clock.shift(seconds_later)

    # Act
    counts = notices_sweep()

    # Assert
    assert counts == {"requeued": requeued, "uncertain": 0, "resumed": 0}
    notice.refresh_from_db()
    assert notice.state == (NoticeState.SENT if requeued else NoticeState.QUEUED)
    assert len(mailoutbox) == requeued


def test_notices_sweep_waits_for_backoff_before_requeueing(db, clock, smtp_errors):
    # Arrange: a transient refusal puts the next attempt 30 s ahead.
    notice = NoticeFactory()
    smtp_errors.append(smtplib.SMTPDataError(451, b"4.3.0 Busy"))
    with pytest.raises(TransientDeliveryError):
        notice_deliver(notice_id=notice.pk)

    # Act
    clock.shift(149)
    early = notices_sweep()
    clock.shift(2)
    late = notices_sweep()

    # Assert
    assert (early["requeued"], late["requeued"]) == (0, 1)
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (NoticeState.SENT, 2)
    assert len(mail.outbox) == 1


# --- What the secretariat may do, in every state ------------------------------


@pytest.mark.parametrize("state", ALL_STATES)
def test_notice_resend_in_each_state(
    db, mailoutbox, secretariat, django_capture_on_commit_callbacks, state
):
    # Arrange
    notice = NoticeFactory(state=state)
    allowed = state in {NoticeState.FAILED, NoticeState.UNCERTAIN, NoticeState.CANCELLED}

    # Act
    with django_capture_on_commit_callbacks(execute=True):
        if allowed:
            notice_resend(notice=notice, actor=secretariat)
        else:
            with pytest.raises(NoticeError, match="Only a failed, uncertain or cancelled"):
                notice_resend(notice=notice, actor=secretariat)

    # Assert
    notice.refresh_from_db()
    if allowed:
        assert (notice.state, notice.attempts) == (NoticeState.SENT, 2)
        assert len(mailoutbox) == 1
    else:
        assert notice.state == state
        assert mailoutbox == []


@pytest.mark.parametrize("state", ALL_STATES)
def test_notice_mark_sent_in_each_state(db, mailoutbox, secretariat, state):
    # Arrange
    notice = NoticeFactory(state=state, last_attempt_at=START)
    allowed = state == NoticeState.UNCERTAIN

    # Act
    if allowed:
        notice_mark_sent(notice=notice, actor=secretariat)
    else:
        with pytest.raises(NoticeError, match="Only an uncertain notice"):
            notice_mark_sent(notice=notice, actor=secretariat)

    # Assert
    notice.refresh_from_db()
    if allowed:
        assert (notice.state, notice.sent_at) == (NoticeState.SENT, START)
    else:
        assert notice.state == state
    assert mailoutbox == []


@pytest.mark.parametrize("state", ALL_STATES)
def test_notice_cancel_in_each_state(db, mailoutbox, secretariat, state):
    # Arrange
    notice = NoticeFactory(state=state)
    allowed = state in {NoticeState.QUEUED, NoticeState.FAILED, NoticeState.UNCERTAIN}

    # Act
    if allowed:
        notice_cancel(notice=notice, actor=secretariat)
    else:
        with pytest.raises(NoticeError, match="can no longer be cancelled"):
            notice_cancel(notice=notice, actor=secretariat)

    # Assert
    notice.refresh_from_db()
    assert notice.state == (NoticeState.CANCELLED if allowed else state)
    assert mailoutbox == []


def test_notice_cancelled_before_delivery_is_never_sent(
    db, mailoutbox, secretariat, django_capture_on_commit_callbacks
):
    # Arrange
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice, _new = _queue(PersonFactory())
    notice_cancel(notice=notice, actor=secretariat)

    # Act: the task queued with the notice arrives after all.
    callbacks[0]()

    # Assert
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (NoticeState.CANCELLED, 0)
    assert mailoutbox == []


# --- Secret links -------------------------------------------------------------


def _invite(actor, email="new.colleague@example.org"):
    return person_invite(actor=actor, email=email, full_name="New Colleague", role=Role.SECRETARIAT)


def test_invitation_link_is_delivered_but_never_stored(
    db, client, mailoutbox, secretariat, django_capture_on_commit_callbacks
):
    # Arrange / Act
    with django_capture_on_commit_callbacks(execute=True):
        invited = _invite(secretariat)

    # Assert
    notice = Notice.objects.get(recipient=invited, kind="invitation")
    assert notice.state == NoticeState.SENT
    link = INVITATION_PATH.search(mailoutbox[0].body).group(0)
    stored = [notice.subject, notice.body_text, notice.body_html, notice.last_error]
    assert SECRET_LINK_MARKER in notice.body_text
    assert SECRET_LINK_MARKER in notice.body_html
    assert not any("/accounts/invitation/" in text for text in stored)
    assert not any(link.split("/")[-2] in text for text in stored)  # the token
    assert SECRET_LINK_MARKER not in notice.body_text_for_display
    page = client.get(link, follow=True)
    assert page.context["validlink"] is True


def test_invitation_resent_after_expiry_carries_a_fresh_link(
    db, client, clock, mailoutbox, secretariat, django_capture_on_commit_callbacks
):
    # Arrange: the first link has expired (GMG_LINK_DAYS is 3) and the notice was cancelled.
    with django_capture_on_commit_callbacks(execute=True):
        invited = _invite(secretariat)
    notice = Notice.objects.get(recipient=invited, kind="invitation")
    Notice.objects.filter(pk=notice.pk).update(state=NoticeState.CANCELLED)
    clock.shift(dt.timedelta(days=4))

    # Act
    with django_capture_on_commit_callbacks(execute=True):
        notice_resend(notice=notice, actor=secretariat)

    # Assert
    first, second = (INVITATION_PATH.search(m.body).group(0) for m in mailoutbox)
    assert first != second
    assert client.get(first, follow=True).context["validlink"] is False
    assert client.get(second, follow=True).context["validlink"] is True


def test_invitation_for_deleted_person_fails_without_sending(
    db, mailoutbox, secretariat, django_capture_on_commit_callbacks
):
    # Arrange
    with django_capture_on_commit_callbacks(execute=False):
        invited = _invite(secretariat)
    notice = Notice.objects.get(recipient=invited, kind="invitation")
    invited.delete()

    # Act
    state = notice_deliver(notice_id=notice.pk)

    # Assert
    assert state == NoticeState.FAILED
    notice.refresh_from_db()
    assert "gone or deactivated" in notice.last_error
    assert mailoutbox == []


def test_notice_queue_unknown_secret_link_is_refused(db):
    with pytest.raises(ValueError, match="No secret-link builder"):
        notice_queue(
            to=PersonFactory(),
            kind="invitation",
            key="unknown-link:1",
            template="members/email/invitation",
            secret_link="no-such-link",
        )
    assert not Notice.objects.exists()


def test_resent_invitation_goes_to_the_person_s_current_address(
    secretariat, agency, mailoutbox, django_capture_on_commit_callbacks
):
    from members.services import person_invite
    from notices.services import notice_resend

    person = person_invite(
        actor=secretariat,
        email="jane@exmaple.org",
        full_name="Jane",
        role="focal_point",
        agency=agency,
    )
    notice = Notice.objects.get(kind="invitation", recipient=person)
    Notice.objects.filter(pk=notice.pk).update(state="failed")
    person.email = "jane@example.org"
    person.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=True):
        notice_resend(notice=notice, actor=secretariat)

    assert [m.to for m in mailoutbox] == [["jane@example.org"]]


def test_invitation_for_a_deactivated_person_is_not_sent(
    secretariat, agency, mailoutbox, django_capture_on_commit_callbacks
):
    from members.services import person_invite

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        person = person_invite(
            actor=secretariat,
            email="x@example.org",
            full_name="X",
            role="focal_point",
            agency=agency,
        )
    person.is_active = False
    person.save(update_fields=["is_active"])
    for callback in callbacks:
        callback()

    assert mailoutbox == []
    assert Notice.objects.get(recipient=person).state == "failed"
