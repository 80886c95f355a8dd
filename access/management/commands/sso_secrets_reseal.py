"""Seal every agency's client secret again with the first key of GMG_OIDC_SECRET_KEYS.

Run after putting a new key first: then the old key can be dropped."""

from django.core.management.base import BaseCommand, CommandError

from access.sso import secrets_reseal


class Command(BaseCommand):
    help = "Seal the agencies' client secrets again with the first key of GMG_OIDC_SECRET_KEYS."

    def handle(self, *args, **options):
        resealed, unreadable = secrets_reseal()
        self.stdout.write(f"{resealed} client secret(s) sealed with the first key.")
        if unreadable:
            raise CommandError(
                "These agencies' secrets open with none of the keys (type them again on their "
                "sign-in page): " + ", ".join(unreadable)
            )
