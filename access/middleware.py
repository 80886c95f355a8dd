"""Sessions end after a configurable idle time; each session's last use is recorded."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from access.services import SEEN_KEY, session_seen

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
