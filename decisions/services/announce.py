"""Telling the members about a procedure: circulation, extension, withdrawal, outcome.

The service names the occasion inside its transaction and hands it to the
outbox's one fan-out (``notices.services.notice_fanout``): the worker writes
one notice per person in batches once the transaction commits, keyed
``silence:<procedure>:<occasion>:to:<person>``, so that a retried task, a
second sweep or a second worker never tells anyone twice.
"""

from core.clock import group_today
from decisions.enums import ProcedureState, ResponseKind
from decisions.models import DeadlineExtension, SilenceProcedure
from members.enums import Role
from members.models import Agency, Person
from notices.models import NoticeBatch
from notices.services import notice_fanout

CIRCULATED_KIND = "silence_circulated"


def circulation_recipients():
    """Every active focal point and principal of the current members."""
    return Person.objects.filter(
        role__in=Role.member_roles(),
        is_active=True,
        agency__in=Agency.objects.members_on(group_today()),
    ).order_by("pk")


def _key(procedure: SilenceProcedure, occasion: str) -> str:
    return f"silence:{procedure.pk}:{occasion}"


def told_of_circulation(procedure: SilenceProcedure) -> list[int]:
    """Everyone the circulation went to: later news of the procedure goes to the same people."""
    batch = NoticeBatch.objects.filter(key=_key(procedure, "circulated")).first()
    return list(batch.recipient_ids) if batch else []


def procedure_announce(*, procedure: SilenceProcedure, occasion: str) -> int:
    """Queue the notices of one occasion (in the caller's transaction); how many people."""
    context = {"procedure": procedure}
    if occasion == "circulated":
        kind, template, recipients = CIRCULATED_KIND, "circulated", circulation_recipients()
    else:
        recipients = told_of_circulation(procedure)
        if occasion.startswith("extended:"):
            number = int(occasion.split(":", 1)[1])
            context["extension"] = DeadlineExtension.objects.filter(procedure=procedure).order_by(
                "at", "pk"
            )[number - 1]
            kind, template = "silence_extended", "extended"
        elif occasion == "withdrawn":
            kind, template = "silence_withdrawn", "withdrawn"
        else:
            # The outcome, with the decision (adopted) or the standing objections (broken).
            adopted = procedure.state == ProcedureState.ADOPTED
            context["decision"] = procedure.decision if adopted else None
            context["objections"] = [
                {"agency": r.agency.acronym, "name": r.agency.name, "text": r.text}
                for r in procedure.responses.filter(
                    kind=ResponseKind.OBJECTION, withdrawn_at__isnull=True
                ).select_related("agency")
            ]
            kind = "silence_adopted" if adopted else "silence_broken"
            template = kind.removeprefix("silence_")
    return notice_fanout(
        recipients=recipients,
        kind=kind,
        key=_key(procedure, occasion),
        template=f"decisions/email/{template}",
        context=context,
        about=procedure,
    )
