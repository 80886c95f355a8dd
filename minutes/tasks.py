from celery import shared_task

from minutes.pdf import edition_render, minutes_draft_render


@shared_task(name="minutes.render_draft_pdf", acks_late=True)
def render_minutes_pdf(minutes_id: int):
    """Render the circulated draft's PDF; gone or already rendered minutes are left alone."""
    return minutes_draft_render(minutes_id=minutes_id)


@shared_task(name="minutes.render_edition_pdf", acks_late=True)
def render_edition_pdf(edition_id: int):
    """Render a published edition's PDF; an edition already rendered is left alone."""
    return edition_render(edition_id=edition_id)
