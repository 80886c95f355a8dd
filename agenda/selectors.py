"""Reads for the agenda pages and documents, with their relations joined."""

import datetime

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When

from agenda.enums import ProposalState
from agenda.models import Agenda, AgendaItem, AgendaVersion, Paper, Proposal, PurposeTag
from core.clock import group_today
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from members.enums import Role
from members.models import Agency, Organization, Person
from members.rules import is_secretariat


def proposal_list(*, user, state: str = ""):
    """The topics a person may list: their agency's, or (secretariat) every submitted one.

    A draft stays with the agency writing it, as ``agenda.view_proposal`` says.
    """
    proposals = Proposal.objects.select_related("meeting", "agency", "author").prefetch_related(
        "purposes"
    )
    if is_secretariat(user):
        proposals = proposals.exclude(state=ProposalState.DRAFT)
    else:
        proposals = proposals.filter(agency_id=user.agency_id)
    if state in ProposalState.values:
        proposals = proposals.filter(state=state)
    return proposals.order_by("-created_at")


# The decided topics the queue shows at once, the latest first: the queue's history.
DECIDED_SHOWN = 10


def queue_for(*, meeting, older: int = 0) -> tuple[list[Proposal], bool]:
    """A meeting's proposals, undecided first (late ones marked), drafts excluded, and
    whether decided ones older than those shown remain.

    Every undecided proposal is shown; of the decided ones, a window of the
    ``DECIDED_SHOWN`` latest submitted, ``older`` windows back (the undecided
    are on the first window only). Each brings its purposes and guest
    organizations as lists (``purpose_list``, ``guest_organization_list``): a
    plain prefetch would build a queryset per row.
    """
    undecided = ProposalState.undecided()
    proposals = Proposal.objects.filter(meeting=meeting).exclude(state=ProposalState.DRAFT)
    start = older * DECIDED_SHOWN
    # One decided proposal more than shown tells whether older ones remain: no count.
    window = Q(
        pk__in=proposals.exclude(state__in=undecided)
        .order_by("-submitted_at", "-pk")
        .values("pk")[start : start + DECIDED_SHOWN + 1]
    )
    rows = list(
        proposals.filter(window if older else window | Q(state__in=undecided))
        .select_related("agency", "author", "deferred_from")
        .prefetch_related(
            Prefetch("purposes", queryset=PurposeTag.objects.all(), to_attr="purpose_list"),
            Prefetch(
                "guest_organizations",
                queryset=Organization.objects.all(),
                to_attr="guest_organization_list",
            ),
        )
        .annotate(
            undecided_first=Case(
                When(state__in=undecided, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("undecided_first", "submitted_at", "pk")
    )
    decided = [p for p in rows if p.undecided_first]
    if len(decided) > DECIDED_SHOWN:
        # The oldest of the window (shown in the order of submission, it comes first).
        rows.remove(decided[0])
        return rows, True
    return rows, False


def agenda_items(*, agenda):
    """The draft's items, numbered, each with its papers as the list ``paper_list``."""
    items = list(
        AgendaItem.objects.filter(agenda=agenda)
        # The proposal only by its id (a link): its texts are the longest columns joined.
        .select_related("presenter_agency", "presenter", "linked_meeting")
        .prefetch_related(Prefetch("papers", queryset=Paper.objects.all(), to_attr="paper_list"))
        .order_by("position", "pk")
    )
    for number, item in enumerate(items, start=1):
        item.number = number
    return items


def papers_held_for(*, actor, ids) -> list[Paper]:
    """Papers this person uploaded and has not attached to an item yet."""
    return list(Paper.objects.filter(pk__in=ids, uploaded_by=actor, item__isnull=True))


def next_suitable_meeting(*, level: str, today: datetime.date | None = None) -> Meeting | None:
    """The next planned meeting of this level whose proposal deadline has not passed."""
    today = today or group_today()
    return (
        Meeting.objects.filter(
            level=level, status=MeetingStatus.PLANNED, proposal_deadline__gte=today
        )
        .order_by("start")
        .first()
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting of the same level before this one (not cancelled): its minutes are adopted."""
    return (
        Meeting.objects.filter(level=meeting.level, start__lt=meeting.start)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-start")
        .first()
    )


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting of the same level after this one (not cancelled)."""
    return (
        Meeting.objects.filter(level=meeting.level, start__gt=meeting.start)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("start")
        .first()
    )


def meeting_header(agenda: Agenda) -> dict:
    """What a frozen document (agenda version, minutes edition) says about its meeting."""
    meeting = agenda.meeting
    chair = meeting.chair_for_date()
    return {
        "reference": agenda.reference,
        "meeting": meeting.title,
        # A title the application made is shown in each reader's language (agenda.text).
        "title_is_default": meeting.title_is_default,
        "kind": meeting.kind,
        "local_date": meeting.local_date.isoformat(),
        # Codes, never labels: a version does not depend on its publisher's language.
        "level": meeting.level,
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
        "time_zone": meeting.time_zone,
        "venue": meeting.venue,
        "online_link": meeting.online_link,
        "chair": chair.name if chair else "",
        "chair_acronym": chair.acronym if chair else "",
    }


def agenda_snapshot(agenda: Agenda) -> dict:
    """What a published version freezes: the meeting's header and the numbered items."""
    items = []
    for number, item in enumerate(
        agenda.items.select_related("presenter_agency", "presenter", "linked_meeting")
        .prefetch_related("purposes", "papers")
        .order_by("position", "pk"),
        start=1,
    ):
        items.append(
            {
                "id": item.pk,
                "number": number,
                "title": item.title,
                "description": item.description,
                "standing": item.standing,
                "presenter_agency": item.presenter_agency.acronym if item.presenter_agency else "",
                "presenter": item.presenter.full_name if item.presenter else "",
                "minutes": item.minutes,
                "purposes": [p.code for p in item.purposes.all()],
                "papers": [{"id": p.pk, "name": p.name} for p in item.papers.all()],
                "linked_meeting": item.linked_meeting.title if item.linked_meeting else "",
            }
        )
    return {**meeting_header(agenda), "items": items}


def agenda_participants(meeting: Meeting):
    """Who receives the published agenda: focal points of all members, delegates, invited guests."""
    members = Agency.objects.members_on(meeting.local_date)
    focal_points = Person.objects.filter(
        role=Role.FOCAL_POINT, agency__in=members, is_active=True
    ).values_list("pk", flat=True)
    delegates = meeting.delegates.values_list("person_id", flat=True)
    guests = Person.objects.filter(guest_invitations__meeting=meeting, is_active=True).values_list(
        "pk", flat=True
    )
    ids = set(focal_points) | set(delegates) | set(guests)
    return Person.objects.filter(pk__in=ids, is_active=True).order_by("pk")


def agenda_holders(meeting) -> list[int]:
    """Who received the meeting's published agenda (nobody before its first publication)."""
    if not AgendaVersion.objects.filter(agenda__meeting=meeting).exists():
        return []
    return list(agenda_participants(meeting).values_list("pk", flat=True))
