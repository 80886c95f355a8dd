"""This floor's panels: the meeting page's follow-up (decisions by silence procedure since
the previous meeting of its level) and the dashboard (procedures running now)."""

from core.registry import Panel, dashboard_panels
from decisions.enums import ProcedureState
from decisions.models import Response
from decisions.selectors import procedures_visible_to, silence_decisions_since_previous
from meetings.panels import meeting_panels


def _meeting_context(request, meeting):
    return {"meeting": meeting, "decisions": list(silence_decisions_since_previous(meeting))}


def _dashboard_context(request):
    user = request.user
    running = list(
        procedures_visible_to(user).filter(state=ProcedureState.CIRCULATED).order_by("deadline")
    )
    answered = set()
    if running and user.agency_id:
        answered = set(
            Response.objects.filter(procedure__in=running, agency_id=user.agency_id).values_list(
                "procedure_id", flat=True
            )
        )
    for procedure in running:
        procedure.answered = procedure.pk in answered
    return {"procedures": running}


def register():
    meeting_panels.register(
        Panel(
            template="decisions/panels/follow_up.html",
            permission="decisions.view_decision",
            order=35,
            context=_meeting_context,
        )
    )
    dashboard_panels.register(
        Panel(
            template="decisions/panels/running.html",
            permission="decisions.view_procedure_list",
            order=30,
            context=_dashboard_context,
        )
    )
