from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("Windows", "Windows"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


class SignInSession(models.Model):
    """One signed-in browser of a person: what it is and when it was last seen."""

    session_key = models.CharField(max_length=40, unique=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_sessions"
    )
    user_agent = models.CharField(_("device"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed in"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    # The agency whose provider signed this session in; empty for a password.
    via = models.CharField(_("signed in through"), max_length=30, blank=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("sign-in session")
        verbose_name_plural = _("sign-in sessions")

    def __str__(self):
        return f"{self.person} {self.device}"

    @property
    def device(self) -> str:
        """A short name for the browser and system, read from its user agent."""
        agent = self.user_agent
        browser = next((name for token, name in BROWSERS if token in agent), str(_("a browser")))
        system = next((name for token, name in SYSTEMS if token in agent), "")
        return f"{browser}, {system}" if system else browser


class ResetRequest(models.Model):
    """A password-reset request as it came in, before the worker decides about it."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    outcome = models.CharField(max_length=20, blank=True)

    def __str__(self):
        return f"{self.email} {self.at:%Y-%m-%d %H:%M}"


class IdentityProvider(models.Model):
    """An agency's own sign-in (OpenID Connect), set up by the secretariat.

    People whose e-mail domain is one of the provider's domains sign in there;
    they must already be invited (a person of the agency, or without one).
    """

    agency = models.OneToOneField(
        "members.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="identity_provider",
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        help_text=_(
            "The provider's address; its discovery document is read from "
            "ISSUER/.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client id"), max_length=200)
    # Encrypted with the operator's key (access.sealing): a copy of the database
    # alone does not give the secret away. Never shown back, never audited.
    client_secret_sealed = models.TextField(blank=True, editable=False)
    enabled = models.BooleanField(_("in use"), default=True)
    # Read from the discovery document when saved: the sign-in page may send its
    # form on to it (Content-Security-Policy form-action).
    authorization_endpoint = models.URLField(max_length=500, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["agency__acronym"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self):
        return f"{self.agency} ({self.issuer})"

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def domain_list(self) -> list[str]:
        return [d.domain for d in self.domains.all()]


class ProviderDomain(models.Model):
    """An e-mail domain whose people sign in through one provider (one provider a domain)."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("e-mail domain"), max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class ProviderLink(models.Model):
    """Which account at an agency's provider is which person here: the provider's
    stable subject (``sub``) at its issuer, kept at the first sign-in and matched on
    ever after. An e-mail address can change or be given to someone else; the
    subject is, by OpenID Connect, the provider's lasting name for one account."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_links"
    )
    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="links")
    # The issuer when linked: a provider given a new issuer starts from its first sign-ins.
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("account (subject)"), max_length=255)
    email = models.CharField(_("e-mail at the provider"), max_length=254)
    created_at = models.DateTimeField(_("linked"), default=timezone.now)
    last_used = models.DateTimeField(_("last used"), default=timezone.now)

    class Meta:
        ordering = ["provider__agency__acronym", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="provider_link_one_account"),
            models.UniqueConstraint(fields=["person", "issuer"], name="provider_link_one_a_person"),
        ]
        verbose_name = _("linked sign-in")
        verbose_name_plural = _("linked sign-ins")

    def __str__(self):
        return f"{self.person} {self.issuer} {self.subject}"
