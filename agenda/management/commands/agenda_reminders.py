from django.core.management.base import BaseCommand

from agenda.reminders import agenda_reminders_sweep


class Command(BaseCommand):
    help = "Queue the call-for-topics, deadline and unpublished-agenda reminders due now."

    def handle(self, *args, **options):
        counts = agenda_reminders_sweep()
        self.stdout.write(
            f"Reminders queued: {counts['call_for_topics']} call for topics, "
            f"{counts['deadline']} deadline, {counts['agenda_unpublished']} agenda not published."
        )
