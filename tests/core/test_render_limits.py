"""The render time limits, in a real worker: a render past its limit fails, the worker goes on.

A real Celery worker (the prefork pool, which enforces time limits, with one
child) runs on the test database with tiny limits (soft 1 s, hard 3 s, two
attempts) from its environment, as production reads them. It knows three
document kinds of the tests (``tests/core/render_worker.py``): one quick, one
that sleeps past the soft limit, and one deaf to it, which only the hard limit
stops by killing the pool's process.
"""

import datetime
import os
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from core.documents.enums import DocumentState
from core.documents.kinds import document_kinds
from core.documents.models import Document
from core.documents.services import RENDER, document_request, documents_sweep
from core.worker import task_named
from tests.core import render_worker
from tests.factories import AgencyFactory
from tests.processes import Worker, database_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SOFT, HARD, ATTEMPTS = 1, 3, 2
WAIT_SECONDS = 60


@pytest.fixture
def limits(settings, monkeypatch):
    """The same limits in this process as in the worker, as one environment gives both.

    The process that queues a task puts its task's limits in the message (the
    worker applies those), and the sweep here reads the settings.
    """
    settings.GMG_DOCUMENT_RENDER_SOFT_LIMIT = SOFT
    settings.GMG_DOCUMENT_RENDER_HARD_LIMIT = HARD
    settings.GMG_DOCUMENT_RENDER_ATTEMPTS = ATTEMPTS
    # The task as the services find it (by its name, in the current Celery app).
    task = task_named(RENDER)
    monkeypatch.setattr(task, "soft_time_limit", SOFT)
    monkeypatch.setattr(task, "time_limit", HARD)
    # Celery keeps a task's sending options once it has sent it (earlier tests did).
    monkeypatch.setattr(task, "_exec_options", None)


@pytest.fixture
def test_kinds():
    kinds = render_worker.kinds()
    for kind in kinds:
        document_kinds.register(kind)
    yield
    for kind in kinds:
        document_kinds.unregister(kind)


@pytest.fixture
def worker(transactional_db, live_broker, limits, test_kinds, settings, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict, connection.settings_dict["NAME"]),
        "REDIS_URL": django_settings.REDIS_URL,
        "DJANGO_DEBUG": "true",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "GMG_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "GMG_DOCUMENT_RENDER_SOFT_LIMIT": str(SOFT),
        "GMG_DOCUMENT_RENDER_HARD_LIMIT": str(HARD),
        "GMG_DOCUMENT_RENDER_ATTEMPTS": str(ATTEMPTS),
        "PYTHONUNBUFFERED": "1",
    }
    running = Worker(
        env,
        tmp_path / "worker.log",
        entry=["-m", "tests.core.render_worker"],
        pool=["--pool", "prefork", "--concurrency", "1"],
    )
    _wait(running, "the worker to start", lambda: " ready." in running.output())
    yield running
    returncode = running.stop()
    print(f"--- celery worker output (exit code {returncode}) ---\n{running.output()}")


def _wait(worker, what: str, done) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if done():
            return
        if worker.process.poll() is not None:
            pytest.fail(f"The worker exited while waiting for {what}:\n{worker.output()}")
        time.sleep(0.2)
    states = list(Document.objects.values_list("pk", "kind", "state", "attempts", "error"))
    pytest.fail(f"Not done in {WAIT_SECONDS} s: {what}\n{states}\n{worker.output()}")


def _settled(*documents) -> bool:
    pks = [d.pk for d in documents]
    return not Document.objects.filter(pk__in=pks, state=DocumentState.PENDING).exists()


def _long_ago(document) -> None:
    """What time does between sweeps: the render begun is older than the hard limit."""
    Document.objects.filter(pk=document.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=1)
    )


def test_a_render_past_the_soft_limit_fails_with_its_reason_and_the_worker_goes_on(worker):
    agency = AgencyFactory(acronym="ILO")
    slow = document_request(owner=agency, kind="tests.slow")

    _wait(worker, "the slow document", lambda: _settled(slow))

    slow.refresh_from_db()
    assert slow.state == DocumentState.FAILED
    assert slow.error == f"The render took longer than {SOFT} seconds and was stopped."
    assert (slow.attempts, slow.file.name, slow.sha256) == (1, "", "")
    # Stopped at the soft limit, not killed at the hard one.
    assert "Soft time limit (1s) exceeded" in worker.output()
    assert "Hard time limit" not in worker.output()
    # The same process renders the next one.
    quick = document_request(owner=agency, kind="tests.quick")
    _wait(worker, "the quick document", lambda: _settled(quick))
    quick.refresh_from_db()
    assert (quick.state, quick.attempts) == (DocumentState.READY, 1)
    assert quick.file.read() == b"%PDF-1.4 ILO en"
    assert "Hard time limit" not in worker.output()
    assert worker.process.poll() is None
    assert worker.stop() == 0


def test_a_render_past_the_hard_limit_loses_its_process_not_the_worker_and_is_given_up(worker):
    agency = AgencyFactory(acronym="IOM")
    stubborn = document_request(owner=agency, kind="tests.stubborn")
    _wait(worker, "the hard limit", lambda: worker.output().count("Hard time limit") == 1)

    # The pool replaced its process: the next document is rendered.
    quick = document_request(owner=agency, kind="tests.quick")
    _wait(worker, "the quick document", lambda: _settled(quick))
    quick.refresh_from_db()
    assert quick.state == DocumentState.READY
    # The killed render is not handed out again by the broker: one attempt, still pending.
    stubborn.refresh_from_db()
    assert (stubborn.state, stubborn.attempts) == (DocumentState.PENDING, 1)

    # The sweep hands it over once more (the second attempt), and it is killed again.
    _long_ago(stubborn)
    assert documents_sweep() == {"requeued": 1, "failed": 0}
    _wait(worker, "the second kill", lambda: worker.output().count("Hard time limit") == 2)
    stubborn.refresh_from_db()
    assert (stubborn.state, stubborn.attempts) == (DocumentState.PENDING, ATTEMPTS)

    # The attempts are spent: the next sweep gives up, and says why.
    _long_ago(stubborn)
    assert documents_sweep() == {"requeued": 0, "failed": 1}
    stubborn.refresh_from_db()
    assert stubborn.state == DocumentState.FAILED
    assert stubborn.attempts == ATTEMPTS
    assert stubborn.error == (
        f"Gave up after {ATTEMPTS} attempts: the render never finished (it may stop the worker)."
    )
    assert worker.process.poll() is None
    assert worker.stop() == 0
