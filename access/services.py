"""Sign-in protection: locks after failed sign-ins, limited password resets, sessions.

django-axes counts the failures and locks (see ``access.throttle``); this
module tells the person, lets the secretariat lift a lock, takes password
reset requests (the worker decides on them, so the answer is the same for
every address), and ends a person's sessions.
"""

import logging
import time
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from access.models import ResetRequest, SignInSession
from core.audit import audit_record
from core.permissions import SYSTEM, require
from core.worker import task_queue_on_commit
from members.models import Person
from members.services import password_reset_request
from notices.models import Notice
from notices.services import notice_queue

logger = logging.getLogger(__name__)


def lock_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


# --- Locks ------------------------------------------------------------------


@transaction.atomic
def sign_in_locked_notify(*, username: str, ip_address: str | None) -> bool:
    """Tell the owner of ``username`` (if there is one) that sign-in is locked; once a lock."""
    person = Person.objects.filter(email__iexact=(username or "").strip(), is_active=True).first()
    if person is None:
        return False
    # A lock that began in the window before is the same lock: told once already.
    cooloff = settings.AXES_COOLOFF_TIME
    if Notice.objects.filter(
        kind="sign_in_locked", recipient=person, created_at__gte=timezone.now() - cooloff
    ).exists():
        return False
    window = int(timezone.now().timestamp() // cooloff.total_seconds())
    _notice, created = notice_queue(
        to=person,
        kind="sign_in_locked",
        key=f"sign-in-locked:{person.pk}:{window}",
        template="access/email/locked",
        context={"person": person, "minutes": lock_minutes(), "ip_address": ip_address or ""},
        about=person,
    )
    if created:
        audit_record(actor=SYSTEM, action="access.locked", target=person, ip=ip_address or "")
    return created


def lock_threshold():
    return timezone.now() - settings.AXES_COOLOFF_TIME


@transaction.atomic
def sign_in_lock_lift(*, actor, username: str = "", ip_address: str = "") -> int:
    """The secretariat lets an account, or an address, try again at once."""
    require(actor, "access.lift_lock")
    if username:
        attempts = AccessAttempt.objects.filter(username=username)
    elif ip_address:
        attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    else:
        return 0
    lifted = attempts.delete()[0]
    person = Person.objects.filter(email__iexact=username).first() if username else None
    audit_record(
        actor=actor, action="access.unlock", target=person, username=username, ip=ip_address
    )
    return lifted


def recent_failures():
    """Failed sign-ins within the lock period, newest first (the secretariat's list)."""
    return AccessAttempt.objects.filter(attempt_time__gte=lock_threshold()).order_by(
        "-attempt_time"
    )


# --- Password reset ---------------------------------------------------------


def password_reset_take(*, email: str, ip_address: str | None) -> ResetRequest:
    """Record a reset request and leave the decision to the worker.

    The page answers the same, in the same time, whether the address is known:
    nothing here looks the person up.
    """
    request = ResetRequest.objects.create(
        email=email.strip().lower()[:254], ip_address=ip_address or None
    )
    task_queue_on_commit("access.reset_request", request.pk)
    return request


def password_reset_process(*, request_id: int) -> str:
    """In the worker: send the link unless this person or address asked too often."""
    request = ResetRequest.objects.filter(pk=request_id).first()
    if request is None or request.outcome:
        return request.outcome if request else "gone"
    since = request.at - timedelta(hours=1)
    earlier = ResetRequest.objects.filter(at__gte=since, pk__lt=request.pk).exclude(
        outcome="limited"
    )
    if earlier.filter(email=request.email).count() >= settings.GMG_RESET_PER_PERSON_HOUR or (
        request.ip_address
        and earlier.filter(ip_address=request.ip_address).count()
        >= settings.GMG_RESET_PER_ADDRESS_HOUR
    ):
        outcome = "limited"
    else:
        outcome = "sent" if password_reset_request(email=request.email) else "unknown"
    ResetRequest.objects.filter(pk=request.pk).update(outcome=outcome)
    if outcome == "limited":
        logger.info("Password reset for request %s not sent: too many requests", request.pk)
    return outcome


# --- Sessions ---------------------------------------------------------------


SEEN_KEY = "_gmg_seen"


def session_start(*, request, user) -> None:
    """A sign-in: the new session is listed from now on."""
    if not request.session.session_key:
        request.session.save()
    request.session[SEEN_KEY] = time.time()
    session_seen(request=request, user=user)
    if settings.GMG_TWO_FACTOR_ENFORCED:
        from access.two_factor import STATE_AT, STATE_KEY, two_factor_state

        request.session[STATE_KEY] = two_factor_state(user)
        request.session[STATE_AT] = time.time()


def session_seen(*, request, user=None) -> None:
    """Record (at most once a minute, from the middleware) that this session is in use."""
    key = request.session.session_key
    if not key:
        return
    SignInSession.objects.update_or_create(
        session_key=key,
        defaults={
            "person": user or request.user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "ip_address": client_ip(request),
            "last_seen": timezone.now(),
        },
    )


def client_ip(request) -> str | None:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


@transaction.atomic
def sessions_end_all(*, person: Person, actor) -> int:
    """Sign the person out everywhere: every browser's session ends now."""
    require(actor, "access.end_sessions", person)
    keys = list(person.sign_in_sessions.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    ended = SignInSession.objects.filter(person=person).delete()[0]
    audit_record(actor=actor, action="access.sign_out_everywhere", target=person, sessions=ended)
    return ended


def session_forget(*, session_key: str | None) -> None:
    if session_key:
        SignInSession.objects.filter(session_key=session_key).delete()
