from django.core.management.base import BaseCommand

from meetings.services import reminders_sweep


class Command(BaseCommand):
    help = "Queue the meeting, registration and incoming-chair reminders due now (one sweep)."

    def handle(self, *args, **options):
        counts = reminders_sweep()
        self.stdout.write(
            f"Reminders queued: {counts['meeting']} meeting, "
            f"{counts['registration']} registration, {counts['chair']} chair."
        )
