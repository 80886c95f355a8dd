"""The register: decisions from published minutes (and their corrigenda), supersession."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda import services as agenda_services
from agenda.models import Agenda
from core.models import AuditEntry
from decisions import services
from decisions.models import Decision, DecisionChange
from decisions.selectors import decision_register, silence_decisions_since_previous
from meetings.models import Delegate
from minutes import services as minutes_services
from tests.factories import MeetingFactory

UTC = datetime.UTC
MEETING_START = datetime.datetime(2027, 3, 9, 9, 0, tzinfo=UTC)


@pytest.fixture
def meeting(chair_agency):
    return MeetingFactory(
        title="Principals' meeting, Q1 2027",
        start=MEETING_START,
        end=MEETING_START + datetime.timedelta(hours=3),
        status="held",
    )


@pytest.fixture
def minutes(meeting, chair_office, focal_a, purposes):
    agenda = Agenda.objects.get(meeting=meeting)
    agenda_services.agenda_item_save(
        agenda=agenda,
        actor=chair_office,
        version=agenda.version,
        title="A joint data note",
        minutes=30,
        purposes=[p.code for p in purposes],
    )
    agenda_services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    Delegate.objects.create(
        meeting=meeting, agency=focal_a.agency, person=focal_a, rsvp="in_person", is_head=True
    )
    return minutes_services.minutes_start(meeting=meeting, actor=chair_office)


def _write(section, actor, decisions, marked=True):
    section.refresh_from_db()
    return minutes_services.section_save(
        section=section,
        actor=actor,
        version=section.version,
        summary="Discussed.",
        decisions=decisions,
        decision_marked=marked,
    )


def _publish(minutes, actor):
    now = datetime.datetime(2027, 3, 10, 9, tzinfo=UTC)
    minutes_services.minutes_transition(
        minutes=minutes, to="circulated", actor=actor, comment_days=1, now=now
    )
    minutes_services.minutes_transition(
        minutes=minutes, to="final", actor=actor, now=now + datetime.timedelta(days=2)
    )
    return minutes_services.minutes_transition(
        minutes=minutes, to="published", actor=actor, now=now + datetime.timedelta(days=3)
    )


@pytest.fixture
def topic(minutes):
    return minutes.sections.get(number=4)


def test_publishing_minutes_records_the_marked_sections_in_the_register(
    minutes, topic, chair_office, agency_a, purposes
):
    point = minutes_services.action_point_save(
        section=topic,
        actor=chair_office,
        text="Circulate the data note",
        agencies=[agency_a],
        due=datetime.date(2027, 5, 1),
    )
    _write(topic, chair_office, "The group **agreed** to prepare a joint data note.")
    unmarked = minutes.sections.get(number=1)
    _write(unmarked, chair_office, "The agenda was adopted.", marked=False)
    assert not Decision.objects.exists()  # a draft records nothing
    _publish(minutes, chair_office)
    decision = Decision.objects.get()
    assert decision.reference == "GMG/DEC/2027/1"
    assert (decision.how, decision.meeting, decision.section) == ("meeting", minutes.meeting, topic)
    assert decision.adopted_on == datetime.date(2027, 3, 9)
    assert decision.title == ["4", "A joint data note"][1]
    assert "<strong>agreed</strong>" in decision.text_html
    assert list(decision.action_points.all()) == [point]
    assert set(decision.purposes.all()) == set(purposes)
    assert decision.edition_number == 1


def test_a_corrigendum_corrects_the_record_and_keeps_the_history(minutes, topic, chair_office):
    _write(topic, chair_office, "The group agreed to a note.")
    _publish(minutes, chair_office)
    minutes_services.minutes_transition(
        minutes=minutes, to="draft", actor=chair_office, reason="Wrong wording in item 4"
    )
    _write(topic, chair_office, "The group agreed to a **joint** note.")
    minutes_services.minutes_transition(minutes=minutes, to="published", actor=chair_office)
    decision = Decision.objects.get()
    assert decision.reference == "GMG/DEC/2027/1"  # never renumbered
    assert "<strong>joint</strong>" in decision.text_html
    change = decision.changes.get()
    assert change.edition_number == 2
    assert change.reason == "Wrong wording in item 4"
    assert change.changes["text"] == [
        "The group agreed to a note.",
        "The group agreed to a **joint** note.",
    ]


def test_a_corrigendum_lists_the_action_points_the_section_holds_now(
    minutes, topic, chair_office, agency_a
):
    def point(text, section, action_point=None):
        return minutes_services.action_point_save(
            section=section,
            actor=chair_office,
            text=text,
            agencies=[agency_a],
            due=datetime.date(2027, 5, 1),
            action_point=action_point,
        )

    moved = point("Moved to another item", topic)
    kept = point("Kept", topic)
    _write(topic, chair_office, "The group agreed to a note.")
    _publish(minutes, chair_office)
    minutes_services.minutes_transition(
        minutes=minutes, to="draft", actor=chair_office, reason="Action points sorted"
    )
    point("Moved to another item", minutes.sections.get(number=1), action_point=moved)
    added = point("Added in the corrigendum", topic)
    minutes_services.minutes_transition(minutes=minutes, to="published", actor=chair_office)

    decision = Decision.objects.get()
    assert set(decision.action_points.all()) == {kept, added}


def test_a_corrigendum_unmarking_a_decision_removes_it_and_keeps_its_reference(
    minutes, topic, chair_office
):
    _write(topic, chair_office, "The group agreed.")
    _publish(minutes, chair_office)
    minutes_services.minutes_transition(
        minutes=minutes, to="draft", actor=chair_office, reason="Not a decision"
    )
    _write(topic, chair_office, "The group agreed.", marked=False)
    minutes_services.minutes_transition(minutes=minutes, to="published", actor=chair_office)
    decision = Decision.objects.get()
    assert decision.status == "removed"
    assert decision.reference == "GMG/DEC/2027/1"
    assert decision.changes.get().changes["status"] == ["in_force", "removed"]


def test_an_unchanged_section_with_a_new_mark_is_saved(minutes, topic, chair_office):
    _write(topic, chair_office, "Agreed.", marked=False)
    section = _write(topic, chair_office, "Agreed.", marked=True)
    assert section.decision_marked
    assert section.revisions.count() == 2


def _adopt(make_procedure, chair_office, worker, **fields):
    import time_machine

    procedure = make_procedure(**fields)
    services.procedure_transition(procedure=procedure, to="circulated", actor=chair_office)
    with time_machine.travel(procedure.deadline, tick=False), worker():
        services.procedures_close_due()
    return Decision.objects.get(procedure=procedure)


def test_an_adopted_procedure_supersedes_the_decision_it_names(
    make_procedure, chair_office, worker
):
    earlier = _adopt(make_procedure, chair_office, worker, title="Earlier")
    import time_machine

    after = earlier.procedure.deadline
    with time_machine.travel(after, tick=False):
        later = _adopt(
            make_procedure,
            chair_office,
            worker,
            title="Later",
            supersedes=earlier,
            deadline=after + datetime.timedelta(hours=48),
        )
    earlier.refresh_from_db()
    assert earlier.status == "superseded"
    assert earlier.superseded_by == later
    assert later.reference == "GMG/DEC/2027/2"


def test_the_secretariat_marks_a_decision_superseded_and_nobody_else(
    make_procedure, chair_office, secretariat, worker
):
    first = _adopt(make_procedure, chair_office, worker, title="First", hours=30)
    second = _adopt(make_procedure, chair_office, worker, title="Second", hours=60)
    with pytest.raises(PermissionDenied):
        services.decision_supersede(decision=first, by=second, actor=chair_office)
    with pytest.raises(ValidationError, match="later decision"):
        services.decision_supersede(decision=second, by=first, actor=secretariat)
    services.decision_supersede(decision=first, by=second, actor=secretariat, reason="Replaced")
    first.refresh_from_db()
    assert (first.status, first.superseded_by) == ("superseded", second)
    assert first.changes.get().reason == "Replaced"


def test_register_filters_and_search(minutes, topic, chair_office, make_procedure, worker):
    _write(topic, chair_office, "Joint data note agreed.")
    _publish(minutes, chair_office)
    silence = _adopt(
        make_procedure, chair_office, worker, title="Statement on rights", level="working"
    )
    assert list(decision_register(how="silence")) == [silence]
    assert list(decision_register(level="principals")) == [Decision.objects.get(how="meeting")]
    assert list(decision_register(q="statement rights")) == [silence]
    assert list(decision_register(q="GMG/DEC/2027/1")) == [Decision.objects.get(how="meeting")]
    assert list(decision_register(year=2026)) == []
    assert list(decision_register(purpose="research-data")) == [Decision.objects.get(how="meeting")]
    assert decision_register(status="in_force").count() == 2


def test_the_next_meeting_lists_decisions_by_silence_since_the_previous_one_of_its_level(
    meeting, make_procedure, chair_office, worker
):
    inside = _adopt(make_procedure, chair_office, worker, title="Between meetings")
    _adopt(make_procedure, chair_office, worker, title="Other level", level="working", hours=30)
    following = MeetingFactory(start=datetime.datetime(2027, 6, 8, 8, tzinfo=UTC))
    assert list(silence_decisions_since_previous(following)) == [inside]
    # The meeting before it sees none: the procedure ended after it.
    assert list(silence_decisions_since_previous(meeting)) == []
    # A decision taken before the previous meeting is not listed again.
    later = MeetingFactory(start=datetime.datetime(2027, 9, 7, 8, tzinfo=UTC))
    assert list(silence_decisions_since_previous(later)) == []


def _minutes_of_another_meeting(chair_office, focal_a, purposes, start):
    meeting = MeetingFactory(start=start, end=start + datetime.timedelta(hours=3), status="held")
    agenda = Agenda.objects.get(meeting=meeting)
    for title in ("A joint data note", "Labour statistics", "Climate and mobility"):
        agenda.refresh_from_db()
        agenda_services.agenda_item_save(
            agenda=agenda,
            actor=chair_office,
            version=agenda.version,
            title=title,
            minutes=20,
            purposes=[p.code for p in purposes],
        )
    agenda.refresh_from_db()
    agenda_services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    Delegate.objects.create(
        meeting=meeting, agency=focal_a.agency, person=focal_a, rsvp="in_person", is_head=True
    )
    return minutes_services.minutes_start(meeting=meeting, actor=chair_office)


def _publish_queries(minutes, chair_office, agency, marked: list[int], points=True) -> int:
    """Publish the minutes with these sections marked as decisions (each with an action point
    unless told otherwise): the publication's queries."""
    sections = list(minutes.sections.filter(number__in=marked).order_by("number"))
    for section in sections:
        if points:
            minutes_services.action_point_save(
                section=section,
                actor=chair_office,
                text=f"Follow up item {section.number}",
                agencies=[agency],
                due=datetime.date(2027, 5, 1),
            )
        _write(section, chair_office, f"The group agreed on item {section.number}.")
    now = datetime.datetime(2027, 3, 10, 9, tzinfo=UTC)
    minutes_services.minutes_transition(
        minutes=minutes, to="circulated", actor=chair_office, comment_days=1, now=now
    )
    minutes_services.minutes_transition(
        minutes=minutes, to="final", actor=chair_office, now=now + datetime.timedelta(days=2)
    )
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        minutes_services.minutes_transition(
            minutes=minutes,
            to="published",
            actor=chair_office,
            now=now + datetime.timedelta(days=3),
        )
    return len(queries)


def test_publishing_one_decision_or_four_costs_the_same_queries_and_numbers_them_in_order(
    minutes, chair_office, focal_a, agency_a, purposes
):
    one = _publish_queries(minutes, chair_office, agency_a, marked=[4])
    later = _minutes_of_another_meeting(
        chair_office, focal_a, purposes, datetime.datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
    )
    four = _publish_queries(later, chair_office, agency_a, marked=[1, 2, 3, 4])

    assert four == one
    decisions = list(Decision.objects.filter(meeting=later.meeting).order_by("number"))
    assert [d.reference for d in decisions] == [f"GMG/DEC/2027/{n}" for n in (2, 3, 4, 5)]
    assert [d.section.number for d in decisions] == [1, 2, 3, 4]
    for decision in decisions:
        assert decision.edition_number == 1
        assert [p.text for p in decision.action_points.all()] == [
            f"Follow up item {decision.section.number}"
        ]
    # The agenda's topics carry their purposes into the register; the standing items have none.
    topics = [d for d in decisions if d.section.agenda_item_id and d.section.standing == ""]
    assert topics
    assert all(set(d.purposes.all()) == set(purposes) for d in topics)
    audit = AuditEntry.objects.filter(action="decisions.record")
    assert sorted(e.details["reference"] for e in audit) == sorted(
        ["GMG/DEC/2027/1", *(d.reference for d in decisions)]
    )


def test_a_decision_with_purposes_and_action_points_or_without_costs_the_same_queries(
    minutes, chair_office, focal_a, agency_a, purposes
):
    full = _publish_queries(minutes, chair_office, agency_a, marked=[4])
    later = _minutes_of_another_meeting(
        chair_office, focal_a, purposes, datetime.datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
    )
    # Item 1 is a standing item: no purposes; and no action point recorded under it (the
    # minutes have one elsewhere, as the first minutes do: their text reads the owners).
    minutes_services.action_point_save(
        section=later.sections.get(number=4),
        actor=chair_office,
        text="Elsewhere",
        agencies=[agency_a],
        due=datetime.date(2027, 5, 1),
    )
    bare = _publish_queries(later, chair_office, agency_a, marked=[1], points=False)

    assert bare == full
    with_links = Decision.objects.get(meeting=minutes.meeting)
    without = Decision.objects.get(meeting=later.meeting)
    assert set(with_links.purposes.all()) == set(purposes)
    assert [p.text for p in with_links.action_points.all()] == ["Follow up item 4"]
    assert (without.purposes.count(), without.action_points.count()) == (0, 0)


def test_a_corrigendum_of_one_decision_or_four_costs_the_same_queries(
    minutes, chair_office, focal_a, agency_a, purposes
):
    def correct(minutes, marked):
        _publish_queries(minutes, chair_office, agency_a, marked=marked)
        minutes_services.minutes_transition(
            minutes=minutes, to="draft", actor=chair_office, reason="Wording"
        )
        for section in minutes.sections.filter(number__in=marked):
            _write(section, chair_office, f"The group **agreed** on item {section.number}.")
        with CaptureQueriesContext(connection) as queries:
            minutes_services.minutes_transition(minutes=minutes, to="published", actor=chair_office)
        return len(queries)

    one = correct(minutes, [4])
    later = _minutes_of_another_meeting(
        chair_office, focal_a, purposes, datetime.datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
    )
    four = correct(later, [1, 2, 3, 4])

    assert four == one
    changes = DecisionChange.objects.filter(decision__meeting=later.meeting)
    assert changes.count() == 4
    assert {c.edition_number for c in changes} == {2}
    assert all("<strong>agreed</strong>" in d.text_html for d in Decision.objects.all())
    assert AuditEntry.objects.filter(action="decisions.correct").count() == 5
