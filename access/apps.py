from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Sign-in and access")

    def ready(self):
        from access import receivers  # noqa: F401 - connects the sign-in signals
