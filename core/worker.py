"""Handing work to the worker: a task by its name.

An app's ``tasks.py`` calls its services; a service never imports the tasks
back (that is a circle, and ``make lint`` refuses it). It queues the task by
the name it was declared with (``@shared_task(name="app.thing")``). Each app
with tasks imports its ``tasks`` module in its ``AppConfig.ready``, so the name
is known in the web process as in the worker, and an unknown name fails at once
(``KeyError``) instead of going to the broker for nobody.
"""

from celery import current_app
from django.db import transaction


def task_named(name: str):
    """The registered task called ``name`` (its ``delay``/``apply_async`` as usual)."""
    return current_app.tasks[name]


def task_queue(name: str, *args, countdown: int | None = None):
    """Hand ``name(*args)`` to the worker now (after ``countdown`` seconds, if given)."""
    task = task_named(name)
    return task.apply_async(args, countdown=countdown) if countdown else task.delay(*args)


def task_queue_on_commit(name: str, *args, countdown: int | None = None) -> None:
    """Hand ``name(*args)`` to the worker once the current transaction commits."""
    transaction.on_commit(lambda: task_queue(name, *args, countdown=countdown))
