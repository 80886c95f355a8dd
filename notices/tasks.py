from celery import shared_task

from notices.reminders import reminders_sweep
from notices.services import (
    FANOUT,
    SEND,
    SEND_MANY,
    TransientDeliveryError,
    notice_deliver,
    notice_fanout_run,
    notices_deliver_many,
    notices_sweep,
)


@shared_task(name=SEND, bind=True, max_retries=None, acks_late=True)
def send_notice(self, notice_id: int):
    """Deliver one notice; the row's state makes a second run a no-op."""
    try:
        return notice_deliver(notice_id=notice_id)
    except TransientDeliveryError as exc:
        raise self.retry(countdown=exc.retry_in, exc=exc) from exc


@shared_task(name=SEND_MANY, acks_late=True)
def send_notices(notice_ids: list[int]):
    """Deliver a few notices queued together (a sweep's, a fan-out's), one after the other."""
    notices_deliver_many(notice_ids=notice_ids)


@shared_task(name="notices.sweep")
def sweep_notices():
    """Re-hand lost notices to the worker and flag those stuck mid-delivery."""
    return notices_sweep()


@shared_task(name=FANOUT, acks_late=True)
def fanout_notices(batch_id: int):
    """Write one batch's notices; a second run (or one after a crash) resumes, never repeats."""
    return notice_fanout_run(batch_id=batch_id)


@shared_task(name="notices.reminders", acks_late=True)
def send_reminders():
    """One sweep of every registered reminder; outbox keys make a second run send nothing."""
    return reminders_sweep()
