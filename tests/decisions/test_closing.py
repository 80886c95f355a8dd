"""Responses, the end at the deadline, the closing sweep, the reminder, across zones and DST."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry
from decisions import services
from decisions.models import Decision, Response, SilenceProcedure
from notices.models import Notice
from notices.reminders import reminders_sweep
from tests.factories import AgencyFactory, PersonFactory

UTC = datetime.UTC
SECOND = datetime.timedelta(seconds=1)


def _at(moment):
    return time_machine.travel(moment, tick=False)


# --- Responses -----------------------------------------------------------------------


def test_an_objection_needs_its_text(circulated, focal_a):
    with pytest.raises(ValidationError) as refused:
        services.response_add(procedure=circulated, actor=focal_a, kind="objection", text=" ")
    assert "write what your agency objects to" in str(refused.value)
    assert not Response.objects.exists()


def test_responses_are_recorded_with_who_when_and_the_agency(circulated, focal_a, focal_b):
    services.response_add(procedure=circulated, actor=focal_a, kind="no_objection")
    services.response_add(procedure=circulated, actor=focal_b, kind="comment", text="Fine by us.")
    rows = list(Response.objects.order_by("pk").values_list("agency__acronym", "kind", "author"))
    assert rows == [("AAA", "no_objection", focal_a.pk), ("BBB", "comment", focal_b.pk)]
    assert Response.objects.first().at == circulated.circulated_at


@pytest.mark.parametrize("who", ["principal_a", "secretariat", "guest"])
def test_only_focal_points_respond(who, request, circulated):
    with pytest.raises(PermissionDenied):
        services.response_add(
            procedure=circulated, actor=request.getfixturevalue(who), kind="no_objection"
        )


def test_a_former_member_does_not_respond(circulated):
    former = AgencyFactory(membership__end=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="Only a member agency"):
        services.response_add(
            procedure=circulated, actor=PersonFactory(agency=former), kind="no_objection"
        )


def test_an_objection_one_second_after_the_deadline_is_refused_and_changes_nothing(
    circulated, focal_a, worker
):
    with _at(circulated.deadline - SECOND):
        services.response_add(procedure=circulated, actor=focal_a, kind="comment", text="Noted.")
    with _at(circulated.deadline + SECOND), pytest.raises(ValidationError) as refused:
        services.response_add(
            procedure=circulated, actor=focal_a, kind="objection", text="Too late?"
        )
    message = " ".join(refused.value.messages)
    assert "The deadline passed at 22 March 2027, 10:00 (Europe/Zurich)" in message
    assert "does not change the outcome" in message
    assert not Response.objects.filter(kind="objection").exists()
    assert AuditEntry.objects.filter(action="decisions.respond_refused").count() == 1
    with _at(circulated.deadline + 2 * SECOND), worker():
        services.procedures_close_due()
    assert SilenceProcedure.objects.get(pk=circulated.pk).state == "adopted"


def test_an_objection_at_the_last_second_breaks_silence(circulated, focal_a, worker):
    with _at(circulated.deadline - SECOND):
        services.response_add(procedure=circulated, actor=focal_a, kind="objection", text="No.")
    with _at(circulated.deadline), worker():
        assert services.procedures_close_due() == {"adopted": 0, "broken": 1}
    assert SilenceProcedure.objects.get(pk=circulated.pk).state == "broken"


def test_an_objection_withdrawn_before_the_deadline_does_not_break_silence(
    circulated, focal_a, worker
):
    objection = services.response_add(
        procedure=circulated, actor=focal_a, kind="objection", text="Paragraph 2 goes too far."
    )
    withdrawn = services.objection_withdraw(response=objection, actor=focal_a)
    assert withdrawn.withdrawn_by == focal_a
    assert withdrawn.withdrawn_at is not None
    with _at(circulated.deadline), worker():
        services.procedures_close_due()
    circulated.refresh_from_db()
    assert circulated.state == "adopted"
    assert circulated.decision.reference == "GMG/DEC/2027/1"


def test_an_objection_is_withdrawn_only_by_its_agency_and_before_the_deadline(
    circulated, focal_a, focal_b
):
    objection = services.response_add(
        procedure=circulated, actor=focal_a, kind="objection", text="No."
    )
    with pytest.raises(PermissionDenied):
        services.objection_withdraw(response=objection, actor=focal_b)
    with _at(circulated.deadline), pytest.raises(ValidationError, match="objection stands"):
        services.objection_withdraw(response=objection, actor=focal_a)
    assert Response.objects.get(pk=objection.pk).is_standing_objection


# --- The end ----------------------------------------------------------------------------


def test_adopted_at_the_deadline_records_the_decision_and_tells_everyone_told(
    circulated, worker, purposes
):
    with _at(circulated.deadline), worker():
        services.procedures_close_due()
    circulated.refresh_from_db()
    decision = Decision.objects.get()
    assert circulated.state == "adopted"
    assert circulated.ended_at == circulated.deadline
    assert (decision.reference, decision.how, decision.procedure) == (
        "GMG/DEC/2027/1",
        "silence",
        circulated,
    )
    assert decision.adopted_on == datetime.date(2027, 3, 22)
    assert list(decision.purposes.all()) == purposes[:1]
    told = set(Notice.objects.filter(kind="silence_circulated").values_list("recipient", flat=True))
    adopted = Notice.objects.filter(kind="silence_adopted")
    assert set(adopted.values_list("recipient", flat=True)) == told
    assert "GMG/DEC/2027/1" in adopted.first().subject
    entry = AuditEntry.objects.filter(action="decisions.procedure_transition").first()
    assert entry.actor is None
    assert entry.details["after"] == "adopted"
    assert entry.details["decision"] == "GMG/DEC/2027/1"


def test_silence_broken_lists_the_agencies_that_objected_and_their_text(
    circulated, focal_a, focal_b, worker
):
    services.response_add(
        procedure=circulated, actor=focal_a, kind="objection", text="Paragraph 2 goes too far."
    )
    services.response_add(procedure=circulated, actor=focal_b, kind="comment", text="Fine.")
    with _at(circulated.deadline), worker():
        services.procedures_close_due()
    assert SilenceProcedure.objects.get(pk=circulated.pk).state == "broken"
    assert not Decision.objects.exists()
    body = Notice.objects.filter(kind="silence_broken").first().body_text
    assert "AAA (Agency A): Paragraph 2 goes too far." in body
    assert "BBB" not in body


def test_the_sweep_run_twice_gives_one_outcome_and_one_notice_per_person(circulated, worker):
    with _at(circulated.deadline), worker():
        first = services.procedures_close_due()
        second = services.procedures_close_due()
        services.procedure_close(procedure_id=circulated.pk)
    with worker():
        circulated.refresh_from_db()
        assert services.procedure_announce(procedure=circulated, occasion="outcome") == 0
    assert first == {"adopted": 1, "broken": 0}
    assert second == {"adopted": 0, "broken": 0}
    assert Decision.objects.count() == 1
    per_person = Notice.objects.filter(kind="silence_adopted").values_list("recipient", flat=True)
    assert len(per_person) == len(set(per_person)) == 4


def test_the_sweep_catches_up_after_beat_was_down(circulated, focal_a, worker):
    # Beat is down from before the deadline; an objection comes in a day late.
    two_days_late = circulated.deadline + datetime.timedelta(days=2)
    with _at(circulated.deadline + datetime.timedelta(days=1)), pytest.raises(ValidationError):
        services.response_add(procedure=circulated, actor=focal_a, kind="objection", text="X")
    with _at(two_days_late), worker():
        assert services.procedures_close_due() == {"adopted": 1, "broken": 0}
    circulated.refresh_from_db()
    # The outcome is what stood at the deadline; the date is the deadline's.
    assert circulated.state == "adopted"
    assert circulated.decision.adopted_on == datetime.date(2027, 3, 22)


def test_the_sweep_leaves_running_procedures_alone(circulated):
    with _at(circulated.deadline - SECOND):
        assert services.procedures_close_due() == {"adopted": 0, "broken": 0}
    assert SilenceProcedure.objects.get(pk=circulated.pk).state == "circulated"


def test_references_count_by_year_in_order_of_adoption_and_never_change(
    make_procedure, chair_office, worker
):
    first = make_procedure(hours=30, title="First")
    second = make_procedure(hours=50, title="Second")
    for procedure in (second, first):
        services.procedure_transition(procedure=procedure, to="circulated", actor=chair_office)
    with _at(first.deadline):
        services.procedures_close_due()
    with _at(second.deadline):
        services.procedures_close_due()
    references = dict(Decision.objects.values_list("title", "reference"))
    assert references == {"First": "GMG/DEC/2027/1", "Second": "GMG/DEC/2027/2"}


def test_a_deadline_on_new_year_s_eve_in_its_zone_counts_in_that_year(
    chair_office, purposes, worker
):
    with _at(datetime.datetime(2027, 6, 1, 9, tzinfo=UTC)):
        procedure = services.procedure_create(
            actor=chair_office,
            purposes=purposes,
            title="Year end",
            text="Text",
            level="working",
            deadline=datetime.datetime(2028, 1, 1, 4, 30, tzinfo=UTC),  # 31 Dec, 23:30 in New York
            time_zone="America/New_York",
        )
        services.procedure_transition(procedure=procedure, to="circulated", actor=chair_office)
    with _at(datetime.datetime(2028, 1, 1, 5, tzinfo=UTC)):
        services.procedures_close_due()
    decision = Decision.objects.get()
    assert (decision.reference, decision.adopted_on) == (
        "GMG/DEC/2027/1",
        datetime.date(2027, 12, 31),
    )


def test_a_deadline_across_the_change_to_summer_time_ends_at_its_wall_clock_time(
    chair_office, purposes, focal_a, focal_b, worker
):
    # Circulated in winter time (UTC+1); the deadline is on Monday 29 March at noon in
    # Zurich, after the clocks went forward on Sunday: 10:00 UTC, not 11:00.
    deadline = services.deadline_from_local(
        datetime.date(2027, 3, 29), datetime.time(12, 0), "Europe/Zurich"
    )
    with _at(datetime.datetime(2027, 3, 26, 9, tzinfo=UTC)), worker():
        procedure = services.procedure_create(
            actor=chair_office,
            purposes=purposes,
            title="Across the change",
            text="Text",
            level="principals",
            deadline=deadline,
            time_zone="Europe/Zurich",
        )
        services.procedure_transition(procedure=procedure, to="circulated", actor=chair_office)
    to_a = Notice.objects.get(kind="silence_circulated", recipient=focal_a).body_text
    to_b = Notice.objects.get(kind="silence_circulated", recipient=focal_b).body_text
    assert "29 March 2027, 12:00 (Europe/Zurich)" in to_a
    assert "29 March 2027, 06:00 (America/New_York)" in to_a
    assert "29 March 2027, 19:00 (Asia/Tokyo)" in to_b
    with _at(datetime.datetime(2027, 3, 29, 9, 59, 59, tzinfo=UTC)):
        services.response_add(procedure=procedure, actor=focal_b, kind="comment", text="In time")
        assert services.procedures_close_due()["adopted"] == 0
    with _at(datetime.datetime(2027, 3, 29, 10, 0, tzinfo=UTC)):
        assert services.procedures_close_due()["adopted"] == 1


# --- The reminder ---------------------------------------------------------------------------


def decisions_reminders_sweep():
    return reminders_sweep(only=["silence_reminder"])


def test_the_reminder_goes_24_hours_before_to_agencies_that_have_not_responded(
    circulated, focal_a, focal_b, chair_office, principal_a
):
    services.response_add(procedure=circulated, actor=focal_b, kind="no_objection")
    day_before = circulated.deadline - datetime.timedelta(hours=24)
    with _at(day_before - datetime.timedelta(minutes=15)):
        assert decisions_reminders_sweep()["silence_reminder"] == 0
    # 09:00 UTC: daytime in Zurich (10:00) and New York (05:00 is not), night in Tokyo.
    with _at(day_before):
        assert decisions_reminders_sweep()["silence_reminder"] == 1
    assert list(
        Notice.objects.filter(kind="silence_reminder").values_list("recipient", flat=True)
    ) == [chair_office.pk]
    # Later in New York's morning Ada gets hers; nobody gets a second one.
    with _at(day_before + datetime.timedelta(hours=4)):
        assert decisions_reminders_sweep()["silence_reminder"] == 1
        assert decisions_reminders_sweep()["silence_reminder"] == 0
    reminded = set(
        Notice.objects.filter(kind="silence_reminder").values_list("recipient", flat=True)
    )
    assert reminded == {chair_office.pk, focal_a.pk}
    assert (
        "has not responded"
        in Notice.objects.get(recipient=focal_a, kind="silence_reminder").body_text
    )


def test_an_extended_deadline_gets_its_own_reminder(circulated, chair_office, focal_a):
    with _at(circulated.deadline - datetime.timedelta(hours=20)):
        decisions_reminders_sweep()
        services.procedure_transition(
            procedure=circulated,
            to="circulated",
            actor=chair_office,
            deadline=circulated.deadline + datetime.timedelta(days=2),
            reason="More time",
        )
    circulated.refresh_from_db()
    with _at(circulated.deadline - datetime.timedelta(hours=20)):
        decisions_reminders_sweep()
    assert Notice.objects.filter(kind="silence_reminder", recipient=focal_a).count() == 2
