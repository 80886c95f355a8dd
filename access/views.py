from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from rules.contrib.views import permission_required

from access import services, sso, throttle, two_factor
from access.forms import (
    EmailStepForm,
    OutboxPasswordResetForm,
    ProviderCreateForm,
    ProviderEditForm,
)
from access.models import IdentityProvider, ProviderLink
from access.selectors import live_sessions_of
from core.errors import ConflictError
from core.forms import apply_service_errors
from core.redirects import redirect_next, safe_next_url
from members.forms import SignInForm
from members.models import Person

# --- Signing in: the e-mail first -------------------------------------------------


class SignInView(auth_views.LoginView):
    """First the e-mail: an address of an agency with its own sign-in goes there; any
    other is asked for the password (throttled by django-axes, then the second factor)."""

    form_class = SignInForm
    template_name = "members/sign_in.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        email = request.POST.get("username", "")[:254]
        provider = sso.provider_for_email(email)
        if provider is not None:
            try:
                return sso.sign_in_start(
                    request=request, provider=provider, email=email, next_url=self.get_success_url()
                )
            except sso.SignInError as refused:
                step = EmailStepForm(request.POST)
                step.is_valid()
                step.add_error("username", refused.message)
                return self.render_to_response(
                    self.get_context_data(form=step, step="email"), status=503
                )
        if "password" not in request.POST:
            step = EmailStepForm(request.POST)
            if not step.is_valid():
                return self.render_to_response(
                    self.get_context_data(form=step, step="email"), status=400
                )
            email = step.cleaned_data["username"]
            form = self.get_form_class()(request, initial={"username": email})
            return self.render_to_response(self.get_context_data(form=form, step="password"))
        wait = throttle.wait_seconds(
            username=throttle.username_of(request, None), ip_address=services.client_ip(request)
        )
        if wait > 0:
            form = self.get_form_class()(request, initial={"username": email.strip()})
            message = ngettext(
                "Too many failed sign-ins: try again in %(seconds)s second.",
                "Too many failed sign-ins: try again in %(seconds)s seconds.",
                wait,
            ) % {"seconds": wait}
            response = self.render_to_response(
                self.get_context_data(form=form, step="password", wait_message=message),
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        if self.request.method == "GET":
            kwargs.setdefault("form", EmailStepForm())
            kwargs.setdefault("step", "email")
        context = super().get_context_data(**kwargs)
        context.setdefault("step", "password")
        if context["step"] == "password":
            fields = context["form"].fields
            fields["username"].widget.attrs.pop("autofocus", None)
            fields["password"].widget.attrs["autofocus"] = True
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # The e-mail may lead on to an agency's provider: the form may go there.
        origins = sso.form_action_origins()
        if origins:
            response._csp_update = {"form-action": origins}
        return response


@login_not_required
def sso_return(request, pk):
    """Back from the agency's provider: checked, and the invited person signed in."""
    provider = get_object_or_404(
        IdentityProvider.objects.select_related("agency"), pk=pk, enabled=True
    )
    try:
        _person, next_url = sso.sign_in_finish(request=request, provider=provider)
    except sso.SignInError as refused:
        messages.error(request, refused.message)
        return redirect("login")
    return HttpResponseRedirect(next_url)


@require_POST
@permission_required("access.remove_sign_in_link", raise_exception=True)
def sign_in_link_remove(request, pk):
    """The secretariat unlinks a person from their account at an agency's provider."""
    link = get_object_or_404(
        ProviderLink.objects.select_related("person", "provider__agency"), pk=pk
    )
    sso.link_remove(link=link, actor=request.user)
    messages.success(
        request,
        _(
            "%(person)s is no longer linked to their account at %(agency)s's sign-in: the next "
            "sign-in there links again."
        )
        % {"person": link.person, "agency": link.provider.agency},
    )
    return redirect_next(request, reverse("members:person_edit", args=[link.person_id]))


# --- The secretariat's set-up of the agencies' providers ---------------------------


@permission_required("access.configure_sso", raise_exception=True)
def providers(request):
    return render(
        request,
        "access/providers.html",
        {
            "providers": IdentityProvider.objects.select_related("agency").prefetch_related(
                "domains"
            ),
            "can_add": ProviderCreateForm().fields["agency"].queryset.exists(),
        },
    )


def _return_url(request, provider):
    return request.build_absolute_uri(reverse("access:sso_return", args=[provider.pk]))


@permission_required("access.configure_sso", raise_exception=True)
def provider_new(request):
    form = ProviderCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = sso.provider_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(agency)s's people now sign in through its provider.")
                % {"agency": provider.agency},
            )
            return redirect("access:provider_edit", pk=provider.pk)
    return render(
        request,
        "access/provider_form.html",
        {"form": form, "page_title": _("Set up an agency's sign-in")},
        status=400 if form.errors else 200,
    )


@permission_required("access.configure_sso", raise_exception=True)
def provider_edit(request, pk):
    provider = get_object_or_404(IdentityProvider.objects.select_related("agency"), pk=pk)
    form = ProviderEditForm(request.POST or None, provider=provider)
    conflict, conflict_values = False, []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            sso.provider_update(
                provider=provider, actor=request.user, version=data.pop("version"), **data
            )
        except ConflictError as error:
            conflict = True
            form.add_error(None, str(error))
            saved = IdentityProvider.objects.get(pk=provider.pk)
            form.data = form.data.copy()
            form.data["version"] = saved.version
            conflict_values = [
                (form["issuer"].label, saved.issuer),
                (form["client_id"].label, saved.client_id),
                (form["domains"].label, ", ".join(saved.domain_list)),
            ]
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("%(agency)s's sign-in is saved.") % {"agency": provider.agency}
            )
            return redirect("access:providers")
    return render(
        request,
        "access/provider_form.html",
        {
            "form": form,
            "provider": provider,
            "conflict": conflict,
            "conflict_values": conflict_values,
            "return_url": _return_url(request, provider),
            "page_title": _("Sign-in of %(agency)s") % {"agency": provider.agency},
        },
        status=400 if form.errors else 200,
    )


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
