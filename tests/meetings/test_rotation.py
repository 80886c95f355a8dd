import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from meetings import services
from meetings.enums import TermChange
from meetings.models import ChairTerm, ChairTermChange
from meetings.selectors import chair_current_and_next, chair_on, rotation_terms
from tests.factories import AgencyFactory, ChairTermFactory, MembershipFactory

D = datetime.date


def _agencies():
    return [(t.agency.acronym, t.start, t.end) for t in ChairTerm.objects.order_by("start")]


def test_chair_rotation_extend_generates_six_month_terms_in_order(rotation, secretariat, today):
    created = services.chair_rotation_extend(
        until=D(2028, 6, 1), start=D(2027, 1, 1), actor=secretariat
    )

    assert [(t.agency.acronym, t.start, t.end) for t in created] == [
        ("AAA", D(2027, 1, 1), D(2027, 6, 30)),
        ("BBB", D(2027, 7, 1), D(2027, 12, 31)),
        ("CCC", D(2028, 1, 1), D(2028, 6, 30)),
    ]
    assert ChairTermChange.objects.get().action == TermChange.EXTEND


def test_chair_rotation_extend_twice_adds_nothing(rotation, secretariat, today):
    services.chair_rotation_extend(until=D(2028, 6, 1), start=D(2027, 1, 1), actor=secretariat)

    again = services.chair_rotation_extend(until=D(2028, 6, 1), actor=secretariat)

    assert again == []
    assert ChairTerm.objects.count() == 3
    assert ChairTermChange.objects.count() == 1


def test_chair_rotation_extend_continues_after_last_term_with_next_agency(
    rotation, secretariat, today
):
    ChairTermFactory(agency=rotation[1], start=D(2026, 7, 1), end=D(2027, 6, 30))

    created = services.chair_rotation_extend(until=D(2027, 12, 31), actor=secretariat)

    assert [(t.agency.acronym, t.start) for t in created] == [("CCC", D(2027, 7, 1))]


def test_chair_rotation_extend_starts_today_when_last_term_long_past(rotation, secretariat, today):
    ChairTermFactory(agency=rotation[0], start=D(2017, 1, 1), end=D(2017, 12, 31))

    assert services.rotation_default_start() == (today, "today")
    created = services.chair_rotation_extend(until=today, actor=secretariat)

    assert [(t.agency.acronym, t.start, t.end) for t in created] == [("BBB", today, D(2027, 7, 9))]


def test_chair_rotation_extend_carries_on_without_a_gap_after_a_recent_end(
    rotation, secretariat, today
):
    ChairTermFactory(agency=rotation[0], start=D(2026, 7, 1), end=D(2026, 12, 31))

    assert services.rotation_default_start() == (D(2027, 1, 1), "after_last")
    created = services.chair_rotation_extend(until=today, actor=secretariat)

    assert [(t.agency.acronym, t.start) for t in created] == [("BBB", D(2027, 1, 1))]


def test_chair_rotation_extend_skips_agencies_no_longer_members(rotation, secretariat, today):
    membership = rotation[1].memberships.get()
    membership.end = D(2026, 12, 31)
    membership.save()

    services.chair_rotation_extend(until=D(2028, 1, 1), start=D(2027, 1, 1), actor=secretariat)

    assert [a for a, _s, _e in _agencies()] == ["AAA", "CCC", "AAA"]


def test_chair_rotation_extend_refuses_start_inside_existing_terms(rotation, secretariat, today):
    ChairTermFactory(agency=rotation[0], start=D(2027, 1, 1), end=D(2027, 6, 30))

    with pytest.raises(ValidationError, match="already runs until"):
        services.chair_rotation_extend(until=D(2028, 1, 1), start=D(2027, 3, 1), actor=secretariat)


def test_chair_term_create_refuses_overlap_with_a_clear_message(rotation, secretariat, today):
    ChairTermFactory(agency=rotation[0], start=D(2027, 1, 1), end=D(2027, 6, 30))

    with pytest.raises(ValidationError, match="overlaps the term of AAA"):
        services.chair_term_create(
            agency=rotation[1], start=D(2027, 6, 30), end=D(2027, 12, 31), actor=secretariat
        )


def test_chair_term_create_refuses_agency_not_a_member_on_the_dates(secretariat, today):
    agency = AgencyFactory(membership=None)
    MembershipFactory(agency=agency, start=D(2027, 3, 1))

    with pytest.raises(ValidationError) as error:
        services.chair_term_create(
            agency=agency, start=D(2027, 1, 1), end=D(2027, 6, 30), actor=secretariat
        )

    assert "not a member for the whole term" in str(error.value)


def test_chair_term_swap_exchanges_agencies_and_keeps_dates(rotation, secretariat, today):
    services.chair_rotation_extend(until=D(2028, 6, 1), start=D(2027, 7, 1), actor=secretariat)
    first, second = ChairTerm.objects.order_by("start")[:2]

    services.chair_term_swap(term=first, other=second, actor=secretariat, reason="Host year")

    assert _agencies()[:2] == [
        ("BBB", D(2027, 7, 1), D(2027, 12, 31)),
        ("AAA", D(2028, 1, 1), D(2028, 6, 30)),
    ]
    change = ChairTermChange.objects.first()
    assert (change.action, change.reason) == (TermChange.SWAP, "Host year")


def test_chair_term_swap_refuses_a_term_that_has_begun(rotation, secretariat, today):
    begun = ChairTermFactory(agency=rotation[0], start=D(2027, 1, 1), end=D(2027, 6, 30))
    later = ChairTermFactory(agency=rotation[1], start=D(2027, 7, 1), end=D(2027, 12, 31))

    with pytest.raises(ValidationError, match="has begun"):
        services.chair_term_swap(term=begun, other=later, actor=secretariat, reason="x")


def test_chair_term_skip_gives_the_term_to_the_next_agency_and_shifts_later_ones(
    rotation, secretariat, today
):
    services.chair_rotation_extend(until=D(2028, 7, 1), start=D(2027, 7, 1), actor=secretariat)
    assert [a for a, _s, _e in _agencies()] == ["AAA", "BBB", "CCC"]

    services.chair_term_skip(
        term=ChairTerm.objects.order_by("start").first(), actor=secretariat, reason="Cannot host"
    )

    assert [a for a, _s, _e in _agencies()] == ["BBB", "CCC", "AAA"]
    assert ChairTermChange.objects.first().details["before"][0]["agency"] == "AAA"


def test_chair_rotation_regenerate_follows_the_new_order(rotation, secretariat, today):
    services.chair_rotation_extend(until=D(2028, 12, 1), start=D(2027, 1, 1), actor=secretariat)
    services.agency_rotation_move(agency=rotation[2], direction="up", actor=secretariat)

    services.chair_rotation_regenerate(
        from_date=D(2027, 7, 1), actor=secretariat, reason="New order"
    )

    assert [a for a, _s, _e in _agencies()] == ["AAA", "CCC", "BBB", "AAA"]
    assert ChairTermChange.objects.first().action == TermChange.REGENERATE


def test_chair_rotation_regenerate_refuses_a_date_in_the_past(rotation, secretariat, today):
    with pytest.raises(ValidationError):
        services.chair_rotation_regenerate(from_date=D(2026, 1, 1), actor=secretariat, reason="x")


def test_agency_rotation_move_up_and_down(rotation, secretariat):
    services.agency_rotation_move(agency=rotation[0], direction="down", actor=secretariat)

    order = [a.acronym for a in type(rotation[0]).objects.order_by("rotation_position")]
    assert order == ["BBB", "AAA", "CCC"]


def test_chair_on_covers_both_ends_and_returns_none_in_a_gap(rotation):
    term = ChairTermFactory(agency=rotation[0], start=D(2027, 1, 1), end=D(2027, 6, 30))
    ChairTermFactory(agency=rotation[1], start=D(2028, 1, 1), end=D(2028, 6, 30))

    assert chair_on(D(2027, 1, 1)) == term
    assert chair_on(D(2027, 6, 30)) == term
    assert chair_on(D(2027, 7, 1)) is None


def test_rotation_terms_shows_gaps_as_gaps(rotation):
    ChairTermFactory(agency=rotation[0], start=D(2027, 1, 1), end=D(2027, 6, 30))
    ChairTermFactory(agency=rotation[1], start=D(2028, 1, 1), end=D(2028, 6, 30))

    rows = rotation_terms()

    assert [r["gap"] for r in rows] == [False, True, False]
    assert (rows[1]["start"], rows[1]["end"]) == (D(2027, 7, 1), D(2027, 12, 31))


def test_chair_current_and_next_gives_the_handover(rotation, today):
    ChairTermFactory(agency=rotation[0], start=D(2026, 7, 1), end=D(2027, 1, 31))
    following = ChairTermFactory(agency=rotation[1], start=D(2027, 2, 1), end=D(2027, 7, 31))

    current, upcoming = chair_current_and_next(today=today)

    assert current.agency == rotation[0]
    assert upcoming == following


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_refuses_overlapping_terms_without_validation(rotation):
    assert connection.vendor == "postgresql"
    ChairTerm.objects.create(agency=rotation[0], start=D(2027, 1, 1), end=D(2027, 6, 30))

    # objects.create skips the services' validation: only the constraint stands in the way.
    with pytest.raises(IntegrityError, match="chair_terms_never_overlap"), transaction.atomic():
        ChairTerm.objects.create(agency=rotation[1], start=D(2027, 6, 30), end=D(2027, 12, 31))
    ChairTerm.objects.create(agency=rotation[1], start=D(2027, 7, 1), end=D(2027, 12, 31))
    assert ChairTerm.objects.count() == 2
