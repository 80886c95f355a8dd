"""The register of decisions: references, decisions from published minutes, supersession.

A reference is ``GMG/DEC/<year>/<n>`` (the prefix: ``GMG_REFERENCE_PREFIX``): the n-th
decision recorded for that year, taken from a counter row locked while the number is given, so two
adoptions at once never share a number and nothing is ever renumbered.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.group import reference_prefix
from core.permissions import require
from decisions.enums import DecisionHow, DecisionStatus
from decisions.models import Decision, DecisionChange, DecisionCounter
from minutes.models import Edition, MinutesSection
from minutes.text import render_markdown


def _next_number(year: int) -> int:
    DecisionCounter.objects.get_or_create(year=year)
    counter = DecisionCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def decision_create(
    *, title: str, text: str, adopted_on: datetime.date, how: str, level: str, purposes, **links
) -> Decision:
    """Give a decision the next reference of its year and record it (inside the caller's
    transaction: the procedure's end or the minutes' publication)."""
    number = _next_number(adopted_on.year)
    decision = Decision.objects.create(
        year=adopted_on.year,
        number=number,
        reference=f"{reference_prefix()}/DEC/{adopted_on.year}/{number}",
        title=title[:300],
        text=text,
        text_html=render_markdown(text),
        adopted_on=adopted_on,
        how=how,
        level=level,
        **links,
    )
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
    """
    minutes = edition.minutes
    meeting = minutes.meeting
    sections = list(
        MinutesSection.objects.filter(minutes=minutes)
        .select_related("decision", "agenda_item")
        .prefetch_related("action_points", "agenda_item__purposes")
        .order_by("number")
    )
    touched = []
    for section in sections:
        existing = getattr(section, "decision", None)
        marked = _is_marked(section)
        if existing is None and not marked:
            continue
        purposes = list(section.agenda_item.purposes.all()) if section.agenda_item else []
        if existing is None:
            decision = decision_create(
                title=section.title,
                text=section.decisions,
                adopted_on=meeting.local_date,
                how=DecisionHow.MEETING,
                level=meeting.level,
                purposes=purposes,
                meeting=meeting,
                section=section,
                edition_number=edition.number,
            )
            decision.action_points.set(section.action_points.all())
            audit_record(
                actor=actor,
                action="decisions.record",
                target=decision,
                reference=decision.reference,
                edition=edition.number,
            )
            touched.append(decision)
            continue
        before = _describe(existing)
        if marked:
            existing.title, existing.text = section.title[:300], section.decisions
            existing.text_html = render_markdown(section.decisions)
            if existing.status == DecisionStatus.REMOVED:
                existing.status = DecisionStatus.IN_FORCE
        else:
            existing.status = DecisionStatus.REMOVED
        after = _describe(existing)
        changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
        existing.action_points.set(section.action_points.all())
        if not changes:
            continue
        existing.edition_number = edition.number
        existing.save(update_fields=["title", "text", "text_html", "status", "edition_number"])
        DecisionChange.objects.create(
            decision=existing,
            actor=actor if getattr(actor, "pk", None) else None,
            edition_number=edition.number,
            reason=edition.reason,
            changes=changes,
        )
        audit_record(
            actor=actor,
            action="decisions.correct",
            target=existing,
            edition=edition.number,
            fields=sorted(changes),
        )
        touched.append(existing)
    return touched


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
