from django.core.management.base import BaseCommand

from notices.reminders import reminders_sweep


class Command(BaseCommand):
    help = "Queue every reminder due now (one sweep of all of them; safe to run twice)."

    def handle(self, *args, **options):
        counts = reminders_sweep()
        queued = ", ".join(f"{count} {name}" for name, count in counts.items()) or "none"
        self.stdout.write(f"Reminders queued: {queued}.")
