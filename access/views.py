from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from rules.contrib.views import permission_required

from access import services, two_factor
from access.forms import OutboxPasswordResetForm
from access.selectors import live_sessions_of
from core.redirects import redirect_next, safe_next_url
from members.models import Person


class PasswordResetView(auth_views.PasswordResetView):
    """Asking for a reset link: recorded, and decided by the worker (``access.services``)."""

    form_class = OutboxPasswordResetForm
    template_name = "members/password_reset.html"


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


# --- Two factors ------------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def _next(request):
    return safe_next_url(request, reverse("dashboard"))


@permission_required("access.view_own_sessions", raise_exception=True)
def two_factor_verify(request):
    """After the password: the code from the app, or a recovery code."""
    person = request.user
    if not two_factor.has_two_factor(person):
        return redirect("access:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.two_factor_check(person=person, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if device.__class__.__name__ == "StaticDevice":
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)s are left.")
                    % {"left": two_factor.recovery_codes_left(person)},
                )
            return HttpResponseRedirect(_next(request))
        form.add_error("token", _("That code is not right, or was used already. Try again."))
    return render(
        request,
        "access/two_factor_verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@permission_required("access.view_own_sessions", raise_exception=True)
def two_factor_setup(request):
    """Set up the authenticator app: scan the code (or type the secret), enter a code."""
    person = request.user
    device = two_factor.totp_pending(person=person)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.totp_confirm(
            person=person, token=form.cleaned_data["token"], actor=person
        )
        if codes is not None:
            confirmed = person.totpdevice_set.get(confirmed=True)
            otp_login(request, confirmed)
            request.session["_gmg_new_codes"] = codes
            return HttpResponseRedirect(
                reverse("access:two_factor_codes") + "?" + urlencode({"next": _next(request)})
            )
        form.add_error("token", _("That code is not right. Check the clock of your phone."))
    return render(
        request,
        "access/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_data_uri(device),
            "secret": two_factor.secret_for_typing(device),
            "required": two_factor.two_factor_required(person),
            "has_two_factor": two_factor.has_two_factor(person),
            "next": _next(request),
        },
        status=400 if form.errors else 200,
    )


@permission_required("access.view_own_sessions", raise_exception=True)
def two_factor_codes(request):
    """The recovery codes, shown once: after set-up, or made anew from the profile."""
    person = request.user
    if request.method == "POST":
        if not request.user.is_verified():
            return redirect("access:two_factor_verify")
        codes = two_factor.recovery_codes_renew(person=person, actor=person)
    else:
        codes = request.session.pop("_gmg_new_codes", None)
    return render(
        request,
        "access/two_factor_codes.html",
        {
            "codes": codes,
            "left": two_factor.recovery_codes_left(person),
            "has_two_factor": two_factor.has_two_factor(person),
            "next": _next(request),
        },
    )


@require_POST
@permission_required("access.reset_two_factor", raise_exception=True)
def two_factor_reset(request, pk):
    person = get_object_or_404(Person, pk=pk)
    two_factor.two_factor_reset(person=person, actor=request.user)
    messages.success(
        request,
        _("%(person)s's second factor is removed: they set up a new one at their next sign-in.")
        % {"person": person},
    )
    return redirect_next(request, reverse("members:person_edit", args=[person.pk]))
