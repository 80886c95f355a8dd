from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        # The panels, and the demo-data receiver.
        from agenda import demo, panels  # noqa: F401

        panels.register()
