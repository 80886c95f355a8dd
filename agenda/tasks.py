from celery import shared_task

from agenda.pdf import agenda_version_render
from agenda.reminders import agenda_reminders_sweep


@shared_task(name="agenda.render_pdf", acks_late=True)
def render_agenda_pdf(version_id: int):
    """Render a published agenda version's PDF; a version already rendered is left alone."""
    return agenda_version_render(version_id=version_id)


@shared_task(name="agenda.reminders", acks_late=True)
def send_agenda_reminders():
    """One sweep of the agenda reminders; outbox keys make a second run send nothing."""
    return agenda_reminders_sweep()
