"""This floor's dashboard panels."""

from django.db.models import Count

from core.registry import Panel, Registry, dashboard_panels
from members.enums import Role
from members.models import Agency, Person
from notices.enums import NoticeState
from notices.models import Notice

# Sections of an agency's page that higher floors add (``context(request, agency)``).
agency_panels = Registry("agency page")
# Sections of a person's page (the secretariat's edit page) that higher floors add
# (``context(request, person)``).
person_panels = Registry("person page")


def _secretariat_context(request):
    # A grouped count on the indexed state column, only for the states shown:
    # an index scan, where COUNT ... FILTER read every notice ever sent.
    shown = (NoticeState.FAILED, NoticeState.UNCERTAIN, NoticeState.QUEUED)
    by_state = dict(
        Notice.objects.filter(state__in=shown)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    counts = {str(state): by_state.get(state, 0) for state in shown}
    return {
        "member_count": Agency.objects.members_on().count(),
        "people_count": Person.objects.filter(is_active=True).count(),
        "pending_invitations": Person.objects.filter(
            is_active=True, password__startswith="!"
        ).count(),
        "outbox": counts,
    }


def _agency_context(request):
    user = request.user
    # The agency comes with its people (the signed-in person is one of them): no query of its own.
    people = Person.objects.filter(
        agency_id=user.agency_id, is_active=True, role__in=Role.member_roles()
    )
    colleagues = list(people.select_related("agency").order_by("role", "full_name"))
    if colleagues:
        # The same row the page's header names (``user.affiliation``): read once.
        user.agency = colleagues[0].agency
    agency = user.agency
    return {"agency": agency, "colleagues": colleagues}


def register():
    dashboard_panels.register(
        Panel(
            template="members/panels/secretariat.html",
            permission="members.view_person",
            order=10,
            context=_secretariat_context,
        )
    )
    dashboard_panels.register(
        Panel(
            template="members/panels/agency.html",
            permission="members.view_own_agency_panel",
            order=20,
            context=_agency_context,
        )
    )
    dashboard_panels.register(
        Panel(
            template="members/panels/profile.html", permission="members.edit_own_profile", order=900
        )
    )
