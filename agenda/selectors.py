"""Reads for the agenda pages, with their relations joined."""

from django.db.models import Case, IntegerField, Value, When

from agenda.enums import ProposalState
from agenda.models import AgendaItem, Proposal
from members.rules import is_secretariat


def proposal_list(*, user, state: str = ""):
    proposals = Proposal.objects.select_related("meeting", "agency", "author").prefetch_related(
        "purposes"
    )
    if not is_secretariat(user):
        proposals = proposals.filter(agency_id=user.agency_id)
    if state in ProposalState.values:
        proposals = proposals.filter(state=state)
    return proposals.order_by("-created_at")


def queue_for(*, meeting):
    """A meeting's proposals, undecided first (late ones marked), drafts excluded."""
    return list(
        Proposal.objects.filter(meeting=meeting)
        .exclude(state=ProposalState.DRAFT)
        .select_related("agency", "author", "deferred_from")
        .prefetch_related("purposes", "guest_organizations", "papers")
        .annotate(
            undecided_first=Case(
                When(state__in=ProposalState.undecided(), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("undecided_first", "submitted_at", "pk")
    )


def agenda_items(*, agenda):
    items = list(
        AgendaItem.objects.filter(agenda=agenda)
        .select_related("presenter_agency", "presenter", "linked_meeting", "proposal")
        .prefetch_related("purposes", "papers")
        .order_by("position", "pk")
    )
    for number, item in enumerate(items, start=1):
        item.number = number
    return items


def agenda_holders(meeting) -> list[int]:
    """Who received the meeting's published agenda (nobody before its first publication)."""
    from agenda.models import AgendaVersion
    from agenda.services import agenda_participants

    if not AgendaVersion.objects.filter(agenda__meeting=meeting).exists():
        return []
    return list(agenda_participants(meeting).values_list("pk", flat=True))
