from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from core.audit import audit_words
        from meetings.words import NOTICE_KINDS, WORDS
        from notices.kinds import kind_labels

        audit_words.update(WORDS)
        kind_labels.update(NOTICE_KINDS)
        # The dashboard panel, the reminders and the demo-data receiver.
        from meetings import demo, panels, reminders, search  # noqa: F401

        panels.register()
        search.register()
        reminders.register()
