from celery import shared_task

from access.services import password_reset_process


@shared_task(name="access.reset_request")
def process_reset_request(request_id: int):
    """Decide on one password-reset request: send the link, or not (unknown or too many)."""
    return password_reset_process(request_id=request_id)


@shared_task(name="access.retention")
def retention():
    """Delete inactive guests' accounts and old outbox texts (daily)."""
    from access.retention import retention_run

    return retention_run()
