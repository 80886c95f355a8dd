from celery import shared_task

from decisions.services.procedures import procedures_close_due


@shared_task(name="decisions.close_due", acks_late=True)
def close_due():
    """The closing sweep: every circulated procedure past its deadline ends (idempotent)."""
    return procedures_close_due()
