"""Demo data for this floor, added by the ``seed_demo`` command (idempotent).

The public chair history (with its gaps), the rotation two years ahead,
regular meetings for last year, this year and next (the past ones held),
and some delegations to the next principals' meeting.
"""

import csv
import datetime
from pathlib import Path

from django.dispatch import receiver
from django.utils import timezone

from core.clock import group_today
from core.permissions import SYSTEM
from meetings import services
from meetings.enums import Level, MeetingStatus, Rsvp
from meetings.models import ChairTerm, Delegate, Meeting
from members.enums import Role
from members.models import Agency, Person
from members.signals import seed_demo

DATA = Path(__file__).resolve().parent / "data"


def _chair_history(actor) -> int:
    created = 0
    with (DATA / "gmg-chairs.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            start = datetime.date.fromisoformat(row["start"])
            agency = Agency.objects.filter(acronym=row["acronym"]).first()
            if agency is None or ChairTerm.objects.filter(start=start).exists():
                continue
            # The public record is the authority on past chairs, membership dates or not.
            services.chair_term_create(
                agency=agency,
                start=start,
                end=datetime.date.fromisoformat(row["end"]),
                note=row["note"],
                actor=actor,
                reason="Public chair history",
                check_membership=False,
            )
            created += 1
    return created


def _rotation(actor, today) -> int:
    start = None
    if not ChairTerm.objects.filter(end__gte=today).exists():
        # Terms from the first of this month, as a rotation would have begun.
        start = today.replace(day=1)
        if ChairTerm.objects.filter(end__gte=start).exists():
            start = None
    until = today.replace(year=today.year + 2)
    return len(services.chair_rotation_extend(until=until, start=start, actor=actor, reason="Demo"))


def _meetings(actor, today) -> int:
    created = 0
    pattern = services.YearPattern()
    for year in (today.year - 1, today.year, today.year + 1):
        created += len(services.meeting_plan_year(year=year, pattern=pattern, actor=actor))
    Meeting.objects.filter(status=MeetingStatus.PLANNED, end__lt=timezone.now()).update(
        status=MeetingStatus.HELD
    )
    return created


def _delegations(actor) -> int:
    meeting = (
        Meeting.objects.filter(
            level=Level.PRINCIPALS, status=MeetingStatus.PLANNED, start__gt=timezone.now()
        )
        .order_by("start")
        .first()
    )
    if meeting is None or Delegate.objects.filter(meeting=meeting).exists():
        return 0
    created = 0
    for index, agency in enumerate(Agency.objects.members_on().order_by("acronym")[:6]):
        people = list(
            Person.objects.filter(agency=agency, role__in=Role.member_roles()).order_by("email")
        )
        entries = [
            services.Entry(
                person=person,
                rsvp=Rsvp.ONLINE if (index + n) % 3 == 0 else Rsvp.IN_PERSON,
                is_head=person.role == Role.PRINCIPAL,
            )
            for n, person in enumerate(people[:2] + [p for p in people if p.role == Role.PRINCIPAL])
        ]
        unique = list({e.person.pk: e for e in entries}.values())
        services.delegation_save(meeting=meeting, agency=agency, actor=actor, entries=unique)
        created += len(unique)
    return created


@receiver(seed_demo)
def seed_meetings(sender, **kwargs) -> int:
    # Loading the demo is system work: nobody's name goes on the rows it adds.
    actor = SYSTEM
    today = group_today()
    return (
        _chair_history(actor)
        + _rotation(actor, today)
        + _meetings(actor, today)
        + _delegations(actor)
    )
