"""The agency page's participation panel: meetings attended, topics proposed, action points
owned by state. Counts from three floors, so the top floor adds it."""

from django.db.models import Count, Q

from agenda.enums import ProposalState
from agenda.models import Proposal
from core.clock import group_today
from core.registry import Panel
from meetings.models import Delegate
from members.panels import agency_panels
from minutes.enums import ActionStatus
from minutes.models import ActionPoint


def _participation(request, agency):
    today = group_today()
    points = ActionPoint.objects.filter(agencies=agency).aggregate(
        open=Count("pk", filter=Q(status=ActionStatus.OPEN), distinct=True),
        overdue=Count("pk", filter=Q(status=ActionStatus.OPEN, due__lt=today), distinct=True),
        done=Count("pk", filter=Q(status=ActionStatus.DONE), distinct=True),
        dropped=Count("pk", filter=Q(status=ActionStatus.DROPPED), distinct=True),
    )
    topics = (
        Proposal.objects.filter(agency=agency)
        .exclude(state=ProposalState.DRAFT)
        .aggregate(
            proposed=Count("pk"),
            accepted=Count("pk", filter=Q(state=ProposalState.ACCEPTED)),
        )
    )
    attended = (
        Delegate.objects.filter(agency=agency, attended=True).values("meeting").distinct().count()
    )
    return {"attended": attended, "topics": topics, "points": points}


def register():
    agency_panels.register(
        Panel(
            template="reports/panels/participation.html",
            permission="members.view_agency",
            order=10,
            context=_participation,
        )
    )
