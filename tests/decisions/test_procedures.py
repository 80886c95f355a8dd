import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry
from core.permissions import SYSTEM
from decisions import services
from decisions.enums import PROCEDURE_TRANSITIONS, ProcedureState
from decisions.models import Decision, SilenceProcedure
from notices.models import Notice
from tests.decisions.conftest import deadline_in
from tests.factories import AgencyFactory, PersonFactory

STATES = list(ProcedureState.values)


def _to_state(procedure, state, chair_office):
    """Bring a fresh draft into ``state`` the way the application does."""
    if state == ProcedureState.DRAFT:
        return procedure
    if state == ProcedureState.WITHDRAWN:
        return services.procedure_transition(
            procedure=procedure, to=state, actor=chair_office, reason="No longer needed"
        )
    procedure = services.procedure_transition(
        procedure=procedure, to=ProcedureState.CIRCULATED, actor=chair_office
    )
    if state == ProcedureState.CIRCULATED:
        return procedure
    if state == ProcedureState.BROKEN:
        objector = PersonFactory()
        services.response_add(
            procedure=procedure, actor=objector, kind="objection", text="We object."
        )
    with time_machine.travel(procedure.deadline, tick=False):
        services.procedure_close(procedure_id=procedure.pk)
    procedure.refresh_from_db()
    assert procedure.state == state
    return procedure


def _move(procedure, to, chair_office):
    """Ask for the move ``to`` with whatever its guards need, by whoever may make it."""
    if to in ProcedureState.outcomes():
        # Only the system ends a procedure, at the deadline, with the outcome it found.
        if to == ProcedureState.BROKEN and procedure.state == ProcedureState.CIRCULATED:
            services.response_add(
                procedure=procedure, actor=PersonFactory(), kind="objection", text="No."
            )
        with time_machine.travel(procedure.deadline, tick=False):
            return services.procedure_transition(procedure=procedure, to=to, actor=SYSTEM)
    kwargs = {"reason": "Because"}
    if procedure.state == ProcedureState.CIRCULATED and to == ProcedureState.CIRCULATED:
        kwargs["deadline"] = procedure.deadline + datetime.timedelta(days=2)
    return services.procedure_transition(procedure=procedure, to=to, actor=chair_office, **kwargs)


@pytest.mark.parametrize("start", STATES)
@pytest.mark.parametrize("to", STATES)
def test_transition_table_walked_in_full(start, to, draft, chair_office, focal_a):
    procedure = _to_state(draft, start, chair_office)
    allowed = to in PROCEDURE_TRANSITIONS[start]
    if allowed:
        moved = _move(procedure, to, chair_office)
        assert SilenceProcedure.objects.get(pk=moved.pk).state == to
    else:
        with pytest.raises((ValidationError, PermissionDenied)) as refused:
            _move(procedure, to, chair_office)
        assert SilenceProcedure.objects.get(pk=procedure.pk).state == start
        if isinstance(refused.value, ValidationError) and start in ProcedureState.ended():
            assert "cannot become" in " ".join(refused.value.messages)


def test_a_person_never_ends_a_procedure(circulated, chair_office, secretariat):
    with time_machine.travel(circulated.deadline, tick=False):
        for person in (chair_office, secretariat):
            with pytest.raises(PermissionDenied):
                services.procedure_transition(procedure=circulated, to="adopted", actor=person)
    assert SilenceProcedure.objects.get(pk=circulated.pk).state == "circulated"


def test_the_system_cannot_end_it_before_the_deadline_or_against_the_responses(circulated):
    with pytest.raises(ValidationError, match="not passed yet"):
        services.procedure_transition(procedure=circulated, to="adopted", actor=SYSTEM)
    with (
        time_machine.travel(circulated.deadline, tick=False),
        pytest.raises(ValidationError, match="responses at the deadline decide"),
    ):
        services.procedure_transition(procedure=circulated, to="broken", actor=SYSTEM)


# --- Who starts ------------------------------------------------------------------


def test_the_chair_office_of_the_current_term_starts_a_draft(draft, chair_agency):
    assert draft.state == "draft"
    assert draft.chair == chair_agency
    assert "<strong>adopts</strong>" in draft.text_html
    assert AuditEntry.objects.filter(action="decisions.procedure_create").count() == 1


def test_the_secretariat_starts_one_on_behalf_of_the_chair(
    make_procedure, secretariat, chair_agency
):
    procedure = make_procedure(actor=secretariat)
    assert procedure.chair == chair_agency
    assert procedure.created_by == secretariat


@pytest.mark.parametrize("who", ["earlier_chair_office", "focal_a", "principal_a", "guest"])
def test_others_cannot_start_one(who, request, make_procedure):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        make_procedure(actor=person)
    assert not SilenceProcedure.objects.exists()


def test_without_a_chair_today_nobody_starts_one(secretariat, purposes):
    with (
        time_machine.travel(datetime.datetime(2030, 1, 1, 9, tzinfo=datetime.UTC), tick=False),
        pytest.raises(ValidationError, match="No agency chairs the group today"),
    ):
        services.procedure_create(
            actor=secretariat,
            purposes=purposes,
            title="T",
            text="X",
            level="principals",
            deadline=datetime.datetime(2030, 1, 5, 9, tzinfo=datetime.UTC),
            time_zone="UTC",
        )


def test_a_deadline_less_than_24_hours_ahead_is_refused(make_procedure):
    with pytest.raises(ValidationError) as refused:
        make_procedure(hours=23.5)
    assert "at least 24 hours ahead" in str(refused.value)


def test_the_minimum_is_a_setting(make_procedure, settings):
    settings.GMG_SILENCE_MIN_HOURS = 2
    assert make_procedure(hours=3).deadline == deadline_in(3)


def test_a_draft_with_a_deadline_now_too_close_is_not_circulated(draft, chair_office):
    with (
        time_machine.travel(draft.deadline - datetime.timedelta(hours=10), tick=False),
        pytest.raises(ValidationError, match="at least 24 hours ahead"),
    ):
        services.procedure_transition(procedure=draft, to="circulated", actor=chair_office)


def test_deadline_from_local_refuses_a_time_the_clocks_skip():
    # 28 March 2027, 02:30 does not happen in Zurich: clocks go from 02:00 to 03:00.
    with pytest.raises(ValidationError) as refused:
        services.deadline_from_local(
            datetime.date(2027, 3, 28), datetime.time(2, 30), "Europe/Zurich"
        )
    assert "does not exist" in str(refused.value)


def test_deadline_from_local_takes_the_first_of_a_time_that_happens_twice():
    # 31 October 2027, 02:30 happens twice in Zurich: first in summer time (UTC+2).
    moment = services.deadline_from_local(
        datetime.date(2027, 10, 31), datetime.time(2, 30), "Europe/Zurich"
    )
    assert moment == datetime.datetime(2027, 10, 31, 0, 30, tzinfo=datetime.UTC)


def test_deadline_from_local_in_three_zones_across_the_change():
    day, noon = datetime.date(2027, 3, 29), datetime.time(12, 0)
    assert services.deadline_from_local(day, noon, "Europe/Zurich").hour == 10  # CEST, UTC+2
    assert services.deadline_from_local(day, noon, "America/New_York").hour == 16  # EDT, UTC-4
    assert services.deadline_from_local(day, noon, "Asia/Tokyo").hour == 3  # JST, UTC+9


# --- Drafting -----------------------------------------------------------------------


def _fields(procedure, **changes):
    values = {
        "title": procedure.title,
        "text": procedure.text,
        "explanation": procedure.explanation,
        "level": procedure.level,
        "deadline": procedure.deadline,
        "time_zone": procedure.time_zone,
        "supersedes": procedure.supersedes,
        "purposes": list(procedure.purposes.all()),
    }
    return {**values, **changes}


def test_a_draft_saved_unchanged_changes_nothing(draft, chair_office):
    audits = AuditEntry.objects.count()
    services.procedure_update(
        procedure=draft, actor=chair_office, version=draft.version, **_fields(draft)
    )
    draft.refresh_from_db()
    assert draft.version == 1
    assert AuditEntry.objects.count() == audits


def test_a_draft_edit_saved_meanwhile_by_someone_else_is_refused(draft, chair_office, secretariat):
    services.procedure_update(
        procedure=draft, actor=secretariat, version=1, **_fields(draft, title="Theirs")
    )
    from core.errors import ConflictError

    with pytest.raises(ConflictError):
        services.procedure_update(
            procedure=draft, actor=chair_office, version=1, **_fields(draft, title="Mine")
        )
    assert SilenceProcedure.objects.get(pk=draft.pk).title == "Theirs"


def test_the_text_is_frozen_once_circulated(circulated, chair_office):
    with pytest.raises(PermissionDenied):
        services.procedure_update(
            procedure=circulated,
            actor=chair_office,
            version=circulated.version,
            **_fields(circulated, text="A changed text"),
        )
    assert SilenceProcedure.objects.get(pk=circulated.pk).text == circulated.text


def test_a_changed_text_is_a_new_procedure_that_replaces_the_running_one(circulated, chair_office):
    new = services.procedure_revise(procedure=circulated, actor=chair_office)
    assert new.state == "draft"
    assert new.replaces == circulated
    services.procedure_update(
        procedure=new, actor=chair_office, version=new.version, **_fields(new, text="Changed")
    )
    services.procedure_transition(procedure=new, to="circulated", actor=chair_office)
    circulated.refresh_from_db()
    assert circulated.state == "withdrawn"
    assert "Replaced by a changed text" in circulated.withdrawn_reason


# --- Circulation and notices ---------------------------------------------------------------


def test_circulation_tells_every_focal_point_and_principal_of_the_members_once(
    draft, chair_office, focal_a, focal_b, principal_a, secretariat, guest, worker
):
    former = AgencyFactory(acronym="GONE", membership__end=datetime.date(2026, 1, 1))
    PersonFactory(agency=former)
    PersonFactory(agency=focal_a.agency, is_active=False)
    with worker():
        services.procedure_transition(procedure=draft, to="circulated", actor=chair_office)
    # The same occasion announced again tells nobody twice.
    with worker():
        assert services.procedure_announce(procedure=draft, occasion="circulated") == 0
    notices = Notice.objects.filter(kind="silence_circulated")
    assert sorted(n.recipient_id for n in notices) == sorted(
        p.pk for p in (chair_office, focal_a, focal_b, principal_a)
    )
    # The deadline in the procedure's zone and in each reader's own.
    to_a = notices.get(recipient=focal_a).body_text
    assert "22 March 2027, 10:00 (Europe/Zurich)" in to_a
    assert "22 March 2027, 05:00 (America/New_York)" in to_a
    to_b = notices.get(recipient=focal_b).body_text
    assert "22 March 2027, 18:00 (Asia/Tokyo)" in to_b
    assert draft.get_absolute_url() in to_a


def test_an_extension_tells_everyone_told_with_the_reason(circulated, chair_office, worker):
    later = circulated.deadline + datetime.timedelta(days=3)
    with worker():
        services.procedure_transition(
            procedure=circulated,
            to="circulated",
            actor=chair_office,
            deadline=later,
            reason="Summer",
        )
    circulated.refresh_from_db()
    assert circulated.deadline == later
    assert circulated.extensions.get().reason == "Summer"
    extended = Notice.objects.filter(kind="silence_extended")
    assert extended.count() == Notice.objects.filter(kind="silence_circulated").count() == 4
    assert "Summer" in extended.first().body_text


@pytest.mark.parametrize(
    ("hours", "reason", "message"),
    [(-1, "Summer", "later than"), (24, "", "Say why")],
)
def test_an_extension_needs_a_later_deadline_and_a_reason(
    circulated, chair_office, hours, reason, message
):
    with pytest.raises(ValidationError, match=message):
        services.procedure_transition(
            procedure=circulated,
            to="circulated",
            actor=chair_office,
            deadline=circulated.deadline + datetime.timedelta(hours=hours),
            reason=reason,
        )


def test_withdrawing_needs_a_reason_and_tells_everyone(circulated, chair_office, worker):
    with pytest.raises(ValidationError, match="Say why"):
        services.procedure_transition(procedure=circulated, to="withdrawn", actor=chair_office)
    with worker():
        services.procedure_transition(
            procedure=circulated, to="withdrawn", actor=chair_office, reason="Overtaken by events"
        )
    assert Notice.objects.filter(kind="silence_withdrawn").count() == 4
    assert not Decision.objects.exists()


def test_other_chair_offices_and_members_cannot_manage_it(
    circulated, earlier_chair_office, focal_a
):
    for person in (earlier_chair_office, focal_a):
        with pytest.raises(PermissionDenied):
            services.procedure_transition(
                procedure=circulated, to="withdrawn", actor=person, reason="Mine"
            )


def test_the_office_that_started_it_runs_it_after_its_term_ends(circulated, chair_office):
    after_term = datetime.datetime(2027, 7, 2, 9, tzinfo=datetime.UTC)
    services.procedure_transition(
        procedure=circulated,
        to="circulated",
        actor=chair_office,
        deadline=after_term + datetime.timedelta(days=2),
        reason="Consultations",
    )
    with time_machine.travel(after_term, tick=False):
        services.procedure_transition(
            procedure=circulated, to="withdrawn", actor=chair_office, reason="Handed over"
        )
    assert SilenceProcedure.objects.get(pk=circulated.pk).state == "withdrawn"
