from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "core.documents"
    label = "documents"
    verbose_name = _("Rendered documents")

    def ready(self):
        # The render task registers under its name; the services queue it by name.
        from core.documents import tasks  # noqa: F401
