from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Counts by the Terms of Reference's purposes: the top floor, reading the floors below."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from reports import panels

        panels.register()
