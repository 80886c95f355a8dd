"""Print a new key for GMG_OIDC_SECRET_KEYS (the agencies' client secrets are sealed with it)."""

from django.core.management.base import BaseCommand

from access.sealing import new_key


class Command(BaseCommand):
    help = "Print a new key for GMG_OIDC_SECRET_KEYS."

    def handle(self, *args, **options):
        self.stdout.write(new_key())
