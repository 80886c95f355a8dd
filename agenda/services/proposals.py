"""Topic proposals: written by a member's focal points, decided by the chair's office."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.enums import PROPOSAL_TRANSITIONS, ProposalState
from agenda.models import (
    Agenda,
    AgendaItem,
    GuestInvitation,
    Proposal,
    ProposalDecision,
    PurposeTag,
)
from agenda.selectors import next_suitable_meeting
from agenda.services.guest_names import guest_names_sync
from agenda.services.items import agenda_bump, position_before_aob
from agenda.services.papers import papers_attach
from core.audit import audit_record
from core.clock import group_today
from core.errors import ConflictError
from core.permissions import require
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from members.enums import Role
from members.models import Person
from notices.services import notice_fanout

# The permission each move needs; every other move is the chair's office's decision.
TRANSITION_PERMISSIONS = {
    ProposalState.SUBMITTED: "agenda.submit_proposal",
    ProposalState.WITHDRAWN: "agenda.withdraw_proposal",
}
DECISIONS = (ProposalState.ACCEPTED, ProposalState.DEFERRED, ProposalState.DECLINED)


def _set_purposes(obj, purposes) -> None:
    obj.purposes.set(PurposeTag.objects.filter(code__in=[str(p) for p in purposes]))


@transaction.atomic
def proposal_create(
    *, actor, purposes, guest_organizations=(), papers=(), submit: bool = False, **fields
) -> Proposal:
    """A focal point writes a topic proposal for their agency (a draft until submitted).

    With ``submit`` it is submitted in the same transaction: a refused
    submission leaves no draft behind, so trying again adds none.
    """
    require(actor, "agenda.add_proposal")
    proposal = Proposal.objects.create(agency=actor.agency, author=actor, **fields)
    _set_purposes(proposal, purposes)
    proposal.guest_organizations.set(guest_organizations)
    guest_names_sync(proposal)
    papers_attach(papers=papers, actor=actor, proposal=proposal)
    audit_record(actor=actor, action="proposal.create", target=proposal)
    if submit:
        proposal = proposal_transition(proposal=proposal, to=ProposalState.SUBMITTED, actor=actor)
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    actor,
    version: int,
    purposes,
    guest_organizations=(),
    papers=(),
    submit: bool = False,
    **fields,
) -> Proposal:
    """Edit an undecided proposal; refused if someone saved it meanwhile.

    ``submit`` also submits a draft, in the same transaction: if the
    submission is refused, the edit is not kept either (the form still has it).
    """
    require(actor, "agenda.change_proposal", proposal)
    was_draft = proposal.state == ProposalState.DRAFT
    if not was_draft:
        # Once with a chair, only the chair's office moves it (by deferring).
        fields.pop("meeting", None)
        fields.pop("level", None)
    updated = Proposal.objects.filter(
        pk=proposal.pk, version=version, state__in=ProposalState.editable()
    ).update(version=F("version") + 1, **fields)
    if not updated:
        raise ConflictError(
            _("This proposal was changed or decided while you were editing it. Review it first.")
        )
    proposal.refresh_from_db()
    _set_purposes(proposal, purposes)
    proposal.guest_organizations.set(guest_organizations)
    guest_names_sync(proposal)
    papers_attach(papers=papers, actor=actor, proposal=proposal)
    audit_record(actor=actor, action="proposal.update", target=proposal)
    if submit and was_draft:
        proposal = proposal_transition(proposal=proposal, to=ProposalState.SUBMITTED, actor=actor)
    return proposal


# --- The state table ------------------------------------------------------------


def _check_table(source: str, to: str) -> None:
    if to not in PROPOSAL_TRANSITIONS[source]:
        raise ValidationError(
            _("A proposal that is %(from)s cannot become %(to)s.")
            % {"from": ProposalState(source).label, "to": ProposalState(to).label}
        )


def _lock(proposal: Proposal) -> Proposal:
    """Lock the row; the caller's object is used unless someone changed the row meanwhile.

    A view loads the proposal (and its meeting's chair) once for its
    permission check and hands it down; re-reading it here would work the
    chair out a second time.
    """
    saved = (
        Proposal.objects.select_for_update()
        .filter(pk=proposal.pk)
        .values_list("state", "version")
        .get()
    )
    if saved != (proposal.state, proposal.version):
        proposal.refresh_from_db()
    return proposal


def _prepare_submission(proposal: Proposal) -> None:
    """Resolve "the next suitable meeting", refuse one no longer planned, mark it late."""
    if proposal.meeting is None:
        proposal.meeting = next_suitable_meeting(level=proposal.level)
        if proposal.meeting is None:
            raise ValidationError(
                _("No upcoming meeting is open for topics yet; choose a meeting.")
            )
    if proposal.meeting.status != MeetingStatus.PLANNED:
        raise ValidationError({"meeting": _("That meeting is no longer planned.")})
    proposal.is_late = group_today() > proposal.meeting.proposal_deadline


def _prepare_deferral(proposal: Proposal, to_meeting: Meeting | None) -> None:
    """Move the topic to a later planned meeting of the same level (its chair decides then)."""
    if (
        to_meeting is None
        or to_meeting.start <= proposal.meeting.start
        or to_meeting.level != proposal.meeting.level
    ):
        raise ValidationError({"meeting": _("Choose a later meeting to defer the topic to.")})
    if to_meeting.status != MeetingStatus.PLANNED:
        raise ValidationError({"meeting": _("That meeting is no longer planned.")})
    proposal.deferred_from = proposal.meeting
    proposal.meeting = to_meeting
    proposal.is_late = False


def _accept_into_agenda(proposal: Proposal) -> AgendaItem:
    """The accepted topic becomes an item before AOB, with its papers and guests."""
    agenda = Agenda.objects.get(meeting=proposal.meeting)
    item = AgendaItem.objects.create(
        agenda=agenda,
        position=position_before_aob(agenda),
        title=proposal.title,
        description=proposal.summary,
        presenter_agency=proposal.agency,
        presenter=proposal.author,
        minutes=proposal.minutes_wished,
        proposal=proposal,
    )
    item.purposes.set(proposal.purposes.all())
    proposal.papers.update(item=item)
    for organization in proposal.guest_organizations.all():
        invitation, _created = GuestInvitation.objects.get_or_create(
            meeting=proposal.meeting, organization=organization, defaults={"proposal": proposal}
        )
        invitation.items.add(item)
    agenda_bump(agenda)
    return item


def _notify_proposal(proposal: Proposal, *, kind: str, occasion: str) -> None:
    """Tell the proposing agency's focal points: one batch, written by the worker."""
    notice_fanout(
        recipients=Person.objects.filter(
            agency=proposal.agency, role=Role.FOCAL_POINT, is_active=True
        ).order_by("pk"),
        kind=kind,
        key=f"{kind}:{proposal.pk}:{occasion}",
        template=f"agenda/email/{kind}",
        context={"proposal": proposal},
        about=proposal,
    )


@transaction.atomic
def proposal_transition(
    *, proposal: Proposal, to: str, actor, note: str = "", meeting: Meeting | None = None
) -> Proposal:
    """The one way a proposal changes state: checks the table, the rule, and audits.

    - submit: resolves "next suitable meeting", marks it late after the deadline, sends a receipt;
    - accept: the topic becomes an agenda item, with its papers and guests;
    - defer: moves it to a later meeting (``meeting``), whose chair's office decides;
    - decline, withdraw: closes it. Every decision tells the proposing agency.
    """
    proposal = _lock(proposal)
    source = proposal.state
    _check_table(source, to)
    require(actor, TRANSITION_PERMISSIONS.get(to, "agenda.decide_proposal"), proposal)
    now = timezone.now()
    decided_meeting = proposal.meeting
    if to == ProposalState.SUBMITTED:
        _prepare_submission(proposal)
        proposal.submitted_at = now
        decided_meeting = proposal.meeting
    elif to == ProposalState.DEFERRED:
        _prepare_deferral(proposal, meeting)
    elif to == ProposalState.ACCEPTED:
        _accept_into_agenda(proposal)
    if to in DECISIONS:
        proposal.decision_note, proposal.decided_by, proposal.decided_at = note, actor, now
    proposal.state = to
    proposal.version += 1
    proposal.save()
    ProposalDecision.objects.create(
        proposal=proposal,
        from_state=source,
        to_state=to,
        meeting=decided_meeting,
        note=note,
        actor=actor,
        at=now,
    )
    audit_record(actor=actor, action=f"proposal.{to}", target=proposal, note=note)
    if to == ProposalState.SUBMITTED:
        _notify_proposal(proposal, kind="proposal_receipt", occasion=f"submitted-{now.isoformat()}")
    elif to != ProposalState.WITHDRAWN:
        _notify_proposal(proposal, kind="proposal_decision", occasion=f"{to}-{now.isoformat()}")
    return proposal
