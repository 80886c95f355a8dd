from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Sign-in and access")

    def ready(self):
        # The tasks register under their names; the services queue them by name.
        from access import (
            receivers,  # noqa: F401 - connects the sign-in signals
            tasks,  # noqa: F401
        )
