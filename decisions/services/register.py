"""The register of decisions: references, decisions from published minutes, supersession.

A reference is ``GMG/DEC/<year>/<n>`` (the prefix: ``GMG_REFERENCE_PREFIX``): the n-th
decision recorded for that year, taken from a counter row locked while the number is given, so two
adoptions at once never share a number and nothing is ever renumbered.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agenda.models import AgendaItem
from core.audit import audit_record, audit_record_many
from core.group import reference_prefix
from core.permissions import require
from decisions.enums import DecisionHow, DecisionStatus
from decisions.models import Decision, DecisionChange, DecisionCounter
from minutes.models import ActionPoint, Edition, MinutesSection
from minutes.text import render_markdown


def _next_numbers(year: int, count: int) -> list[int]:
    """The next ``count`` numbers of ``year``: one statement makes or moves the year's counter
    and keeps its row locked until the caller's transaction ends (the year's first decision
    costs what the others cost)."""
    quote = connection.ops.quote_name
    table, year_, last_ = quote(DecisionCounter._meta.db_table), quote("year"), quote("last")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({year_}, {last_}) VALUES (%s, %s) "  # noqa: S608 (our table)
            f"ON CONFLICT ({year_}) DO UPDATE SET {last_} = {table}.{last_} + EXCLUDED.{last_} "
            f"RETURNING {last_}",
            [year, count],
        )
        (last,) = cursor.fetchone()
    return list(range(last - count + 1, last + 1))


def _new_decision(*, number: int, title: str, text: str, adopted_on, **fields) -> Decision:
    return Decision(
        year=adopted_on.year,
        number=number,
        reference=f"{reference_prefix()}/DEC/{adopted_on.year}/{number}",
        title=title[:300],
        text=text,
        text_html=render_markdown(text),
        adopted_on=adopted_on,
        **fields,
    )


def decision_create(
    *, title: str, text: str, adopted_on: datetime.date, how: str, level: str, purposes, **links
) -> Decision:
    """Give a decision the next reference of its year and record it (inside the caller's
    transaction: the procedure's end or the minutes' publication)."""
    (number,) = _next_numbers(adopted_on.year, 1)
    decision = _new_decision(
        number=number, title=title, text=text, adopted_on=adopted_on, how=how, level=level, **links
    )
    decision.save()
    decision.purposes.set(purposes)
    return decision


def _describe(decision: Decision) -> dict:
    return {"title": decision.title, "text": decision.text, "status": decision.status}


def _is_marked(section: MinutesSection) -> bool:
    return bool(section.decision_marked and section.decisions.strip())


@transaction.atomic
def decisions_record_from_edition(*, edition: Edition, actor) -> list[Decision]:
    """Publication of minutes adopts the sections marked as decisions into the register.

    The first edition records them; a corrigendum corrects their title and
    text, records a section newly marked, and marks one no longer marked as
    removed. Every correction keeps the before and after, with the reason.
    Set-based, inside the publication's request: the same queries for one
    decision or thirty (one counter bump, bulk inserts and one update), and
    whether or not their items serve purposes or their sections hold action
    points (each link table written by one INSERT … SELECT).
    """
    minutes = edition.minutes
    meeting = minutes.meeting
    sections = list(
        MinutesSection.objects.filter(minutes=minutes).select_related("decision").order_by("number")
    )
    recorded = [s for s in sections if getattr(s, "decision", None) is not None]
    fresh = [s for s in sections if s not in recorded and _is_marked(s)]
    corrected = _correct_decisions(recorded, edition=edition, actor=actor)
    created = _record_sections(fresh, meeting=meeting, edition=edition)
    audit_record_many(
        actor=actor,
        entries=[
            (
                "decisions.record",
                decision,
                {"reference": decision.reference, "edition": edition.number},
            )
            for decision in created
        ]
        + [
            ("decisions.correct", decision, {"edition": edition.number, "fields": sorted(changes)})
            for decision, changes in corrected
        ],
    )
    touched = {d.pk: d for d in [*created, *(d for d, _changes in corrected)]}
    return [
        s.decision for s in sections if getattr(s, "decision", None) and s.decision.pk in touched
    ]


def _person(actor):
    return actor if getattr(actor, "pk", None) else None


def _record_sections(sections: list, *, meeting, edition: Edition) -> list[Decision]:
    """New decisions for these sections, numbered in their order, with purposes and actions."""
    if not sections:
        return []
    numbers = _next_numbers(meeting.local_date.year, len(sections))
    decisions = Decision.objects.bulk_create(
        [
            _new_decision(
                number=number,
                title=section.title,
                text=section.decisions,
                adopted_on=meeting.local_date,
                how=DecisionHow.MEETING,
                level=meeting.level,
                meeting=meeting,
                section=section,
                edition_number=edition.number,
            )
            for number, section in zip(numbers, sections, strict=True)
        ]
    )
    for section, decision in zip(sections, decisions, strict=True):
        section.decision = decision
    ids = [decision.pk for decision in decisions]
    # Each new decision serves its agenda item's purposes.
    purposes = AgendaItem.purposes.through._meta
    _insert_select(
        Decision.purposes.through,
        ("decision_id", "purposetag_id"),
        f"SELECT d.id, p.{_q(purposes.get_field('purposetag').column)} "  # noqa: S608 (our tables)
        f"FROM {_q(Decision._meta.db_table)} d "
        f"JOIN {_q(MinutesSection._meta.db_table)} s ON s.id = d.section_id "
        f"JOIN {_q(purposes.db_table)} p "
        f"ON p.{_q(purposes.get_field('agendaitem').column)} = s.agenda_item_id",
        ids,
    )
    _set_action_points(ids, fresh=True)
    return decisions


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _insert_select(through, columns: tuple[str, str], select: str, decision_ids: list) -> None:
    """``INSERT INTO through (columns) <select> WHERE d.id IN decision_ids``: a link table
    filled from the rows it links in one statement, however many links (or none) it makes.
    A link already there is kept (the table's unique pair)."""
    table = _q(through._meta.db_table)
    marks = ", ".join(["%s"] * len(decision_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(_q(c) for c in columns)}) "
            f"{select} WHERE d.id IN ({marks}) ON CONFLICT DO NOTHING",
            decision_ids,
        )


def _set_action_points(decision_ids: list, *, fresh: bool = False) -> None:
    """Each decision lists its section's action points, as they are now: those no longer
    there dropped (a new decision has none yet), the others added, a statement each."""
    through = Decision.action_points.through
    if not fresh:
        through.objects.filter(decision_id__in=decision_ids).exclude(
            actionpoint__section_id=F("decision__section_id")
        ).delete()
    _insert_select(
        through,
        ("decision_id", "actionpoint_id"),
        f"SELECT d.id, a.id FROM {_q(Decision._meta.db_table)} d "  # noqa: S608 (our tables)
        f"JOIN {_q(ActionPoint._meta.db_table)} a ON a.section_id = d.section_id",
        decision_ids,
    )


def _correct_decisions(sections: list, *, edition: Edition, actor) -> list[tuple[Decision, dict]]:
    """A corrigendum's corrections of the decisions already recorded; (decision, changes)."""
    if not sections:
        return []
    corrected = []
    for section in sections:
        existing = section.decision
        before = _describe(existing)
        if _is_marked(section):
            existing.title, existing.text = section.title[:300], section.decisions
            existing.text_html = render_markdown(section.decisions)
            if existing.status == DecisionStatus.REMOVED:
                existing.status = DecisionStatus.IN_FORCE
        else:
            existing.status = DecisionStatus.REMOVED
        after = _describe(existing)
        changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
        if changes:
            existing.edition_number = edition.number
            corrected.append((existing, changes))
    _set_action_points([section.decision.pk for section in sections])
    if not corrected:
        return []
    Decision.objects.bulk_update(
        [decision for decision, _changes in corrected],
        ["title", "text", "text_html", "status", "edition_number"],
    )
    DecisionChange.objects.bulk_create(
        [
            DecisionChange(
                decision=decision,
                actor=_person(actor),
                edition_number=edition.number,
                reason=edition.reason,
                changes=changes,
            )
            for decision, changes in corrected
        ]
    )
    return corrected


def _supersede(*, decision: Decision, by: Decision, actor, reason: str) -> None:
    before = _describe(decision)
    decision.status = DecisionStatus.SUPERSEDED
    decision.superseded_by = by
    decision.save(update_fields=["status", "superseded_by"])
    DecisionChange.objects.create(
        decision=decision,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
        changes={
            "status": [before["status"], decision.status],
            "superseded_by": ["", by.reference],
        },
    )
    audit_record(actor=actor, action="decisions.supersede", target=decision, by=by.reference)


@transaction.atomic
def decision_supersede(*, decision: Decision, by: Decision, actor, reason: str = "") -> Decision:
    """The secretariat records that a later decision supersedes an earlier one."""
    require(actor, "decisions.change_decision", decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if by.pk == decision.pk:
        raise ValidationError({"by": _("A decision cannot supersede itself.")})
    if (by.adopted_on, by.recorded_at) < (decision.adopted_on, decision.recorded_at):
        raise ValidationError({"by": _("Only a later decision supersedes an earlier one.")})
    if decision.status == DecisionStatus.SUPERSEDED:
        if decision.superseded_by_id == by.pk:
            return decision
        raise ValidationError(
            _("This decision is already superseded by %(ref)s.")
            % {"ref": decision.superseded_by.reference}
        )
    if decision.status != DecisionStatus.IN_FORCE:
        raise ValidationError(_("Only a decision in force can be superseded."))
    _supersede(decision=decision, by=by, actor=actor, reason=reason.strip())
    return decision


def supersede_on_adoption(*, decision: Decision, earlier: Decision, actor) -> None:
    """A procedure adopted with ``supersedes`` set: the earlier decision stops being in force."""
    earlier = Decision.objects.select_for_update().get(pk=earlier.pk)
    if earlier.status == DecisionStatus.IN_FORCE:
        _supersede(
            decision=earlier,
            by=decision,
            actor=actor,
            reason=_("Superseded by %(ref)s, adopted by silence procedure.")
            % {"ref": decision.reference},
        )
