"""How django-axes counts failed sign-ins here.

Two counts, each with its own limit: failures for one account (any address)
and failures from one address (any account). An office behind one address
may have many people mistyping, so the address limit is higher.
``AXES_LOCKOUT_PARAMETERS`` is ``["username", "ip_address"]``, in that order.
"""

import math
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from access.services import lock_minutes


class AccountAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        account = counts[0] if counts else 0
        address = counts[1] if len(counts) > 1 else 0
        # Scaled so that either count reaching its own limit reaches AXES_FAILURE_LIMIT.
        scaled = address * settings.AXES_FAILURE_LIMIT // settings.GMG_SIGNIN_ADDRESS_FAILURES
        return max(account, scaled)


def locked_out(request, original_response=None, credentials=None):
    """The page a locked sign-in gets: what happened, for how long, what to do."""
    return render(
        request,
        "access/locked.html",
        {"minutes": lock_minutes()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def username_of(request, credentials):
    """Accounts are e-mail addresses, whatever their letter case."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return value.strip().lower()


# --- A growing delay before the lock ----------------------------------------------------


def delay_after(failures: int) -> int:
    """Seconds to wait after this many failures before the next try: none for the first
    ``GMG_SIGNIN_DELAY_AFTER``, then 1, 2, 4, 8… up to ``GMG_SIGNIN_DELAY_MAX``."""
    free = settings.GMG_SIGNIN_DELAY_AFTER
    if failures < free:
        return 0
    return min(2 ** (failures - free), settings.GMG_SIGNIN_DELAY_MAX)


def wait_seconds(*, username: str, ip_address: str | None) -> int:
    """How long this account or address must still wait before another password is
    taken (0: go ahead). Nothing sleeps: a try that comes too early is answered at once
    and not counted. A locked account or address is left to the lock (its own page)."""
    now = timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    waits = [0]
    for field, value, limit in (
        ("username", username, settings.AXES_FAILURE_LIMIT),
        ("ip_address", ip_address, settings.GMG_SIGNIN_ADDRESS_FAILURES),
    ):
        if not value:
            continue
        counted = recent.filter(**{field: value}).aggregate(
            failures=Sum("failures_since_start"), last=Max("attempt_time")
        )
        failures = counted["failures"] or 0
        if not failures or failures >= limit:
            continue
        ready = counted["last"] + timedelta(seconds=delay_after(failures))
        waits.append(math.ceil((ready - now).total_seconds()))
    return max(waits)
