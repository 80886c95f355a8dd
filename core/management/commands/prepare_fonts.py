import time

from django.conf import settings
from django.core.management.base import BaseCommand

from core.documents.pdf import fonts_prepare


class Command(BaseCommand):
    help = (
        "Make the static instances of the PDFs' variable fonts that are missing "
        "(once per installation; the PDFs use the variable files until then)."
    )

    def handle(self, *args, **options):
        began = time.monotonic()
        found = fonts_prepare()
        made = sum(new for _path, new in found)
        self.stdout.write(
            f"{settings.GMG_FONT_CACHE}: {made} made, {len(found) - made} already there"
            f" ({time.monotonic() - began:.1f} s)"
        )
