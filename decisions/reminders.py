"""The silence procedure's reminder, declared for the one sweep (``core.reminders``).

Its deadline is less than 24 hours away: to the focal points of member
agencies that have not responded (any response counts, a comment too), in
the recipient's daytime (the 24 hours always hold some). The key names the
deadline, so an extension makes a new occasion; a second sweep, a second
beat or a restart sends nothing twice. The window is read in one query for
the procedures running now and one for their responses, whatever the history.
"""

import datetime

from core.reminders import Occasion, Reminder, Sweep, reminders
from decisions.enums import ProcedureState
from decisions.models import Response, SilenceProcedure
from members.selectors import reminder_audience

REMINDER_HOURS = 24


def _occasions(sweep: Sweep):
    running = list(
        SilenceProcedure.objects.filter(
            state=ProcedureState.CIRCULATED,
            deadline__gt=sweep.now,
            deadline__lte=sweep.now + datetime.timedelta(hours=REMINDER_HOURS),
        )
    )
    if not running:
        return
    people = reminder_audience(sweep)
    if not people:
        return
    answered: dict[int, set[int]] = {}
    for procedure_id, agency_id in Response.objects.filter(procedure__in=running).values_list(
        "procedure_id", "agency_id"
    ):
        answered.setdefault(procedure_id, set()).add(agency_id)
    for procedure in running:
        yield Occasion(
            # Due as soon as it is found in the window (no day arithmetic): the window is the rule.
            key=f"silence:{procedure.pk}:reminder:{procedure.deadline.isoformat()}",
            recipients=people.member_focal_points(except_agencies=answered.get(procedure.pk, ())),
            about=procedure,
            context={"procedure": procedure},
        )


SILENCE_CLOSING = Reminder(
    name="silence_closing",
    kind="silence_reminder",
    template="decisions/email/reminder",
    occasions=_occasions,
    order=40,
)


def register() -> None:
    reminders.register(SILENCE_CLOSING)
