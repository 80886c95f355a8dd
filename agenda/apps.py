from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        # The panels, the reminders, and the demo-data receiver.
        from agenda import demo, panels, reminders  # noqa: F401

        panels.register()
        reminders.register()
