from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from core.audit import audit_words
        from members.words import WORDS

        audit_words.update(WORDS)
        # Registers the secret-link builders with the outbox.
        from members import panels, search, services  # noqa: F401

        panels.register()
        search.register()
