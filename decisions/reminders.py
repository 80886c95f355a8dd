"""The silence procedure's reminder, declared for the one sweep (``core.reminders``).

Its deadline is less than 24 hours away: to the focal points of member
agencies that have not responded (any response counts, a comment too), once
per deadline (an extension makes a new occasion), in the recipient's
daytime: the 24 hours always hold one. The sweep reads only the procedures
running now, not the history.
"""

import datetime

from core.reminders import Occasion, Reminder, Sweep, by_time_zone, reminders
from decisions.enums import ProcedureState
from decisions.models import Response, SilenceProcedure
from members.selectors import reminder_audience

REMINDER_HOURS = 24


def _silence_reminder(sweep: Sweep):
    people = reminder_audience(sweep)
    if not people:
        return
    running = list(
        SilenceProcedure.objects.filter(
            state=ProcedureState.CIRCULATED,
            deadline__gt=sweep.now,
            deadline__lte=sweep.now + datetime.timedelta(hours=REMINDER_HOURS),
        )
    )
    answered = set(
        Response.objects.filter(procedure__in=running).values_list("procedure_id", "agency_id")
    )
    for procedure in running:
        responded = {agency for pk, agency in answered if pk == procedure.pk}
        yield Occasion(
            key=f"silence:{procedure.pk}:reminder:{procedure.deadline.isoformat()}",
            recipients=people.member_focal_points(except_agencies=responded),
            about=procedure,
            context={"procedure": procedure},
        )


# No anchor: the query's 24-hour window is when it is due.
SILENCE_REMINDER = Reminder(
    name="silence_reminder",
    kind="silence_reminder",
    template="decisions/email/reminder",
    occasions=_silence_reminder,
    order=40,
    shared_by=by_time_zone,
)


def register() -> None:
    reminders.register(SILENCE_REMINDER)
