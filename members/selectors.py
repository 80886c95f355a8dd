"""Reads that span relations, with what the pages need already joined."""

from django.db.models import Count, Prefetch, Q

from members.enums import Role
from members.models import Agency, Membership, Person


def agency_directory(*, q: str = "", kind: str = "", status: str = "current"):
    agencies = Agency.objects.with_current_membership().annotate(
        focal_point_count=Count(
            "people", filter=Q(people__role=Role.FOCAL_POINT, people__is_active=True)
        )
    )
    if q:
        agencies = agencies.filter(Q(name__icontains=q) | Q(acronym__icontains=q))
    if kind:
        agencies = agencies.filter(kind=kind)
    if status == "current":
        agencies = agencies.filter(is_member=True)
    elif status == "former":
        agencies = agencies.filter(is_member=False)
    return agencies.order_by("acronym")


def agency_page(*, pk: int, include_inactive: bool):
    people = Person.objects.order_by("role", "full_name")
    if not include_inactive:
        people = people.filter(is_active=True)
    return Agency.objects.with_current_membership().prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.order_by("start")),
        Prefetch("people", queryset=people),
    )


def people_list(*, q: str = "", role: str = "", agency=None, active: str = ""):
    people = Person.objects.select_related("agency", "organization")
    if q:
        people = people.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    if role:
        people = people.filter(role=role)
    if agency:
        people = people.filter(agency=agency)
    if active == "inactive":
        people = people.filter(is_active=False)
    elif active != "all":
        people = people.filter(is_active=True)
    return people.order_by("full_name")


def secretariat_contacts():
    """Whom a refused person can ask: the active secretariat, by name and e-mail."""
    return Person.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("full_name")
