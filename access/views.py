from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from access import services
from access.selectors import live_sessions_of


@permission_required("access.view_locks", raise_exception=True)
def locks(request):
    return render(
        request,
        "access/locks.html",
        {
            "attempts": services.recent_failures()[:200],
            "minutes": services.lock_minutes(),
            "account_limit": settings.AXES_FAILURE_LIMIT,
            "address_limit": settings.GMG_SIGNIN_ADDRESS_FAILURES,
        },
    )


@require_POST
@permission_required("access.lift_lock", raise_exception=True)
def lock_lift(request):
    username = request.POST.get("username", "")[:255]
    ip_address = request.POST.get("ip_address", "")[:45]
    lifted = services.sign_in_lock_lift(
        actor=request.user, username=username, ip_address=ip_address
    )
    if lifted:
        messages.success(
            request,
            _("%(who)s may try to sign in again.") % {"who": username or ip_address},
        )
    else:
        messages.info(request, _("Nothing was locked for that."))
    return redirect("access:locks")


@permission_required("access.view_own_sessions", raise_exception=True)
def sessions(request):
    return render(
        request,
        "access/sessions.html",
        {
            "sessions": live_sessions_of(request.user),
            "current_key": request.session.session_key,
            "idle_minutes": settings.GMG_IDLE_MINUTES,
        },
    )


@require_POST
@permission_required("access.view_own_sessions", raise_exception=True)
def sessions_end(request):
    person = request.user
    services.sessions_end_all(person=person, actor=person)
    logout(request)
    messages.success(request, _("You are signed out everywhere, on every device."))
    return redirect("login")
