"""Demo data for this floor (idempotent): three silence procedures of today's chair.

One adopted (a comment, and an objection withdrawn before the deadline),
one where silence was broken (an objection stood), one running now (a
comment in). The two that ended did so in the past: they are drafted with
their dates set back, their past responses written as rows, and then
circulated and closed by the services, with the dates given to them.
Decisions from published minutes come from the minutes' own demo (its topic
sections are marked as decisions).
"""

import datetime

from django.dispatch import receiver
from django.utils import timezone

from agenda.models import PurposeTag
from core.clock import group_today
from decisions import services
from decisions.enums import ResponseKind
from decisions.models import Response, SilenceProcedure
from meetings.selectors import chair_on
from members.enums import Role
from members.models import Agency, Person
from members.signals import seed_demo

PROCEDURES = [
    {
        "title": "Joint statement on the rights of migrant workers",
        "text": (
            "The Global Migration Group **adopts** the joint statement on the rights of "
            "migrant workers annexed to this decision, and asks the secretariat to publish it."
        ),
        "purposes": ["rights", "common-positions"],
        "days_ago": 20,
        "objection": "withdrawn",
    },
    {
        "title": "Terms of reference of a working group on migration data",
        "text": (
            "The group establishes a working group on migration data, chaired by the "
            "chair's office, to report to the next principals' meeting."
        ),
        "purposes": ["research-data"],
        "days_ago": 8,
        "objection": "stands",
    },
    {
        "title": "Calendar of principals' meetings for next year",
        "text": "The group agrees the calendar of principals' meetings annexed to this decision.",
        "purposes": ["leadership"],
        "days_ago": None,
        "objection": None,
    },
]


def _people(agencies):
    return [
        Person.objects.filter(agency=a, role=Role.FOCAL_POINT, is_active=True)
        .order_by("email")
        .first()
        for a in agencies
    ]


@receiver(seed_demo)
def seed_decisions(sender, **kwargs) -> int:
    if SilenceProcedure.objects.filter(title__in=[p["title"] for p in PROCEDURES]).exists():
        return 0
    term = chair_on(group_today())
    if term is None:
        return 0
    chair = _people([term.agency])[0]
    others = [
        p
        for p in _people(
            Agency.objects.members_on().exclude(pk=term.agency_id).order_by("acronym")[:3]
        )
        if p is not None
    ]
    if chair is None or len(others) < 2:
        return 0
    now = timezone.now().replace(second=0, microsecond=0)
    created = 0
    for plan in PROCEDURES:
        purposes = list(PurposeTag.objects.filter(code__in=plan["purposes"]))
        procedure = services.procedure_create(
            actor=chair,
            purposes=purposes,
            title=plan["title"],
            text=plan["text"],
            explanation="Discussed at the last working-level meeting; no change of substance.",
            level="principals",
            deadline=now + datetime.timedelta(days=3),
            time_zone="Europe/Zurich",
        )
        created += 1
        if plan["days_ago"] is None:
            services.procedure_transition(procedure=procedure, to="circulated", actor=chair)
            services.response_add(
                procedure=procedure,
                actor=others[0],
                kind=ResponseKind.COMMENT,
                text="We support the calendar; could the June date avoid the Council session?",
            )
            continue
        circulated_at = now - datetime.timedelta(days=plan["days_ago"])
        deadline = circulated_at + datetime.timedelta(days=3)
        SilenceProcedure.objects.filter(pk=procedure.pk).update(
            deadline=deadline, created_at=circulated_at - datetime.timedelta(hours=2)
        )
        procedure.refresh_from_db()
        services.procedure_transition(
            procedure=procedure, to="circulated", actor=chair, now=circulated_at
        )
        # Responses of the past, written as they were then (the service reads today's clock).
        first = circulated_at + datetime.timedelta(days=1)
        Response.objects.create(
            procedure=procedure,
            agency_id=others[1].agency_id,
            author=others[1],
            kind=ResponseKind.COMMENT,
            text="A useful step; please circulate the annex in French too.",
            at=first,
        )
        objection = Response.objects.create(
            procedure=procedure,
            agency_id=others[0].agency_id,
            author=others[0],
            kind=ResponseKind.OBJECTION,
            text="Paragraph 3 commits our agency beyond its mandate.",
            at=first + datetime.timedelta(hours=3),
        )
        if plan["objection"] == "withdrawn":
            Response.objects.filter(pk=objection.pk).update(
                withdrawn_at=first + datetime.timedelta(days=1), withdrawn_by=others[0]
            )
        services.procedure_close(
            procedure_id=procedure.pk, now=deadline + datetime.timedelta(minutes=1)
        )
    return created
