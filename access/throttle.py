"""How django-axes counts failed sign-ins here.

Two counts, each with its own limit: failures for one account (any address)
and failures from one address (any account). An office behind one address
may have many people mistyping, so the address limit is higher.
``AXES_LOCKOUT_PARAMETERS`` is ``["username", "ip_address"]``, in that order.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

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
