"""seed_scale: ten years of valid data (loaded here at 2% of its size)."""

import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from agenda.enums import ProposalState
from agenda.models import AgendaVersion, Proposal
from meetings.enums import Level
from meetings.models import ChairTerm, Meeting
from members.models import Agency, Membership, Person
from minutes.enums import ActionStatus, MinutesState
from minutes.models import ActionPoint, Comment, Edition, Minutes
from notices.enums import NoticeState
from notices.models import Notice
from tests.factories import AgencyFactory


@pytest.fixture
def seeded(db):
    call_command("seed_scale", scale=0.02, stdout=io.StringIO())


def test_seed_scale_covers_every_state(seeded):
    assert set(Proposal.objects.values_list("state", flat=True)) == set(ProposalState.values)
    assert set(Minutes.objects.values_list("state", flat=True)) == set(MinutesState.values)
    assert set(ActionPoint.objects.values_list("status", flat=True)) == set(ActionStatus.values)
    assert set(Notice.objects.values_list("state", flat=True)) == set(NoticeState.values)
    assert set(Meeting.objects.values_list("level", flat=True)) == set(Level.values)
    assert Edition.objects.filter(number=2).exists()  # a corrigendum
    assert AgendaVersion.objects.filter(number=2).exists()  # a revised agenda
    assert Comment.objects.exists()
    assert ActionPoint.objects.count() == 1000
    assert Agency.objects.count() == 30


def test_seed_scale_data_is_valid(seeded):
    terms = list(ChairTerm.objects.order_by("start"))
    assert all(a.end < b.start for a, b in itertools.pairwise(terms))
    # Re-joining agencies have two periods, one of them closed.
    assert Membership.objects.filter(end__isnull=False).count() == 5
    assert Agency.objects.members_on().count() == 28
    for minutes in Minutes.objects.select_related("meeting__agenda"):
        assert minutes.meeting.frozen_chair_id is not None
        assert minutes.agenda_version.agenda_id == minutes.meeting.agenda.pk
    for meeting in Meeting.objects.exclude(frozen_chair=None):
        term = ChairTerm.objects.get(start__lte=meeting.local_date, end__gte=meeting.local_date)
        assert meeting.frozen_chair_id == term.agency_id
    # Notices keyed once per person and occasion, like real ones.
    assert Notice.objects.values("idempotency_key").distinct().count() == Notice.objects.count()
    assert Person.objects.filter(email="secretariat@scale.example.org").exists()


def test_seed_scale_refuses_a_database_with_data_unless_forced(db):
    AgencyFactory(acronym="KEEP")

    with pytest.raises(CommandError, match="already holds data"):
        call_command("seed_scale", scale=0.02)
    assert Agency.objects.get().acronym == "KEEP"

    call_command("seed_scale", scale=0.02, force=True, stdout=io.StringIO())
    assert not Agency.objects.filter(acronym="KEEP").exists()
    assert Agency.objects.count() == 30


@pytest.mark.django_db
def test_seed_scale_years_is_the_same_group_over_a_shorter_history():
    call_command("seed_scale", scale=0.02, years=1, stdout=io.StringIO())

    # About as many action points a year as in ten years (ten years hold 1,000 at this scale;
    # the history begins on 1 January of last year); at least ten meetings; the same thirty
    # agencies.
    assert 100 <= ActionPoint.objects.count() <= 250
    assert Meeting.objects.count() == 10
    assert Agency.objects.count() == 30
    first = Meeting.objects.order_by("start").first()
    assert first.local_date.year == timezone.localdate().year - 1
    # Still valid: no two memberships of an agency overlap, and one re-joined.
    for agency in Agency.objects.all():
        periods = list(Membership.objects.filter(agency=agency).order_by("start"))
        for earlier, later in itertools.pairwise(periods):
            assert earlier.end is not None
            assert earlier.end < later.start
    assert Membership.objects.values("agency").annotate(n=Count("pk")).filter(n=2).exists()


@pytest.mark.django_db
def test_seed_scale_refuses_years_out_of_range():
    with pytest.raises(CommandError, match="--years"):
        call_command("seed_scale", years=11, stdout=io.StringIO())
