from celery import shared_task

from agenda.pdf import agenda_version_render


@shared_task(name="agenda.render_pdf", acks_late=True)
def render_agenda_pdf(version_id: int):
    """Render a published agenda version's PDF; a version already rendered is left alone."""
    return agenda_version_render(version_id=version_id)
