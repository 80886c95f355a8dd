from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: what every other floor stands on, knowing none of them."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.core.signals import setting_changed
        from django.db.models.signals import post_migrate

        from core import pagecache
        from core.i18n import use_cldr_date_names

        use_cldr_date_names()
        # After every migrate, every table (new ones too) notes its changes for the page cache.
        post_migrate.connect(_install_change_triggers, sender=self)
        setting_changed.connect(pagecache.forget_pages)


def _install_change_triggers(sender, using, **kwargs):
    from core.pagecache import install_triggers

    install_triggers(using)
