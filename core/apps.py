from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: what every other floor stands on, knowing none of them."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core.i18n import use_cldr_date_names

        use_cldr_date_names()
