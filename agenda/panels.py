"""This floor's panels: on the meeting page and on the dashboard."""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from agenda.enums import ProposalState
from agenda.models import AgendaVersion, GuestName, Proposal
from core.expressions import CountOf
from core.registry import Panel, dashboard_panels
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from meetings.panels import meeting_panels
from members.models import Organization


def _meeting_context(request, meeting):
    user = request.user
    can_see_queue = user.has_perm("agenda.view_queue", meeting)
    # With its agenda: the version's link names the agenda's meeting. Those the queue link is
    # shown to get its count in the same query (a count of its own only before publication).
    versions = (
        AgendaVersion.objects.filter(agenda__meeting=meeting)
        .select_related("agenda")
        .order_by("-number")
    )
    if can_see_queue:
        versions = versions.annotate(undecided=Coalesce(Subquery(_undecided(meeting.pk)), 0))
    version = versions.first()
    # The panels of the floors above ask for it too (the minutes: may they be started?).
    meeting.latest_agenda_version = version
    if version is not None:
        # The rules below ask the meeting for its agenda: it is this one, already read.
        meeting.agenda = version.agenda
    undecided = 0
    if can_see_queue:
        undecided = (
            version.undecided
            if version is not None
            else Proposal.objects.filter(
                meeting=meeting, state__in=ProposalState.undecided()
            ).count()
        )
    return {
        "meeting": meeting,
        "version": version,
        "can_see_agenda": user.has_perm("agenda.view_agenda", meeting),
        "can_edit": user.has_perm("agenda.change_agenda", meeting),
        "can_see_queue": can_see_queue,
        "undecided": undecided,
        "can_propose": user.has_perm("agenda.add_proposal") and meeting.status == "planned",
    }


def _undecided(meeting_id):
    """The number of the meeting's topics waiting for a decision, as a subquery."""
    return (
        Proposal.objects.filter(meeting_id=meeting_id, state__in=ProposalState.undecided())
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )


DRAFTS_SHOWN = 10
UNDER_WAY_SHOWN = 5


def _ids(proposals, first: int):
    """The ids of the first proposals, as a list that a union takes (no order of its own)."""
    return Proposal.objects.filter(pk__in=proposals.values("pk")[:first]).order_by().values("pk")


def _dashboard_context(request):
    """The agency's latest topics in draft (with the count of all its drafts) and its latest
    topics under way, in one query.

    Each group's first rows are picked by a subquery that stops at them (the agency's
    topics newest first, an index), not by numbering every topic the agency ever wrote:
    after ten years that is hundreds of rows sorted on every visit.
    """
    mine = Proposal.objects.filter(agency_id=request.user.agency_id).order_by("-created_at", "-pk")
    drafts = mine.filter(state=ProposalState.DRAFT)
    under_way = mine.exclude(state__in=[ProposalState.DRAFT, ProposalState.WITHDRAWN])
    # One list of ids for the two groups: an OR of two lists made PostgreSQL try every
    # topic against both.
    shown = _ids(drafts, DRAFTS_SHOWN).union(_ids(under_way, UNDER_WAY_SHOWN), all=True)
    rows = list(
        Proposal.objects.filter(pk__in=shown)
        .annotate(
            is_draft=Case(
                When(state=ProposalState.DRAFT, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            draft_count=CountOf(drafts.order_by().values("pk")),
        )
        .order_by("-created_at", "-pk")
    )
    drafts = [p for p in rows if p.is_draft]
    return {
        "drafts": drafts,
        "draft_count": rows[0].draft_count if rows else 0,
        "proposals": [p for p in rows if not p.is_draft],
    }


GUEST_NAMES_SHOWN = 10


def _guest_names_context(request):
    """The secretariat: names typed in submitted proposals that the directory lacks, each
    with the number of proposals naming it, in one query (one more row than shown tells
    whether more wait)."""
    in_directory = Organization.objects.filter(
        Q(name__iexact=OuterRef("name")) | Q(acronym__iexact=OuterRef("name"))
    )
    rows = list(
        GuestName.objects.filter(organization__isnull=True)
        .exclude(proposal__state__in=[ProposalState.DRAFT, ProposalState.WITHDRAWN])
        .exclude(Exists(in_directory))
        .values("key")
        .annotate(name=Min("name"), proposals=Count("proposal", distinct=True))
        .order_by("key")[: GUEST_NAMES_SHOWN + 1]
    )
    return {
        "guest_names": rows[:GUEST_NAMES_SHOWN],
        "guest_names_more": len(rows) > GUEST_NAMES_SHOWN,
    }


def _guest_context(request):
    """A guest's way in: the meetings they are invited to, and their agendas once published."""
    meetings = (
        Meeting.objects.filter(guest_invitations__people=request.user)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("agenda")
        .order_by("start")
        .distinct()
    )
    return {"meetings": list(meetings)}


def register():
    meeting_panels.register(
        Panel(
            template="agenda/panels/meeting.html",
            permission="meetings.view_meeting",
            order=20,
            context=_meeting_context,
        )
    )
    dashboard_panels.register(
        Panel(
            template="agenda/panels/proposals.html",
            permission="agenda.add_proposal",
            order=30,
            context=_dashboard_context,
        )
    )
    dashboard_panels.register(
        Panel(
            template="agenda/panels/guest_names.html",
            permission="agenda.adopt_guest_name",
            order=12,
            context=_guest_names_context,
        )
    )
    dashboard_panels.register(
        Panel(
            template="agenda/panels/guest.html",
            permission="agenda.view_own_invitations",
            order=10,
            context=_guest_context,
        )
    )
