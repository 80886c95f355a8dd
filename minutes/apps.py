from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = _("Minutes")

    def ready(self):
        from core.audit import audit_words
        from minutes.words import NOTICE_KINDS, WORDS
        from notices.kinds import kind_labels

        audit_words.update(WORDS)
        kind_labels.update(NOTICE_KINDS)
        # The panels (meeting page, dashboard, follow-up), the reminders, the search, the PDFs,
        # the demo data.
        from minutes import demo, panels, pdf, reminders, search  # noqa: F401

        panels.register()
        reminders.register()
        search.register()
        pdf.register()
