from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Sign-in and access")

    def ready(self):
        # The tasks register under their names; the services queue them by name.
        from access import (
            receivers,  # noqa: F401 - connects the sign-in signals
            tasks,  # noqa: F401
        )
        from core.audit import audit_words

        audit_words.update(
            {
                "access.sso_set_up": _(
                    "set up the sign-in of %(agency)s at %(issuer)s for %(domains)s"
                ),
                "access.sso_change": _("changed %(fields)s of the sign-in %(object)s"),
                "access.sso_sign_in": _("signed in through the sign-in of %(agency)s"),
                "access.sso_refused": _(
                    "refused a sign-in through %(agency)s for %(email)s (%(reason)s)"
                ),
            }
        )
