from celery import shared_task

from meetings.services import reminders_sweep


@shared_task(name="meetings.reminders", acks_late=True)
def send_reminders():
    """One reminder sweep; the outbox keys make a second or concurrent run send nothing."""
    return reminders_sweep()
