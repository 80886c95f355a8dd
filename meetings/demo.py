"""Demo data for this floor, added by the ``seed_demo`` command (idempotent).

The public chair history (with its gaps), the rotation two years ahead,
invented chair terms for the years between the public record and the
rotation (marked "Invented for the demo" in their note, never written into
the public history's file), regular meetings from three years back until
next year (the past ones held), and some delegations to the next
principals' meeting.
"""

import csv
import datetime
from pathlib import Path

from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone

from core.clock import group_today
from core.permissions import SYSTEM
from meetings import services
from meetings.enums import Level, MeetingStatus, Rsvp
from meetings.models import ChairTerm, Delegate, Meeting
from meetings.services import rotation
from members.enums import Role
from members.models import Agency, Person
from members.signals import seed_demo

DATA = Path(__file__).resolve().parent / "data"
# The note on every chair term the demo makes up: the public record has no chair for them.
INVENTED_NOTE = "Invented for the demo: the public record names no chair for this term."
HISTORY_YEARS = 3


def history_start(today: datetime.date) -> datetime.date:
    """The first day of the demo's life: a 1 January at least three years back.

    Whole years, so that every meeting of a planned year has a chair; in the
    first quarter one more, since that year's first meetings are still ahead.
    """
    return datetime.date(today.year - HISTORY_YEARS - (today.month <= 3), 1, 1)


def _public_chairs() -> list[dict]:
    with (DATA / "gmg-chairs.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _chair_history(actor) -> int:
    created = 0
    for row in _public_chairs():
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


def _invented_terms(actor, today) -> int:
    """Terms back from the first term after the public record until ``history_start``.

    Each goes to the member agency before the next term's in the rotation
    order, so the invented years lead into the generated rotation. A second
    run finds the first invented term at or before the start: nothing to add.
    """
    public_end = max(datetime.date.fromisoformat(row["end"]) for row in _public_chairs())
    following = (
        ChairTerm.objects.select_related("agency")
        .filter(start__gt=public_end)
        .order_by("start")
        .first()
    )
    if following is None:
        return 0
    since = history_start(today)
    order = list(Agency.objects.order_by("rotation_position", "acronym"))
    created = 0
    while following.start > since:
        start = rotation.add_months(following.start, -settings.GMG_TERM_MONTHS)
        end = following.start - datetime.timedelta(days=1)
        if start <= public_end or ChairTerm.objects.filter(start__lte=end, end__gte=start).exists():
            break
        index = next(i for i, a in enumerate(order) if a.pk == following.agency_id)
        agency = next(
            (
                candidate
                for step in range(1, len(order) + 1)
                if rotation.is_member_throughout(
                    candidate := order[(index - step) % len(order)], start, end
                )
            ),
            None,
        )
        if agency is None:
            break
        following = services.chair_term_create(
            agency=agency,
            start=start,
            end=end,
            note=INVENTED_NOTE,
            actor=actor,
            reason="Invented for the demo",
        )
        created += 1
    return created


def _meetings(actor, today) -> int:
    created = 0
    pattern = services.YearPattern()
    for year in range(history_start(today).year, today.year + 2):
        planned = services.meeting_plan_preview(year=year, pattern=pattern)
        if all(p.existing and all(w.existing for w in p.working) for p in planned):
            continue  # the year is planned: a second run records nothing
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
        + _invented_terms(actor, today)
        + _meetings(actor, today)
        + _delegations(actor)
    )
