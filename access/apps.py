from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Sign-in and access")

    def ready(self):
        # The tasks register under their names; the services queue them by name.
        from access import (
            panels,
            receivers,  # noqa: F401 - connects the sign-in signals
            tasks,  # noqa: F401
        )
        from core.audit import audit_words

        panels.register()

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
                "access.sso_link": _(
                    "linked %(object)s to the account %(subject)s at the sign-in of %(agency)s"
                ),
                "access.sso_secrets_reseal": _(
                    "sealed %(resealed)s client secrets again with the first key"
                ),
                "access.sso_unlink": _(
                    "removed the link of %(object)s to the account %(subject)s at the sign-in "
                    "of %(agency)s"
                ),
            }
        )
