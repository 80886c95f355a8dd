from django.core.management import call_command

from meetings.models import ChairTerm, Delegate, Meeting
from meetings.selectors import rotation_terms


def test_seed_demo_adds_history_rotation_meetings_and_delegations_once(db):
    call_command("seed_demo", quiet=True)
    counts = (ChairTerm.objects.count(), Meeting.objects.count(), Delegate.objects.count())

    call_command("seed_demo", quiet=True)

    assert (ChairTerm.objects.count(), Meeting.objects.count(), Delegate.objects.count()) == counts
    assert ChairTerm.objects.filter(start__year=2006).get().agency.acronym == "UNHCR"
    assert any(row["gap"] for row in rotation_terms())
    assert Meeting.objects.filter(status="held").exists()
    assert Meeting.objects.filter(status="planned").exists()
    assert counts[2] > 0
