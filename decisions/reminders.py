"""The silence procedure's reminder: its deadline is less than 24 hours away.

To the focal points of member agencies that have not responded (any
response counts, a comment too), once per deadline (an extension makes a new
occasion), in the recipient's daytime: the 24 hours always hold one.
The cost of a sweep follows the procedures running now, not the history.
"""

import datetime

from django.utils import timezone

from core.clock import local_day_if_daytime
from decisions.enums import ProcedureState
from decisions.models import Response, SilenceProcedure
from decisions.services.announce import circulation_recipients
from members.enums import Role
from notices.services import notice_queue

REMINDER_HOURS = 24


def decisions_reminders_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue every reminder due now; returns how many new notices."""
    now = now or timezone.now()
    counts = {"silence_reminder": 0}
    running = list(
        SilenceProcedure.objects.filter(
            state=ProcedureState.CIRCULATED,
            deadline__gt=now,
            deadline__lte=now + datetime.timedelta(hours=REMINDER_HOURS),
        )
    )
    if not running:
        return counts
    people = [
        p
        for p in circulation_recipients().filter(role=Role.FOCAL_POINT)
        if local_day_if_daytime(p, now) is not None
    ]
    answered = set(
        Response.objects.filter(procedure__in=running).values_list("procedure_id", "agency_id")
    )
    for procedure in running:
        for person in people:
            if (procedure.pk, person.agency_id) in answered:
                continue
            _, new = notice_queue(
                to=person,
                kind="silence_reminder",
                key=(
                    f"silence:{procedure.pk}:reminder:{procedure.deadline.isoformat()}"
                    f":to:{person.pk}"
                ),
                template="decisions/email/reminder",
                context={"procedure": procedure},
                about=procedure,
            )
            counts["silence_reminder"] += int(new)
    return counts
