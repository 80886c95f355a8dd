"""Telling the members about a procedure: circulation, extension, withdrawal, outcome.

The service names the occasion inside its transaction; once it commits, the
worker writes one notice per person in batches (``procedure_fan_out``), each
keyed ``silence:<procedure>:<occasion>:to:<person>`` so that a retried task,
a second sweep or a second worker never tells anyone twice.
"""

from django.db import transaction

from core.clock import group_today
from decisions.enums import ProcedureState, ResponseKind
from decisions.models import DeadlineExtension, SilenceProcedure
from members.enums import Role
from members.models import Agency, Person
from notices.services import notice_queue

BATCH = 200
CIRCULATED_KIND = "silence_circulated"


def circulation_recipients():
    """Every active focal point and principal of the current members."""
    return Person.objects.filter(
        role__in=Role.member_roles(),
        is_active=True,
        agency__in=Agency.objects.members_on(group_today()),
    ).order_by("pk")


def told_of_circulation(procedure: SilenceProcedure):
    """Everyone who got the circulation: later news of the procedure goes to the same people."""
    return (
        Person.objects.filter(notices__kind=CIRCULATED_KIND, notices__object_id=str(procedure.pk))
        .order_by("pk")
        .distinct()
    )


def _what(procedure: SilenceProcedure, occasion: str) -> tuple[str, str, dict, object]:
    """(kind, template, context, recipients) of an occasion."""
    context = {"procedure": procedure}
    if occasion == "circulated":
        return CIRCULATED_KIND, "decisions/email/circulated", context, circulation_recipients()
    recipients = told_of_circulation(procedure)
    if occasion.startswith("extended:"):
        number = int(occasion.split(":", 1)[1])
        context["extension"] = DeadlineExtension.objects.filter(procedure=procedure).order_by(
            "at", "pk"
        )[number - 1]
        return "silence_extended", "decisions/email/extended", context, recipients
    if occasion == "withdrawn":
        return "silence_withdrawn", "decisions/email/withdrawn", context, recipients
    # The outcome, with the decision (adopted) or the standing objections (broken).
    context["decision"] = getattr(procedure, "decision", None)
    context["objections"] = [
        {"agency": r.agency.acronym, "name": r.agency.name, "text": r.text}
        for r in procedure.responses.filter(
            kind=ResponseKind.OBJECTION, withdrawn_at__isnull=True
        ).select_related("agency")
    ]
    kind = "silence_adopted" if procedure.state == ProcedureState.ADOPTED else "silence_broken"
    return kind, f"decisions/email/{kind.removeprefix('silence_')}", context, recipients


def procedure_fan_out(*, procedure_id: int, occasion: str) -> int:
    """Write the notices of one occasion, ``BATCH`` people per transaction; returns how many
    were new. Safe to run twice: the outbox keys make the second run write nothing."""
    procedure = (
        SilenceProcedure.objects.select_related("chair", "decision").filter(pk=procedure_id).first()
    )
    if procedure is None:
        return 0
    kind, template, context, recipients = _what(procedure, occasion)
    created, last = 0, 0
    while True:
        batch = list(recipients.filter(pk__gt=last)[:BATCH])
        if not batch:
            return created
        with transaction.atomic():
            for person in batch:
                _, new = notice_queue(
                    to=person,
                    kind=kind,
                    key=f"silence:{procedure.pk}:{occasion}:to:{person.pk}",
                    template=template,
                    context=context,
                    about=procedure,
                )
                created += new
        last = batch[-1].pk
