from celery import shared_task

from decisions.pdf import outcome_render
from decisions.services.procedures import procedures_close_due


@shared_task(name="decisions.close_due", acks_late=True)
def close_due():
    """The closing sweep: every circulated procedure past its deadline ends (idempotent)."""
    return procedures_close_due()


@shared_task(name="decisions.render_outcome_pdf", acks_late=True)
def render_outcome_pdf(procedure_id: int):
    """Render an ended procedure's outcome PDF; one already rendered is left alone."""
    return outcome_render(procedure_id=procedure_id)
