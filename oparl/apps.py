from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OparlConfig(AppConfig):
    """The group's public record as OParl 1.1: the top floor, reading every floor below."""

    name = "oparl"
    verbose_name = _("OParl API")
