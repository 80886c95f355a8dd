"""The outbox: every e-mail the system sends is recorded here first.

A notice is written in the caller's transaction and handed to the worker
only after that transaction commits. Delivery claims the row (queued →
sending) under a row lock, so two tasks for one notice never both send it.
A row left in "sending" (the worker died mid-delivery) is marked uncertain
for the secretariat to decide; it is never re-sent by itself.
"""

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.permissions import require
from core.worker import task_named
from notices.enums import CANCELLABLE, MARKABLE_SENT, RESENDABLE, NoticeState
from notices.mail import DeliveryUncertain, delivery_phase
from notices.models import SECRET_LINK_MARKER, Notice, NoticeBatch
from notices.workers import current_worker, worker_is_gone

logger = logging.getLogger(__name__)

# The names of the tasks in ``notices/tasks.py`` that these services hand work to.
SEND, FANOUT = "notices.send", "notices.fanout"
SEND_MANY = "notices.send_many"
# Notices handed to the worker per task when many are queued at once: one message per
# notice cost the broker about a millisecond each (5,670 reminders: seven seconds).
SEND_CHUNK = 25

# kind of secret link -> function(recipient) returning a fresh absolute URL.
_secret_link_builders: dict[str, Callable] = {}


def register_secret_link(name: str, builder: Callable) -> None:
    """Let an app say how to make a fresh one-time link of this kind for a person."""
    _secret_link_builders[name] = builder


class NoticeError(Exception):
    """A refused outbox action, with a message for the person who asked."""


class TransientDeliveryError(Exception):
    def __init__(self, message, retry_in):
        super().__init__(message)
        self.retry_in = retry_in


@dataclass(frozen=True)
class Recipient:
    """Who a notice goes to when it is not (or not only) a Person row."""

    email: str
    language: str = "en"
    person: object = None


def _as_recipient(to) -> Recipient:
    if isinstance(to, Recipient):
        return to
    return Recipient(email=to.email, language=getattr(to, "language", "en") or "en", person=to)


def _render_text(name: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping: plain-text mail is not HTML."""
    template = engines["django"].engine.get_template(name)
    return template.render(Context(context, autoescape=False))


def _render(template: str, context: dict, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        subject = " ".join(_render_text(f"{template}.subject.txt", context).split())
        text = _render_text(f"{template}.txt", context).strip() + "\n"
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = render_to_string(
                "notices/email/fallback.html", {"text": text, "subject": subject}
            )
    return subject, text, html


def notice_build(
    *,
    to,
    kind: str,
    key: str,
    template: str,
    context: dict | None = None,
    about=None,
    secret_link: str = "",
    rendered: dict | None = None,
    shared=None,
) -> Notice:
    """One e-mail rendered in the recipient's language, not saved yet (see ``notice_queue``).

    ``rendered``: a dict in which the caller keeps the renderings it knows to be
    the same for several recipients; ``shared`` the key of this one in it (the
    template, the language and what of the recipient and context it reads).
    """
    recipient = _as_recipient(to)
    if secret_link and secret_link not in _secret_link_builders:
        raise ValueError(f"No secret-link builder registered for {secret_link!r}")
    ctx = {"recipient": recipient.person, "site_url": settings.SITE_URL, **(context or {})}
    if secret_link:
        ctx["link"] = SECRET_LINK_MARKER
    if rendered is not None and shared is not None:
        memo = (template, recipient.language, secret_link, shared)
        if memo not in rendered:
            rendered[memo] = _render(template, ctx, recipient.language)
        subject, text, html = rendered[memo]
    else:
        subject, text, html = _render(template, ctx, recipient.language)
    notice = Notice(
        recipient=recipient.person,
        to_email=recipient.email,
        language=recipient.language,
        subject=subject[:250],
        body_text=text,
        body_html=html,
        kind=kind,
        idempotency_key=key,
        secret_link=secret_link,
    )
    if about is not None:
        notice.content_type = ContentType.objects.get_for_model(about)
        notice.object_id = str(about.pk)
    return notice


def notice_queue(
    *,
    to,
    kind: str,
    key: str,
    template: str,
    context: dict | None = None,
    about=None,
    secret_link: str = "",
) -> tuple[Notice, bool]:
    """Record one e-mail and send it once the current transaction commits.

    ``key`` makes it idempotent: a second call with the same key returns the
    existing notice and sends nothing. The body is rendered in the
    recipient's language; a ``secret_link`` kind puts a marker where the link
    goes, and delivery puts a fresh link there.
    """
    existing = Notice.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing, False
    notice = notice_build(
        to=to,
        kind=kind,
        key=key,
        template=template,
        context=context,
        about=about,
        secret_link=secret_link,
    )
    try:
        with transaction.atomic():
            notice.save()
    except IntegrityError:
        # Another process queued the same key in the meantime.
        return Notice.objects.get(idempotency_key=key), False
    _enqueue_on_commit(notice.pk)
    return notice, True


def notice_queue_many(
    *, recipients: Iterable, kind: str, key_prefix: str, template: str, context=None, about=None
) -> int:
    """Queue the same notice to many people, each at most once, through the worker.

    Returns how many people will be told (0 when this occasion was already queued).
    """
    return notice_fanout(
        recipients=recipients,
        kind=kind,
        key=key_prefix,
        template=template,
        context=context,
        about=about,
    )


def _enqueue_on_commit(notice_id: int, countdown: int = 0) -> None:
    send_notice = task_named(SEND)

    def enqueue():
        try:
            send_notice.apply_async((notice_id,), countdown=countdown)
        except Exception:
            # The row is safe in the outbox; the sweep hands it over again.
            logger.exception("Could not hand notice %s to the worker", notice_id)

    transaction.on_commit(enqueue)


UNCERTAIN_AFTER_DATA = (
    "The mail server took the message but its answer never came: it may have gone out."
)


def _is_transient(exc: Exception) -> bool:
    """Safe to try again: the failure came before the server had the message."""
    if isinstance(exc, DeliveryUncertain):
        return False
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(
        exc, smtplib.SMTPServerDisconnected | ConnectionError | TimeoutError | OSError
    )


def _backoff(attempts: int) -> int:
    return min(settings.NOTICE_BACKOFF_SECONDS * 2 ** (attempts - 1), 3600)


def _message(notice: Notice, connection=None) -> EmailMultiAlternatives:
    text, html = notice.body_text, notice.body_html
    if notice.secret_link:
        builder = _secret_link_builders[notice.secret_link]
        link = builder(notice.recipient)
        text = text.replace(SECRET_LINK_MARKER, link)
        html = html.replace(SECRET_LINK_MARKER, link)
    message = EmailMultiAlternatives(
        subject=notice.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.to_email],
        headers={"X-GMG-Notice": str(notice.pk)},
        connection=connection,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def notice_deliver(*, notice_id: int) -> str | None:
    """Send one queued notice, at most once. Returns the state it ended in.

    Raises ``TransientDeliveryError`` when the mail server asked us to try
    again later; the notice is then queued again with a later attempt time.
    """
    now = timezone.now()
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or notice.state != NoticeState.QUEUED:
            return notice.state if notice else None
        if notice.secret_link:
            # A link that works as a password goes only to the person's current
            # address, and only while they may sign in.
            person = notice.recipient
            if person is None or not person.is_active:
                notice.state = NoticeState.FAILED
                notice.last_error = "The person this link was for is gone or deactivated."
                notice.save(update_fields=["state", "last_error"])
                return notice.state
            notice.to_email = person.email
        notice.state = NoticeState.SENDING
        notice.attempts += 1
        notice.last_attempt_at = now
        notice.claimed_by = current_worker()
        notice.save(
            update_fields=["state", "attempts", "last_attempt_at", "to_email", "claimed_by"]
        )

    connection = get_connection()
    try:
        _message(notice, connection).send(fail_silently=False)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        phase = delivery_phase(connection)
        if phase == "accepted":
            # Only closing the connection failed: the server has said it took it.
            logger.warning("Notice %s sent; closing the connection failed: %s", notice.pk, error)
            return _mark_sent(notice)
        if phase == "uncertain" or isinstance(exc, DeliveryUncertain):
            logger.warning("Notice %s uncertain: %s", notice.pk, error)
            Notice.objects.filter(pk=notice.pk).update(
                state=NoticeState.UNCERTAIN,
                last_error=f"{UNCERTAIN_AFTER_DATA} ({error})"[:2000],
            )
            return NoticeState.UNCERTAIN
        if _is_transient(exc) and notice.attempts < settings.NOTICE_MAX_ATTEMPTS:
            retry_in = _backoff(notice.attempts)
            Notice.objects.filter(pk=notice.pk).update(
                state=NoticeState.QUEUED,
                last_error=error,
                next_attempt_at=timezone.now() + timedelta(seconds=retry_in),
            )
            raise TransientDeliveryError(error, retry_in) from exc
        logger.warning("Notice %s failed: %s", notice.pk, error)
        Notice.objects.filter(pk=notice.pk).update(state=NoticeState.FAILED, last_error=error)
        return NoticeState.FAILED
    return _mark_sent(notice)


def _mark_sent(notice: Notice) -> str:
    Notice.objects.filter(pk=notice.pk).update(
        state=NoticeState.SENT, sent_at=timezone.now(), last_error=""
    )
    return NoticeState.SENT


def notices_sweep(*, now=None) -> dict[str, int]:
    """Hand lost notices (and stalled fan-outs) to the worker again; flag those stuck mid-delivery.

    Runs every minute from beat. Safe to run twice at once: delivery claims
    each row under a lock, and flagging is one conditional update.
    """
    now = now or timezone.now()
    stuck_before = now - timedelta(seconds=settings.NOTICE_UNCERTAIN_AFTER_SECONDS)
    stopped = "The worker stopped during delivery; it may or may not have gone out."
    uncertain = Notice.objects.filter(
        state=NoticeState.SENDING, last_attempt_at__lt=stuck_before
    ).update(state=NoticeState.UNCERTAIN, last_error=stopped)
    # Sooner when the worker that claimed it is known to be gone (its process ended).
    grace_before = now - timedelta(seconds=settings.NOTICE_CLAIM_GRACE_SECONDS)
    claims = Notice.objects.filter(
        state=NoticeState.SENDING, last_attempt_at__lt=grace_before
    ).values_list("pk", "claimed_by")[:500]
    orphans = [pk for pk, claimed_by in claims if worker_is_gone(claimed_by)]
    if orphans:
        uncertain += Notice.objects.filter(pk__in=orphans, state=NoticeState.SENDING).update(
            state=NoticeState.UNCERTAIN, last_error=stopped
        )
    lost_before = now - timedelta(seconds=settings.NOTICE_REQUEUE_AFTER_SECONDS)
    lost = list(
        Notice.objects.filter(
            state=NoticeState.QUEUED, next_attempt_at__lt=lost_before
        ).values_list("pk", flat=True)[:500]
    )
    # A fan-out whose worker died half-way: resumed where its last chunk ended.
    stalled = list(
        NoticeBatch.objects.filter(finished_at__isnull=True, updated_at__lt=lost_before)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:50]
    )
    for pk in lost:
        task_named(SEND).delay(pk)
    for pk in stalled:
        task_named(FANOUT).delay(pk)
    return {"requeued": len(lost), "uncertain": uncertain, "resumed": len(stalled)}


def notice_resend(*, notice: Notice, actor) -> Notice:
    """Queue a failed, uncertain or cancelled notice again (a secret link is made afresh)."""
    require(actor, "notices.change_notice", notice)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.state not in RESENDABLE:
            raise NoticeError(
                translation.gettext("Only a failed, uncertain or cancelled notice can be re-sent.")
            )
        notice.state = NoticeState.QUEUED
        notice.next_attempt_at = timezone.now()
        # The error was the last attempt's: a new attempt starts without it.
        notice.last_error = ""
        notice.save(update_fields=["state", "next_attempt_at", "last_error"])
        _enqueue_on_commit(notice.pk)
    logger.info("Notice %s re-sent by %s", notice.pk, actor)
    return notice


def notice_mark_sent(*, notice: Notice, actor) -> Notice:
    """The secretariat confirms an uncertain notice did go out."""
    require(actor, "notices.change_notice", notice)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.state not in MARKABLE_SENT:
            raise NoticeError(translation.gettext("Only an uncertain notice can be marked sent."))
        notice.state = NoticeState.SENT
        notice.sent_at = notice.last_attempt_at
        notice.save(update_fields=["state", "sent_at"])
    logger.info("Notice %s marked sent by %s", notice.pk, actor)
    return notice


def notice_cancel(*, notice: Notice, actor) -> Notice:
    """Stop a notice that has not gone out."""
    require(actor, "notices.change_notice", notice)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.state not in CANCELLABLE:
            raise NoticeError(translation.gettext("This notice can no longer be cancelled."))
        notice.state = NoticeState.CANCELLED
        notice.save(update_fields=["state"])
    logger.info("Notice %s cancelled by %s", notice.pk, actor)
    return notice


# --- Fan-out: one message to many people, built in the worker -------------

FANOUT_CHUNK = 250


def _freeze(value):
    """A context value as JSON: a model row becomes its label and pk, a list of rows a list."""
    if isinstance(value, Model):
        return {"__row__": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, list | tuple) and value and all(isinstance(v, Model) for v in value):
        return [_freeze(v) for v in value]
    return value


def _is_row(value) -> bool:
    return isinstance(value, dict) and "__row__" in value


def _thaw(value):
    """The inverse of ``_freeze``: rows are read again (one query per value, not per person)."""
    if _is_row(value):
        return apps.get_model(value["__row__"])._default_manager.filter(pk=value["pk"]).first()
    if isinstance(value, list) and value and all(_is_row(v) for v in value):
        model = apps.get_model(value[0]["__row__"])
        rows = model._default_manager.in_bulk([v["pk"] for v in value])
        return [rows[v["pk"]] for v in value if v["pk"] in rows]
    return value


def notice_fanout(
    *, recipients, kind: str, key: str, template: str, context: dict | None = None, about=None
) -> int:
    """Queue the same message to many people; the worker writes the notices after commit.

    ``recipients`` is a queryset of people (or their ids). The request pays a
    constant number of queries whatever their number: one to read the ids,
    one to record the batch. ``key`` names the occasion: a second call with
    the same key records nothing and returns 0; otherwise it returns how many
    people will be told. Each person gets at most one notice per key, ever.
    """
    if hasattr(recipients, "values_list"):
        ids = list(recipients.values_list("pk", flat=True))
    else:
        ids = [getattr(r, "pk", r) for r in recipients]
    ids = list(dict.fromkeys(ids))
    if not ids:
        return 0
    batch = NoticeBatch(
        key=key,
        kind=kind,
        template=template,
        context={name: _freeze(value) for name, value in (context or {}).items()},
        recipient_ids=ids,
    )
    if about is not None:
        batch.content_type = ContentType.objects.get_for_model(about)
        batch.object_id = str(about.pk)
    try:
        with transaction.atomic():
            batch.save()
    except IntegrityError:
        return 0  # this occasion was already announced
    transaction.on_commit(lambda: task_named(FANOUT).delay(batch.pk))
    return len(ids)


def notice_fanout_run(*, batch_id: int, chunk: int = FANOUT_CHUNK) -> int:
    """Write a batch's notices, ``chunk`` people per transaction; returns how many were new.

    Each chunk locks the batch row, so two workers on one batch take turns;
    it checks the chunk's keys with one ``IN`` query, inserts the missing
    notices in one statement and moves the resume point, all or nothing.
    Delivery of each new notice is queued once its chunk has committed.
    """
    person_model = get_user_model()
    created = 0
    context = None
    while True:
        with transaction.atomic():
            batch = NoticeBatch.objects.select_for_update().filter(pk=batch_id).first()
            if batch is None or batch.finished_at is not None:
                return created
            ids = batch.recipient_ids[batch.done : batch.done + chunk]
            now = timezone.now()
            if not ids:
                batch.finished_at = now
                batch.save(update_fields=["finished_at", "updated_at"])
                return created
            if context is None:
                context = {name: _thaw(value) for name, value in batch.context.items()}
            keys = {pk: f"{batch.key}:to:{pk}" for pk in ids}
            existing = set(
                Notice.objects.filter(idempotency_key__in=keys.values()).values_list(
                    "idempotency_key", flat=True
                )
            )
            people = person_model._default_manager.in_bulk(
                [pk for pk, key in keys.items() if key not in existing]
            )
            notices = []
            for pk in ids:
                person = people.get(pk)
                if person is None or not person.is_active:
                    continue
                recipient = _as_recipient(person)
                ctx = {"recipient": person, "site_url": settings.SITE_URL, **context}
                subject, text, html = _render(batch.template, ctx, recipient.language)
                notices.append(
                    Notice(
                        recipient=person,
                        to_email=recipient.email,
                        language=recipient.language,
                        subject=subject[:250],
                        body_text=text,
                        body_html=html,
                        kind=batch.kind,
                        content_type_id=batch.content_type_id,
                        object_id=batch.object_id,
                        idempotency_key=keys[pk],
                        created_at=now,
                        next_attempt_at=now,
                    )
                )
            Notice.objects.bulk_create(notices)
            batch.done += len(ids)
            batch.updated_at = now
            batch.save(update_fields=["done", "updated_at"])
            new_ids = [n.pk for n in notices]
            transaction.on_commit(lambda new_ids=new_ids: _enqueue_many(new_ids))
            created += len(notices)


def _enqueue_many(notice_ids: list[int]) -> None:
    """Hand the notices to the worker, ``SEND_CHUNK`` per task."""
    send_many = task_named(SEND_MANY)
    for start in range(0, len(notice_ids), SEND_CHUNK):
        chunk = notice_ids[start : start + SEND_CHUNK]
        try:
            send_many.delay(chunk)
        except Exception:
            # The rows are safe in the outbox; the sweep hands them over again.
            logger.exception("Could not hand notices %s… to the worker", chunk[0])
            return


def notices_deliver_many(*, notice_ids: list[int]) -> None:
    """Deliver each notice in turn; one the mail server defers is retried on its own."""
    send_notice = task_named(SEND)
    for pk in notice_ids:
        try:
            notice_deliver(notice_id=pk)
        except TransientDeliveryError as exc:
            send_notice.apply_async((pk,), countdown=exc.retry_in)


RESEND_NOW = 500


def notice_resend_failed(*, kind: str, actor) -> int:
    """Queue again every failed notice of one kind (after the mail server was fixed).

    One update marks them all; the first ``RESEND_NOW`` go to the worker at
    once, the sweep hands over the rest in batches. Returns how many.
    """
    with transaction.atomic():
        ids = list(
            Notice.objects.select_for_update()
            .filter(kind=kind, state=NoticeState.FAILED)
            .values_list("pk", flat=True)
        )
        Notice.objects.filter(pk__in=ids).update(
            state=NoticeState.QUEUED, next_attempt_at=timezone.now(), last_error=""
        )
        for pk in ids[:RESEND_NOW]:
            _enqueue_on_commit(pk)
    logger.info("%s failed %s notices re-sent by %s", len(ids), kind, actor)
    return len(ids)
