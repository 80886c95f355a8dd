from celery import shared_task

from agenda.reminders import agenda_reminders_sweep


@shared_task(name="agenda.reminders", acks_late=True)
def send_agenda_reminders():
    """One sweep of the agenda reminders; outbox keys make a second run send nothing."""
    return agenda_reminders_sweep()
