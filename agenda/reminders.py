"""The agenda floor's reminders, declared for the one sweep (``core.reminders``).

- the call for topics, ``GMG_CALL_FOR_TOPICS_DAYS`` before the proposal
  deadline (made up until the deadline): every member focal point;
- the proposal deadline in 3 days (made up until the deadline): the focal
  points of member agencies that have proposed nothing for the meeting;
- the agenda not published a week before the meeting (made up until the day
  before): the chair's office.

The keys name the date each is about, so a moved deadline is a new occasion.
"""

import datetime

from django.conf import settings

from agenda.enums import ProposalState
from agenda.models import AgendaVersion, Proposal
from core.reminders import Occasion, Reminder, Sweep, reminders, same_for_all
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from meetings.selectors import meetings_with_chair
from members.selectors import reminder_audience

DEADLINE_DAYS_BEFORE = 3
AGENDA_DAYS_BEFORE = 7


class _Window:
    """The planned meetings whose proposal deadline is near, and what is known of them."""

    def __init__(self, sweep: Sweep):
        horizon = sweep.today + datetime.timedelta(days=settings.GMG_CALL_FOR_TOPICS_DAYS + 2)
        self.meetings = list(
            meetings_with_chair(
                Meeting.objects.filter(
                    status=MeetingStatus.PLANNED,
                    start__gte=sweep.now,
                    proposal_deadline__lte=horizon,
                )
            )
        )
        ids = [meeting.pk for meeting in self.meetings]
        self.proposed = set(
            Proposal.objects.filter(meeting__in=ids)
            .exclude(state__in=[ProposalState.DRAFT, ProposalState.WITHDRAWN])
            .values_list("meeting_id", "agency_id")
        )
        self.published = set(
            AgendaVersion.objects.filter(agenda__meeting__in=ids).values_list(
                "agenda__meeting_id", flat=True
            )
        )


def _window(sweep: Sweep) -> _Window:
    return sweep.memo("agenda.window", lambda: _Window(sweep))


def _context(meeting) -> dict:
    return {"meeting": meeting, "site_url": settings.SITE_URL}


def _call_for_topics(sweep: Sweep):
    people = reminder_audience(sweep)
    if not people:
        return
    for meeting in _window(sweep).meetings:
        yield Occasion(
            key=f"call_for_topics:{meeting.pk}:{meeting.proposal_deadline}",
            recipients=people.member_focal_points(),
            anchor=meeting.proposal_deadline,
            about=meeting,
            context=_context(meeting),
        )


def _proposal_deadline(sweep: Sweep):
    people = reminder_audience(sweep)
    if not people:
        return
    window = _window(sweep)
    for meeting in window.meetings:
        proposed = {agency for meeting_id, agency in window.proposed if meeting_id == meeting.pk}
        yield Occasion(
            key=f"proposal_deadline:{meeting.pk}:{meeting.proposal_deadline}",
            recipients=people.member_focal_points(except_agencies=proposed),
            anchor=meeting.proposal_deadline,
            about=meeting,
            context=_context(meeting),
        )


def _agenda_unpublished(sweep: Sweep):
    people = reminder_audience(sweep)
    if not people:
        return
    window = _window(sweep)
    for meeting in window.meetings:
        if meeting.pk in window.published:
            continue
        yield Occasion(
            key=f"agenda_unpublished:{meeting.pk}:{meeting.local_date}",
            recipients=people.focal_points_of(meeting.chair_agency_id_for_date()),
            anchor=meeting.local_date,
            about=meeting,
            context=_context(meeting),
        )


CALL_FOR_TOPICS = Reminder(
    name="call_for_topics",
    kind="call_for_topics",
    template="agenda/email/call_for_topics",
    occasions=_call_for_topics,
    # Read at each sweep: the setting may change.
    days=lambda: (-settings.GMG_CALL_FOR_TOPICS_DAYS, 0),
    order=20,
    shared_by=same_for_all,
)
PROPOSAL_DEADLINE = Reminder(
    name="proposal_deadline",
    kind="proposal_deadline",
    template="agenda/email/proposal_deadline",
    occasions=_proposal_deadline,
    days=(-DEADLINE_DAYS_BEFORE, 0),
    order=21,
    shared_by=same_for_all,
)
AGENDA_UNPUBLISHED = Reminder(
    name="agenda_unpublished",
    kind="agenda_unpublished",
    template="agenda/email/agenda_unpublished",
    occasions=_agenda_unpublished,
    days=(-AGENDA_DAYS_BEFORE, -1),
    order=22,
    shared_by=same_for_all,
)


def register() -> None:
    for reminder in (CALL_FOR_TOPICS, PROPOSAL_DEADLINE, AGENDA_UNPUBLISHED):
        reminders.register(reminder)
