"""The meetings floor's reminders, declared for the one sweep (``core.reminders``).

- the meeting in 7 days, and tomorrow: the registered delegates, and the
  focal points of member agencies that have not registered;
- registration closes in 3 days: the focal points of agencies not registered;
- a chair term starts in 30 days: that agency's focal points and the secretariat.

The keys name the date each is about (the meeting's start, the deadline, the
term's start): a rescheduled meeting's reminders follow its new date.
"""

import datetime

from django.db.models import Prefetch, Q

from core.reminders import Occasion, Reminder, Sweep, by_time_zone, reminders, same_for_all
from meetings.enums import MeetingStatus, Rsvp
from meetings.models import ChairTerm, Delegate, Meeting
from members.selectors import Audience, reminder_audience

MEETING_DAYS_BEFORE = (7, 1)
REGISTRATION_DAYS_BEFORE = 3
CHAIR_DAYS_BEFORE = 30


def _upcoming(sweep: Sweep) -> list[Meeting]:
    """Planned meetings within a week and a bit, or whose registration closes soon."""
    soon = sweep.today + datetime.timedelta(days=max(MEETING_DAYS_BEFORE) + 2)
    closing = sweep.today + datetime.timedelta(days=REGISTRATION_DAYS_BEFORE + 2)

    def load():
        return list(
            Meeting.objects.filter(
                Q(local_date__lte=soon) | Q(registration_deadline__lte=closing),
                status=MeetingStatus.PLANNED,
                start__gte=sweep.now,
            ).prefetch_related(Prefetch("delegates", queryset=Delegate.objects.all()))
        )

    return sweep.memo("meetings.upcoming", load)


def _unregistered(people: Audience, meeting: Meeting) -> list:
    registered = {delegate.agency_id for delegate in meeting.delegates.all()}
    return people.member_focal_points(except_agencies=registered)


def _meeting_occasions(days: int):
    def occasions(sweep: Sweep):
        people = reminder_audience(sweep)
        if not people:
            return
        for meeting in _upcoming(sweep):
            attending = [
                people.by_pk[d.person_id]
                for d in meeting.delegates.all()
                if d.rsvp in Rsvp.attending() and d.person_id in people.by_pk
            ]
            yield Occasion(
                key=f"meeting-reminder:{meeting.pk}:{days}d:{meeting.start.isoformat()}",
                recipients=attending + _unregistered(people, meeting),
                anchor=meeting.start,
                about=meeting,
                context={"meeting": meeting},
            )

    return occasions


def _registration_occasions(sweep: Sweep):
    people = reminder_audience(sweep)
    if not people:
        return
    for meeting in _upcoming(sweep):
        yield Occasion(
            key=f"registration-reminder:{meeting.pk}:{meeting.registration_deadline}",
            recipients=_unregistered(people, meeting),
            anchor=meeting.registration_deadline,
            about=meeting,
            context={"meeting": meeting},
        )


def _chair_occasions(sweep: Sweep):
    people = reminder_audience(sweep)
    if not people:
        return
    terms = ChairTerm.objects.select_related("agency").filter(
        start__gt=sweep.today - datetime.timedelta(days=1),
        start__lte=sweep.today + datetime.timedelta(days=CHAIR_DAYS_BEFORE + 2),
    )
    for term in terms:
        yield Occasion(
            key=f"chair-incoming:{term.pk}:{term.agency_id}:{term.start}",
            recipients=people.focal_points_of(term.agency_id) + people.secretariat,
            anchor=term.start,
            about=term,
            context={"term": term},
        )


# A week before, made up until the day before "tomorrow" takes over; "tomorrow"
# made up on the day itself, before the meeting starts.
MEETING_WEEK = Reminder(
    name="meeting_week",
    kind="meeting_reminder",
    template="meetings/email/reminder",
    occasions=_meeting_occasions(7),
    days=(-7, -2),
    order=10,
    shared_by=by_time_zone,
)
MEETING_TOMORROW = Reminder(
    name="meeting_tomorrow",
    kind="meeting_reminder",
    template="meetings/email/reminder",
    occasions=_meeting_occasions(1),
    days=(-1, 0),
    order=11,
    shared_by=by_time_zone,
)
REGISTRATION_CLOSING = Reminder(
    name="registration_closing",
    kind="registration_reminder",
    template="meetings/email/registration_reminder",
    occasions=_registration_occasions,
    days=(-REGISTRATION_DAYS_BEFORE, 0),
    order=12,
    shared_by=by_time_zone,
)
CHAIR_INCOMING = Reminder(
    name="chair_incoming",
    kind="chair_incoming",
    template="meetings/email/chair_incoming",
    occasions=_chair_occasions,
    days=(-CHAIR_DAYS_BEFORE, -1),
    order=13,
    shared_by=same_for_all,
)


def register() -> None:
    for reminder in (MEETING_WEEK, MEETING_TOMORROW, REGISTRATION_CLOSING, CHAIR_INCOMING):
        reminders.register(reminder)
