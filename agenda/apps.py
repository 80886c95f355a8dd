from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        from agenda.words import NOTICE_KINDS, WORDS
        from core.audit import audit_words
        from notices.kinds import kind_labels

        audit_words.update(WORDS)
        kind_labels.update(NOTICE_KINDS)
        # The panels, the reminders, the search, the agenda's PDF, the receivers of the floors
        # below, the demo data.
        from agenda import demo, panels, pdf, receivers, reminders, search  # noqa: F401

        panels.register()
        reminders.register()
        search.register()
        pdf.register()

        # A new date or place of a meeting reaches those who hold its published agenda.
        from agenda.selectors import agenda_holders
        from meetings.services.meetings import meeting_audiences

        meeting_audiences.register(agenda_holders)
