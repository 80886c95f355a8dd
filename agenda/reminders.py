"""The agenda's reminders: the call for topics, the proposal deadline, the unpublished agenda.

Same rules as the meetings floor's reminders: each goes in the recipient's
daytime, once per occasion (the outbox key names the date it is about, so a
moved deadline is a new occasion), whichever sweep or beat finds it first.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from agenda.enums import ProposalState
from agenda.models import AgendaVersion, Proposal
from core.clock import local_day_if_daytime
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from meetings.selectors import meetings_with_chair
from members.enums import Role
from members.models import Agency, Person
from notices.services import notice_queue

DEADLINE_DAYS_BEFORE = 3
AGENDA_DAYS_BEFORE = 7


def agenda_reminders_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue every agenda reminder due now; returns how many new notices of each kind."""
    now = now or timezone.now()
    today = now.date()
    counts = {"call_for_topics": 0, "deadline": 0, "agenda_unpublished": 0}
    members = set(Agency.objects.members_on(today).values_list("pk", flat=True))
    focal_points = []
    for person in Person.objects.filter(role=Role.FOCAL_POINT, is_active=True, agency__in=members):
        person.local_day = local_day_if_daytime(person, now)
        if person.local_day is not None:
            focal_points.append(person)
    if not focal_points:
        return counts
    opens = settings.GMG_CALL_FOR_TOPICS_DAYS
    horizon = today + datetime.timedelta(days=opens + 2)
    meetings = list(
        meetings_with_chair(
            Meeting.objects.filter(
                status=MeetingStatus.PLANNED, start__gte=now, proposal_deadline__lte=horizon
            )
        )
    )
    proposed = set(
        Proposal.objects.filter(meeting__in=meetings)
        .exclude(state__in=[ProposalState.DRAFT, ProposalState.WITHDRAWN])
        .values_list("meeting_id", "agency_id")
    )
    published = set(
        AgendaVersion.objects.filter(agenda__meeting__in=meetings).values_list(
            "agenda__meeting_id", flat=True
        )
    )
    for meeting in meetings:
        call_day = meeting.proposal_deadline - datetime.timedelta(days=opens)
        warn_day = meeting.proposal_deadline - datetime.timedelta(days=DEADLINE_DAYS_BEFORE)
        agenda_day = meeting.local_date - datetime.timedelta(days=AGENDA_DAYS_BEFORE)
        # From the day each falls due until its occasion: a day the sweep missed
        # (worker down, a meeting planned late) is made up; the keys send once.
        for person in focal_points:
            day = person.local_day
            if call_day <= day <= meeting.proposal_deadline:
                counts["call_for_topics"] += _queue(
                    person, meeting, "call_for_topics", meeting.proposal_deadline
                )
            if (
                warn_day <= day <= meeting.proposal_deadline
                and (meeting.pk, person.agency_id) not in proposed
            ):
                counts["deadline"] += _queue(
                    person, meeting, "proposal_deadline", meeting.proposal_deadline
                )
            if (
                agenda_day <= day < meeting.local_date
                and meeting.pk not in published
                and person.agency_id == meeting.chair_agency_id_for_date()
            ):
                counts["agenda_unpublished"] += _queue(
                    person, meeting, "agenda_unpublished", meeting.local_date
                )
    return counts


def _queue(person, meeting, kind: str, occasion) -> int:
    _, new = notice_queue(
        to=person,
        kind=kind,
        key=f"{kind}:{meeting.pk}:{occasion}:to:{person.pk}",
        template=f"agenda/email/{kind}",
        context={"meeting": meeting, "site_url": settings.SITE_URL},
        about=meeting,
    )
    return int(new)
