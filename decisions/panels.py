"""This floor's panels: the meeting page's follow-up (decisions by silence procedure since
the previous meeting of its level) and the dashboard (procedures running now)."""

from django.db.models import BooleanField, Exists, OuterRef, Value

from core.registry import Panel, dashboard_panels
from decisions.enums import ProcedureState
from decisions.models import Response
from decisions.selectors import procedures_visible_to, silence_decisions_since_previous
from meetings.panels import meeting_panels


def _meeting_context(request, meeting):
    return {"meeting": meeting, "decisions": list(silence_decisions_since_previous(meeting))}


def _dashboard_context(request):
    user = request.user
    running = procedures_visible_to(user).filter(state=ProcedureState.CIRCULATED)
    # Whether the person's agency has answered, in the same query.
    answered = (
        Exists(Response.objects.filter(procedure=OuterRef("pk"), agency_id=user.agency_id))
        if user.agency_id
        else Value(False, output_field=BooleanField())
    )
    return {"procedures": list(running.annotate(answered=answered).order_by("deadline"))}


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
