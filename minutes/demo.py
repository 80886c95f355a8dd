"""Demo data for this floor (idempotent): minutes in every state, action points in every status.

The last five held meetings with a chair's office (ad hoc ones are added in
the current term where needed) get a published agenda if they have none,
an attendance, and minutes: the oldest published with a corrigendum, then
published, final, circulated (comments open today) and a draft. Their
action points are open, overdue, done and dropped.
"""

import datetime

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils import timezone

from agenda import services as agenda_services
from agenda.models import Agenda, AgendaVersion
from core.clock import group_today
from meetings.enums import Kind, Level, MeetingStatus, Rsvp
from meetings.models import Delegate, Meeting
from meetings.selectors import meetings_with_chair
from members.enums import Role
from members.models import Agency, Person
from members.signals import seed_demo
from minutes import services
from minutes.enums import MinutesState
from minutes.models import Minutes

PLAN = ["corrigendum", MinutesState.PUBLISHED, MinutesState.FINAL, "circulated", "draft"]

SUMMARY = (
    "The chair introduced the item. Members **welcomed** the joint note and stressed:\n\n"
    "- the need for comparable data across agencies;\n"
    "- the link with the [Global Compact](https://www.un.org/en/migration2022/global-compact-for-migration)"
    " follow-up;\n"
    "- capacity building for national statistical offices.\n"
)
DECISIONS = "The group **agreed** to prepare a common position for the next principals' meeting."


def _focal_point(agency_id):
    return (
        Person.objects.filter(agency_id=agency_id, role=Role.FOCAL_POINT, is_active=True)
        .order_by("email")
        .first()
    )


def _publish_agenda(meeting) -> bool:
    if AgendaVersion.objects.filter(agenda__meeting=meeting).exists():
        return True
    chair = (
        _focal_point(meeting.chair_agency_id_for_date())
        if meeting.chair_agency_id_for_date()
        else None
    )
    if chair is None:
        return False
    agenda = Agenda.objects.get(meeting=meeting)
    agenda_services.agenda_item_save(
        agenda=agenda,
        actor=chair,
        version=agenda.version,
        title="Migration data: towards a joint note",
        minutes=40,
        presenter_agency=chair.agency,
    )
    agenda_services.agenda_publish(agenda=agenda, actor=chair, version=agenda.version)
    return True


def _attendance(meeting, agencies) -> None:
    if Delegate.objects.filter(meeting=meeting).exists():
        return
    for agency in agencies:
        for n, person in enumerate(
            Person.objects.filter(agency=agency, role__in=Role.member_roles()).order_by("email")[:2]
        ):
            Delegate.objects.create(
                meeting=meeting,
                agency=agency,
                person=person,
                rsvp=Rsvp.IN_PERSON,
                is_head=n == 0,
                attended=True,
            )


def _draft(minutes, chair, agencies, today) -> int:
    created = 0
    sections = list(minutes.sections.order_by("number"))
    for section in sections:
        if section.standing in ("", "follow-up"):
            services.section_save(
                section=section,
                actor=chair,
                version=section.version,
                summary=SUMMARY,
                decisions=DECISIONS if not section.standing else "",
                # Publication records it in the register of decisions.
                decision_marked=not section.standing,
            )
    topic = next((s for s in sections if not s.standing), sections[0])
    meeting_day = minutes.meeting.local_date
    plans = [
        ("Circulate the joint data note to all members", today + datetime.timedelta(days=20)),
        ("Propose a common position on protection at sea", meeting_day + datetime.timedelta(30)),
        ("Share the training calendar", meeting_day + datetime.timedelta(days=20)),
        ("Map regional consultative processes", meeting_day + datetime.timedelta(days=40)),
    ]
    for n, (text, due) in enumerate(plans):
        services.action_point_save(
            section=topic,
            actor=chair,
            text=text,
            agencies=[agencies[n % len(agencies)], agencies[(n + 1) % len(agencies)]],
            due=due,
            person="",
        )
        created += 1
    return created


def _close_some(minutes, chair) -> None:
    points = list(minutes.action_points.order_by("pk"))
    if len(points) >= 4:
        services.action_point_set_status(
            action_point=points[2], actor=chair, status="done", note="Shared on the extranet."
        )
        services.action_point_set_status(
            action_point=points[3], actor=chair, status="dropped", note="Overtaken by events."
        )


def _ad_hoc_meetings(now) -> list:
    """Held ad hoc meetings in the current chair term, so that each state has a meeting.

    The demo rotation starts this month and the public history has a gap
    before it: without these, only one held meeting would have a chair's
    office to write its minutes.
    """
    from meetings.selectors import chair_on
    from meetings.services.meetings import meeting_create

    actor = Person.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    term = chair_on(group_today())
    if term is None:
        return []
    meetings = []
    topics = [
        (Level.WORKING, "Ad hoc working-level meeting: migration data"),
        (Level.PRINCIPALS, "Ad hoc principals' meeting: mixed movements"),
        (Level.WORKING, "Ad hoc working-level meeting: protection at sea"),
        (Level.WORKING, "Ad hoc working-level meeting: follow-up"),
    ]
    for day, (level, title) in enumerate(topics):
        start = datetime.datetime.combine(
            term.start + datetime.timedelta(days=1 + day * 2), datetime.time(9), tzinfo=datetime.UTC
        )
        if start + datetime.timedelta(days=1) > now:
            break
        meeting = Meeting.objects.filter(title=title).first() or meeting_create(
            actor=actor,
            level=level,
            kind=Kind.AD_HOC,
            start=start,
            end=start + datetime.timedelta(hours=2),
            time_zone="Europe/Zurich",
            title=title,
            venue="Palais des Nations, Geneva",
        )
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
        meetings.append(meeting)
    return meetings


@receiver(seed_demo)
def seed_minutes(sender, **kwargs) -> int:
    if Minutes.objects.exists():
        return 0
    now = timezone.now()
    today = timezone.localdate()
    agencies = list(Agency.objects.members_on().order_by("acronym")[:5])
    if len(agencies) < 2:
        return 0
    _ad_hoc_meetings(now)
    held = [
        m
        for m in meetings_with_chair(
            Meeting.objects.filter(status=MeetingStatus.HELD, end__lt=now).order_by("start")
        )
        if m.chair_agency_id_for_date() and _focal_point(m.chair_agency_id_for_date())
    ][-len(PLAN) :]
    created = 0
    # The newest meeting gets the draft, the oldest the corrigendum.
    for meeting, plan in zip(held, PLAN[len(PLAN) - len(held) :], strict=True):
        if not _publish_agenda(meeting):
            continue
        meeting = Meeting.objects.get(pk=meeting.pk)
        chair = _focal_point(meeting.chair_agency_id_for_date())
        _attendance(meeting, agencies)
        minutes = services.minutes_start(meeting=meeting, actor=chair)
        created += 1 + _draft(minutes, chair, agencies, today)
        try:
            _advance(minutes, chair, plan, meeting, now)
        except ValidationError:
            continue  # a meeting too recent for its part of the story stays where it got
    return created


def _advance(minutes, chair, plan, meeting, now) -> None:
    """Walk the minutes through the states, as if on the days after the meeting."""
    if plan == "draft":
        return
    if plan == "circulated":
        services.minutes_transition(minutes=minutes, to="circulated", actor=chair, now=now)
        return
    early = min(meeting.end + datetime.timedelta(hours=2), now)
    services.minutes_transition(
        minutes=minutes, to="circulated", actor=chair, now=early, comment_days=1
    )
    later = min(meeting.end + datetime.timedelta(days=2, hours=3), now)
    services.minutes_transition(minutes=minutes, to="final", actor=chair, now=later)
    if plan == MinutesState.FINAL:
        return
    _close_some(minutes, chair)
    services.minutes_transition(minutes=minutes, to="published", actor=chair, now=later)
    if plan == "corrigendum":
        services.minutes_transition(
            minutes=minutes, to="draft", actor=chair, reason="The date of the next meeting."
        )
        services.minutes_transition(minutes=minutes, to="published", actor=chair)
