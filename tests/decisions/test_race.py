"""An objection and the closing sweep racing each other give one consistent outcome.

Both take the procedure's row lock; whoever holds it first is served first,
and the other sees what it committed. Run on PostgreSQL with two threads
(two connections): one holds the lock inside its transaction for a moment
while the other asks for it.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from decisions import services
from decisions.models import Response, SilenceProcedure

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
HOLD = 0.5


def _run(target, errors):
    def wrapped():
        try:
            target()
        except Exception as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=wrapped)
    thread.start()
    return thread


def test_an_objection_holding_the_lock_first_is_counted_by_the_sweep(circulated, focal_a):
    assert connection.vendor == "postgresql"
    held, errors, finished = threading.Event(), [], {}

    def object_():
        with transaction.atomic():
            services.response_add(
                procedure=circulated, actor=focal_a, kind="objection", text="We object."
            )
            held.set()
            time.sleep(HOLD)
        finished["objection"] = time.monotonic()

    def sweep():
        held.wait(5)
        services.procedures_close_due(now=circulated.deadline)
        finished["sweep"] = time.monotonic()

    threads = [_run(object_, errors), _run(sweep, errors)]
    for thread in threads:
        thread.join(10)
    assert errors == []
    # The sweep waited for the objection's transaction, then saw the objection.
    assert finished["sweep"] >= finished["objection"]
    assert SilenceProcedure.objects.get(pk=circulated.pk).state == "broken"
    assert Response.objects.filter(kind="objection", withdrawn_at__isnull=True).count() == 1


def test_a_sweep_holding_the_lock_first_makes_the_objection_refused(circulated, focal_a):
    assert connection.vendor == "postgresql"
    held, errors, refusals = threading.Event(), [], []

    def sweep():
        with transaction.atomic():
            services.procedure_close(procedure_id=circulated.pk, now=circulated.deadline)
            held.set()
            time.sleep(HOLD)

    def object_():
        held.wait(5)
        try:
            services.response_add(
                procedure=circulated, actor=focal_a, kind="objection", text="We object."
            )
        except ValidationError as exc:
            refusals.append(" ".join(exc.messages))

    threads = [_run(sweep, errors), _run(object_, errors)]
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert len(refusals) == 1
    assert "does not change the outcome" in refusals[0]
    procedure = SilenceProcedure.objects.get(pk=circulated.pk)
    assert procedure.state == "adopted"
    assert procedure.decision.reference == "GMG/DEC/2027/1"
    assert not Response.objects.exists()
