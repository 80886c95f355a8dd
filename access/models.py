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
