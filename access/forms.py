"""Forms of the sign-in pages and of the secretariat's single sign-on set-up."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from access.models import IdentityProvider
from access.services import client_ip, password_reset_take
from access.sso import secret_readable
from core.forms import VersionedFormMixin
from members.models import Agency


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset whose e-mail goes through the outbox like every other."""

    def save(self, *args, request=None, **kwargs):
        # Only recorded here: the worker decides (unknown address, too many requests),
        # so the page answers the same, in the same time, for every address.
        password_reset_take(
            email=self.cleaned_data["email"],
            ip_address=client_ip(request) if request is not None else None,
        )


class EmailStepForm(forms.Form):
    """The sign-in page's first question: the e-mail tells where the person signs in."""

    username = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class ProviderForm(forms.Form):
    """An agency's identity provider. The client secret is never shown back: left
    empty on an edit, the saved one is kept."""

    issuer = forms.URLField(
        label=_("Issuer"),
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "As the provider gives it, e.g. https://login.microsoftonline.com/TENANT/v2.0; "
            "its discovery document (ISSUER/.well-known/openid-configuration) is read when "
            "you save."
        ),
    )
    client_id = forms.CharField(label=_("Client id"), max_length=200)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    domains = forms.CharField(
        label=_("E-mail domains"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The agency's e-mail domains, one per line (e.g. unhcr.org): people with "
            "these addresses sign in through this provider."
        ),
    )
    enabled = forms.BooleanField(
        label=_("In use"),
        required=False,
        help_text=_("Untick to let the agency's people sign in with a password again."),
    )


class ProviderCreateForm(ProviderForm):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    field_order = ["agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(identity_provider__isnull=True)
        self.fields["client_secret"].required = True
        self.fields["enabled"].initial = True


class ProviderEditForm(VersionedFormMixin, ProviderForm):
    def __init__(self, *args, provider: IdentityProvider, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "issuer": provider.issuer,
                "client_id": provider.client_id,
                "domains": "\n".join(provider.domain_list),
                "enabled": provider.enabled,
                "version": provider.version,
            },
        )
        super().__init__(*args, **kwargs)
        if secret_readable(provider):
            self.fields["client_secret"].help_text = _(
                "A secret is saved; it is not shown. Leave this empty to keep it, or type a "
                "new one."
            )
        else:
            # The operator's keys changed without the secrets (README, single sign-on).
            self.fields["client_secret"].help_text = _(
                "The saved secret cannot be opened with this site's keys: sign-in through "
                "this provider fails until you type the secret again."
            )
