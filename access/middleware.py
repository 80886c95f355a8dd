"""Sessions end after a configurable idle time; each session's last use is recorded."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from access.services import SEEN_KEY, session_seen
from access.sso import SIGNED_IN_VIA_KEY

# The session's row is written at most this often, not on every request.
TOUCH_SECONDS = 60


class SessionActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            seen = request.session.get(SEEN_KEY)
            idle = settings.GMG_IDLE_MINUTES * 60
            if seen is not None and now - seen > idle:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)s minutes without activity.")
                    % {"minutes": settings.GMG_IDLE_MINUTES},
                )
                return redirect_to_login(request.get_full_path())
            if seen is None or now - seen > TOUCH_SECONDS:
                request.session[SEEN_KEY] = now
                session_seen(request=request)
        return self.get_response(request)


# Pages a signed-in person may open before the second factor: the two-factor
# pages themselves, signing out, the language switch.
BEFORE_SECOND_FACTOR = {
    "access:two_factor_verify",
    "access:two_factor_setup",
    "access:two_factor_codes",
    "logout",
    "set_language",
}


class TwoFactorMiddleware:
    """A person signed in with a password but not yet with the second factor is sent to
    enter it, or to set one up when it is required of them; nothing else opens.

    Whether it applies is worked out at sign-in and again every few minutes (a
    chair term may begin), kept in the session, so most requests ask nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from access.two_factor import STATE_AT, STATE_KEY, two_factor_state

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not settings.GMG_TWO_FACTOR_ENFORCED:
            return self.get_response(request)
        if request.session.get(SIGNED_IN_VIA_KEY):
            # Signed in through the agency's provider, which asked its own second factor.
            return self.get_response(request)
        now = time.time()
        state = request.session.get(STATE_KEY)
        if state is None or now - request.session.get(STATE_AT, 0) > RECHECK_SECONDS:
            state = two_factor_state(user)
            request.session[STATE_KEY], request.session[STATE_AT] = state, now
        if state != "free" and not user.is_verified():
            match = _resolve(request.path)
            if match is None or match.view_name not in BEFORE_SECOND_FACTOR:
                page = "access:two_factor_" + ("verify" if state == "verify" else "setup")
                return redirect_to_login(request.get_full_path(), login_url=page)
        return self.get_response(request)


# How often the need for a second factor is worked out again during a session.
RECHECK_SECONDS = 600


def _resolve(path):
    from django.urls import Resolver404, resolve

    try:
        return resolve(path)
    except Resolver404:
        return None
