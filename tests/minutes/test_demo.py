import datetime

import time_machine
from django.core.management import call_command

from minutes.enums import ActionStatus, MinutesState
from minutes.models import ActionPoint, Edition, Minutes


def test_seed_demo_shows_minutes_in_every_state_and_action_points_in_every_status_once(db):
    with time_machine.travel(datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.UTC)):
        call_command("seed_demo", quiet=True)
        counts = (Minutes.objects.count(), ActionPoint.objects.count(), Edition.objects.count())
        call_command("seed_demo", quiet=True)

    assert (Minutes.objects.count(), ActionPoint.objects.count(), Edition.objects.count()) == counts
    assert set(Minutes.objects.values_list("state", flat=True)) == set(MinutesState.values)
    assert set(ActionPoint.objects.values_list("status", flat=True)) == set(ActionStatus.values)
    assert ActionPoint.objects.filter(status="open", due__lt=datetime.date(2026, 11, 28)).exists()
    assert Edition.objects.filter(number=2).exclude(reason="").exists()  # a corrigendum
