from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Decisions")

    def ready(self):
        # The publication of minutes (received here), the panels, the demo data.
        from decisions import demo, panels, receivers, search  # noqa: F401

        panels.register()
        search.register()
