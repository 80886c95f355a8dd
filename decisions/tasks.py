from celery import shared_task

from decisions.pdf import outcome_render
from decisions.reminders import decisions_reminders_sweep
from decisions.services.announce import procedure_fan_out
from decisions.services.procedures import procedures_close_due


@shared_task(name="decisions.close_due", acks_late=True)
def close_due():
    """The closing sweep: every circulated procedure past its deadline ends (idempotent)."""
    return procedures_close_due()


@shared_task(name="decisions.fan_out", acks_late=True)
def fan_out(procedure_id: int, occasion: str):
    """Tell everyone concerned of an occasion of a procedure, in batches; at most once each."""
    return procedure_fan_out(procedure_id=procedure_id, occasion=occasion)


@shared_task(name="decisions.render_outcome_pdf", acks_late=True)
def render_outcome_pdf(procedure_id: int):
    """Render an ended procedure's outcome PDF; one already rendered is left alone."""
    return outcome_render(procedure_id=procedure_id)


@shared_task(name="decisions.reminders", acks_late=True)
def send_decisions_reminders():
    """The "deadline in 24 hours" reminders; outbox keys prevent doubles."""
    return decisions_reminders_sweep()
