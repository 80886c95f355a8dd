from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Outbox")

    def ready(self):
        # The tasks register under their names; the services hand work to them by name.
        from notices import tasks  # noqa: F401
