"""Demo data for this floor (idempotent): topics in every state and published agendas.

The next principals' meeting gets proposals from several agencies (a draft,
submitted ones, one of them late, accepted, deferred, declined and
withdrawn), a guest organization, and a published agenda. The past
meetings' agendas are published by the minutes' demo, as part of each
meeting's life.
"""

from django.dispatch import receiver
from django.utils import timezone

from agenda import services
from agenda.enums import ProposalState
from agenda.models import Agenda, GuestInvitation, Proposal
from meetings.enums import Level, MeetingStatus
from meetings.models import Meeting
from members.enums import Role
from members.models import Agency, Organization, Person
from members.signals import seed_demo

TOPICS = [
    ("Labour migration statistics: a joint data note", ["research-data", "information"]),
    ("Protection of migrants in vulnerable situations", ["rights", "common-positions"]),
    ("Remittances and financial inclusion", ["policy-consistency", "initiatives"]),
    ("Climate change and human mobility", ["critical-issues", "coherent-approach"]),
    ("Joint training for staff on migration governance", ["capacity"]),
    ("Engaging regional consultative processes", ["states-efforts", "interaction-states"]),
    ("Follow-up to the High-level Dialogue", ["initiatives", "leadership"]),
]


def _focal_point(agency):
    return (
        Person.objects.filter(agency=agency, role=Role.FOCAL_POINT, is_active=True)
        .order_by("email")
        .first()
    )


def _chair_office(meeting):
    return (
        _focal_point(Agency.objects.get(pk=meeting.chair_agency_id_for_date()))
        if meeting.chair_agency_id_for_date()
        else None
    )


def _publish(meeting) -> int:
    chair = _chair_office(meeting)
    agenda = Agenda.objects.get(meeting=meeting)
    if chair is None or agenda.versions.exists():
        return 0
    services.agenda_publish(agenda=agenda, actor=chair, version=agenda.version)
    return 1


@receiver(seed_demo)
def seed_agenda(sender, **kwargs) -> int:
    now = timezone.now()
    upcoming = list(
        Meeting.objects.filter(
            level=Level.PRINCIPALS, status=MeetingStatus.PLANNED, start__gt=now
        ).order_by("start")[:2]
    )
    if len(upcoming) < 2 or Proposal.objects.exists():
        return 0
    meeting, later = upcoming
    chair = _chair_office(meeting)
    if chair is None:
        return 0
    proposers = [
        fp
        for agency in Agency.objects.members_on()
        .exclude(pk=meeting.chair_agency_id_for_date())
        .order_by("acronym")
        if (fp := _focal_point(agency)) is not None
    ][: len(TOPICS)]
    organization = Organization.objects.order_by("pk").first()
    created = 0
    plan = [
        ProposalState.ACCEPTED,
        ProposalState.ACCEPTED,
        ProposalState.SUBMITTED,
        ProposalState.DEFERRED,
        ProposalState.DECLINED,
        ProposalState.WITHDRAWN,
        ProposalState.DRAFT,
    ]
    for (title, purposes), author, target in zip(TOPICS, proposers, plan, strict=False):
        proposal = services.proposal_create(
            actor=author,
            meeting=meeting,
            level=Level.PRINCIPALS,
            title=title,
            summary=f"{author.agency.name} proposes to discuss: {title.lower()}.",
            rationale="Raised by several members at the last working-level meeting.",
            purposes=purposes,
            minutes_wished=20,
            guest_organizations=[organization] if organization and created == 0 else [],
        )
        created += 1
        if target == ProposalState.DRAFT:
            continue
        services.proposal_transition(proposal=proposal, to=ProposalState.SUBMITTED, actor=author)
        if target == ProposalState.WITHDRAWN:
            services.proposal_transition(proposal=proposal, to=target, actor=author)
        elif target == ProposalState.DEFERRED:
            services.proposal_transition(
                proposal=proposal,
                to=target,
                actor=chair,
                meeting=later,
                note="Better with more data.",
            )
        elif target != ProposalState.SUBMITTED:
            services.proposal_transition(
                proposal=proposal, to=target, actor=chair, note="Thank you for the proposal."
            )
    # "Late" is what the submission says against the meeting's deadline, never set here:
    # the next meeting's deadline is still ahead, so nothing of it is late.
    guest = Person.objects.filter(role=Role.GUEST, organization=organization).first()
    invitation = GuestInvitation.objects.filter(meeting=meeting, organization=organization).first()
    if guest and invitation:
        invitation.people.add(guest)
    created += _publish(meeting)
    return created
