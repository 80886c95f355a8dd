"""Every Celery task of the project runs under time limits, with late acks kept sane."""

from django.conf import settings

from gmg.celery import app


def _project_tasks():
    app.loader.import_default_modules()  # the apps' tasks.py, as a worker loads them
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def _limits(task) -> tuple[int, int]:
    soft = task.soft_time_limit or app.conf.task_soft_time_limit
    hard = task.time_limit or app.conf.task_time_limit
    return soft, hard


def test_every_task_has_a_soft_limit_under_its_hard_limit():
    tasks = _project_tasks()

    assert {"notices.send", "notices.reminders"} <= set(tasks)
    for name, task in tasks.items():
        soft, hard = _limits(task)
        assert soft, f"{name} has no soft time limit"
        assert hard, f"{name} has no hard time limit"
        assert soft < hard, name


def test_no_task_outlives_the_brokers_visibility_timeout():
    # Otherwise Redis would hand a message still being worked on to a second worker.
    for name, task in _project_tasks().items():
        assert _limits(task)[1] < settings.GMG_TASK_VISIBILITY_TIMEOUT, name


def test_late_acks_without_redelivering_a_task_whose_worker_died():
    assert app.conf.task_acks_late is True
    assert app.conf.task_acks_on_failure_or_timeout is True
    assert app.conf.task_reject_on_worker_lost is False
    assert app.conf.task_soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT == 240
    assert app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT == 300
