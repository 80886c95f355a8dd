import datetime

import time_machine
from django.core.management import call_command

from decisions.models import Decision, SilenceProcedure
from notices.models import Notice


def test_seed_demo_holds_an_adopted_a_broken_and_a_running_procedure_once(db, settings):
    with time_machine.travel(datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.UTC)):
        call_command("seed_demo", quiet=True)
        counts = (
            SilenceProcedure.objects.count(),
            Decision.objects.count(),
            Notice.objects.count(),
        )
        call_command("seed_demo", quiet=True)
    assert (
        SilenceProcedure.objects.count(),
        Decision.objects.count(),
        Notice.objects.count(),
    ) == counts
    assert sorted(SilenceProcedure.objects.values_list("state", flat=True)) == [
        "adopted",
        "broken",
        "circulated",
    ]
    # Decisions by silence and from the published minutes, each with its reference.
    assert Decision.objects.filter(how="silence").count() == 1
    assert Decision.objects.filter(how="meeting").exists()
    assert all(d.reference.startswith("GMG/DEC/") for d in Decision.objects.all())
    broken = SilenceProcedure.objects.get(state="broken")
    assert broken.responses.filter(kind="objection", withdrawn_at__isnull=True).count() == 1
