from celery import shared_task

from minutes.reminders import minutes_reminders_sweep


@shared_task(name="minutes.reminders", acks_late=True)
def send_minutes_reminders():
    """One sweep of the minutes and action-point reminders; outbox keys prevent doubles."""
    return minutes_reminders_sweep()
