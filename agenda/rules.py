"""Who may propose, decide, edit and see agendas.

The chair's office of a proposal's target meeting decides it; a proposal
moved to another meeting moves to that meeting's chair's office by itself.
"""

import rules
from django.db.models import Q

from agenda.enums import ProposalState
from agenda.models import GuestInvitation
from meetings.rules import (
    can_view_meeting,
    is_chair_office_for,
    is_not_cancelled,
    meeting_viewer_filters,
    meeting_viewers,
)
from members.rules import is_focal_point, is_guest, is_secretariat


@rules.predicate
def is_invited_guest(user, meeting):
    if meeting is None or not user.is_authenticated or not user.is_active:
        return False
    return meeting.guest_invitations.filter(people=user).exists()


@rules.predicate
def is_proposing_agency(user, proposal):
    return bool(
        proposal is not None and is_focal_point(user) and proposal.agency_id == user.agency_id
    )


@rules.predicate
def proposal_is_editable(user, proposal):
    return bool(proposal is not None and proposal.state in ProposalState.editable())


@rules.predicate
def proposal_is_undecided(user, proposal):
    return bool(proposal is not None and proposal.state in ProposalState.undecided())


@rules.predicate
def proposal_is_draft(user, proposal):
    return bool(proposal is not None and proposal.state == ProposalState.DRAFT)


@rules.predicate
def chairs_proposal_meeting(user, proposal):
    return bool(
        proposal is not None and proposal.meeting_id and is_chair_office_for(user, proposal.meeting)
    )


def _published(meeting) -> tuple[set, set]:
    """Item ids and paper ids that some published version of the meeting's agenda shows."""
    items, papers = set(), set()
    if meeting is None or not hasattr(meeting, "agenda"):
        return items, papers
    for snapshot in meeting.agenda.versions.values_list("snapshot", flat=True):
        for item in snapshot.get("items", []):
            items.add(item["id"])
            papers.update(paper["id"] for paper in item.get("papers", []))
    return items, papers


@rules.predicate
def accepted_and_published(user, proposal):
    """Others see an accepted topic once a published version of the agenda carries it."""
    if proposal is None or proposal.state != ProposalState.ACCEPTED or not proposal.meeting_id:
        return False
    item = getattr(proposal, "agenda_item", None)
    return bool(item is not None and item.pk in _published(proposal.meeting)[0])


@rules.predicate
def agenda_is_published(user, meeting):
    return bool(meeting is not None and hasattr(meeting, "agenda") and meeting.agenda.number)


def invited_guest_meetings(user):
    """``is_invited_guest`` as a filter on meetings."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    return Q(pk__in=GuestInvitation.objects.filter(people=user).values("meeting_id"))


# Guests see the meetings they are invited to: this floor knows invitations.
meeting_viewers.register(is_invited_guest)
meeting_viewer_filters.register(invited_guest_meetings)

rules.add_perm("agenda.add_proposal", is_focal_point)
# Papers are uploaded by focal points (with a proposal, or on their agenda as chair).
rules.add_perm("agenda.add_paper", is_focal_point)
# A guest's dashboard lists the meetings they are invited to.
rules.add_perm("agenda.view_proposal_list", is_secretariat | is_focal_point)
# Turning a guest organization typed in proposals into a directory entry.
rules.add_perm("agenda.adopt_guest_name", is_secretariat)
# The group's purposes (add, rename, retire): the secretariat's.
rules.add_perm("agenda.manage_purposes", is_secretariat)
rules.add_perm("agenda.manage_standing_items", is_secretariat)


@rules.predicate
def proposal_is_submitted(user, proposal):
    """A draft stays with its agency until submitted (the secretariat sees it from then on).

    Without a proposal (the model-level question the admin asks) it holds.
    """
    return proposal is None or proposal.state != ProposalState.DRAFT


# A draft is its agency's alone: not the secretariat's, not the chair's office's of
# the meeting it names (another agency's draft is not found by its id either).
rules.add_perm(
    "agenda.view_proposal",
    is_proposing_agency
    | (proposal_is_submitted & (is_secretariat | chairs_proposal_meeting))
    | (is_focal_point & accepted_and_published),
)
rules.add_perm("agenda.change_proposal", is_proposing_agency & proposal_is_editable)
rules.add_perm("agenda.submit_proposal", is_proposing_agency & proposal_is_draft)
rules.add_perm("agenda.withdraw_proposal", is_proposing_agency & proposal_is_editable)
rules.add_perm("agenda.decide_proposal", chairs_proposal_meeting & proposal_is_undecided)
rules.add_perm("agenda.view_queue", is_secretariat | is_chair_office_for)
# Every meeting gets its agenda when it is created: system work, nobody's action.
rules.add_perm("agenda.add_agenda", rules.always_deny)
# The agenda of a meeting: its chair's office builds and publishes it.
# A cancelled meeting's agenda changes no more and publishes nothing.
rules.add_perm("agenda.change_agenda", is_chair_office_for & is_not_cancelled)
rules.add_perm("agenda.publish_agenda", is_chair_office_for & is_not_cancelled)
rules.add_perm("agenda.view_draft_agenda", is_secretariat | is_chair_office_for)
rules.add_perm(
    "agenda.view_agenda",
    is_secretariat | is_chair_office_for | (can_view_meeting & agenda_is_published),
)


@rules.predicate
def can_see_paper(user, paper):
    """Papers follow what they are attached to; a guest sees only their items' papers."""
    if paper is None:
        return False
    if paper.uploaded_by_id == user.pk and paper.proposal_id is None and paper.item_id is None:
        return True
    if paper.proposal_id and user.has_perm("agenda.view_proposal", paper.proposal):
        return True
    if not paper.item_id:
        return False
    meeting = paper.item.agenda.meeting
    if is_secretariat(user) or is_chair_office_for(user, meeting):
        return True
    # Others see a paper once a published version of the agenda lists it.
    if paper.pk not in _published(meeting)[1]:
        return False
    if is_invited_guest(user, meeting):
        return paper.item.guest_invitations.filter(people=user).exists()
    return bool(can_view_meeting(user, meeting))


rules.add_perm("agenda.view_paper", can_see_paper)

# The admin shows these read-only to the secretariat.
rules.add_perm("agenda.view_agendaversion", is_secretariat)
rules.add_perm("agenda.view_guestinvitation", is_secretariat)
rules.add_perm("agenda.view_own_invitations", is_guest)
rules.add_perm("agenda.retry_pdf", is_secretariat)
