from django.core.management.base import BaseCommand

from minutes.reminders import minutes_reminders_sweep


class Command(BaseCommand):
    help = "Queue the minutes-due, comment-period and action-point reminders due now."

    def handle(self, *args, **options):
        counts = minutes_reminders_sweep()
        self.stdout.write(
            "Reminders queued: "
            + ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in counts.items())
            + "."
        )
