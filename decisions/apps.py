from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Decisions")

    def ready(self):
        from core.audit import audit_words
        from decisions.words import WORDS

        audit_words.update(WORDS)
        # Minutes publication (received here), the panels, the reminder, the search, the demo.
        # The outcome's PDF.
        from decisions import demo, panels, pdf, receivers, reminders, search, tasks  # noqa: F401

        panels.register()
        reminders.register()
        search.register()
        pdf.register()
