"""Reminders: each arrives in the recipient's daytime, once, and follows a rescheduled meeting.

A sweep (beat every quarter hour, or ``manage.py meetings_reminders``) looks at
who is in their day window now and queues what is due for them today. The
outbox key names the occasion (the meeting's start, the term's start), so a
second sweep, a second beat or a retry finds the notice already there, and a
new date is a new occasion.
"""

import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from core.clock import local_day_if_daytime, person_zone
from meetings.enums import MeetingStatus, Rsvp
from meetings.models import ChairTerm, Delegate, Meeting
from members.enums import Role
from members.models import Agency, Person
from notices.services import notice_queue

MEETING_DAYS_BEFORE = (7, 1)
REGISTRATION_DAYS_BEFORE = 3
CHAIR_DAYS_BEFORE = 30


def reminders_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue every reminder due now; returns how many new notices of each kind."""
    now = now or timezone.now()
    counts = {"meeting": 0, "registration": 0, "chair": 0}
    people = list(
        Person.objects.filter(is_active=True, role__in=[*Role.member_roles(), Role.SECRETARIAT])
    )
    awake = {p.pk: day for p in people if (day := local_day_if_daytime(p, now)) is not None}
    if not awake:
        return counts
    member_ids = set(Agency.objects.members_on(now.date()).values_list("pk", flat=True))
    focal_points: dict[int, list] = {}
    for person in people:
        if person.role == Role.FOCAL_POINT and person.agency_id in member_ids:
            focal_points.setdefault(person.agency_id, []).append(person)
    by_pk = {p.pk: p for p in people}
    today = now.date()

    soon = datetime.timedelta(days=max(MEETING_DAYS_BEFORE) + 2)
    closing_soon = datetime.timedelta(days=REGISTRATION_DAYS_BEFORE + 2)
    meetings = Meeting.objects.filter(
        Q(local_date__lte=today + soon) | Q(registration_deadline__lte=today + closing_soon),
        status=MeetingStatus.PLANNED,
        start__gte=now,
    ).prefetch_related(Prefetch("delegates", queryset=Delegate.objects.all()))
    for meeting in meetings:
        delegates = list(meeting.delegates.all())
        registered = {d.agency_id for d in delegates}
        attending = [
            by_pk[d.person_id]
            for d in delegates
            if d.rsvp in Rsvp.attending() and d.person_id in by_pk
        ]
        unregistered = [
            p for agency_id, fps in focal_points.items() if agency_id not in registered for p in fps
        ]
        for person in attending + unregistered:
            day = awake.get(person.pk)
            if day is None:
                continue
            meeting_day = meeting.start.astimezone(person_zone(person)).date()
            for days in MEETING_DAYS_BEFORE:
                if meeting_day - datetime.timedelta(days=days) == day:
                    _, new = notice_queue(
                        to=person,
                        kind="meeting_reminder",
                        key=f"meeting-reminder:{meeting.pk}:{days}d:{meeting.start.isoformat()}:to:{person.pk}",
                        template="meetings/email/reminder",
                        context={"meeting": meeting, "days": days},
                        about=meeting,
                    )
                    counts["meeting"] += new
        closing = meeting.registration_deadline - datetime.timedelta(days=REGISTRATION_DAYS_BEFORE)
        for person in unregistered:
            if awake.get(person.pk) == closing:
                _, new = notice_queue(
                    to=person,
                    kind="registration_reminder",
                    key=f"registration-reminder:{meeting.pk}:{meeting.registration_deadline}:to:{person.pk}",
                    template="meetings/email/registration_reminder",
                    context={"meeting": meeting},
                    about=meeting,
                )
                counts["registration"] += new

    secretariat = [p for p in people if p.role == Role.SECRETARIAT]
    terms = ChairTerm.objects.select_related("agency").filter(
        start__gte=today, start__lte=today + datetime.timedelta(days=CHAIR_DAYS_BEFORE + 2)
    )
    for term in terms:
        for person in focal_points.get(term.agency_id, []) + secretariat:
            if awake.get(person.pk) == term.start - datetime.timedelta(days=CHAIR_DAYS_BEFORE):
                _, new = notice_queue(
                    to=person,
                    kind="chair_incoming",
                    key=f"chair-incoming:{term.pk}:{term.agency_id}:{term.start}:to:{person.pk}",
                    template="meetings/email/chair_incoming",
                    context={"term": term},
                    about=term,
                )
                counts["chair"] += new
    return counts
