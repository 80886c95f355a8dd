"""Reads that span relations, with what the pages need already joined."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from core.clock import local_day_if_daytime
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


@dataclass
class Audience:
    """Who reminders may go to now: active people in their daytime, loaded once per sweep.

    Focal points count only while their agency is a member; the secretariat
    and principals are here for the reminders that name them (a principal
    registered as a delegate).
    """

    by_pk: dict[int, Person] = field(default_factory=dict)
    focal_points: dict[int, list[Person]] = field(default_factory=dict)
    secretariat: list[Person] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.by_pk)

    def focal_points_of(self, agency_id) -> list[Person]:
        return self.focal_points.get(agency_id, [])

    def member_focal_points(self, *, except_agencies=()) -> list[Person]:
        return [
            person
            for agency_id, people in self.focal_points.items()
            if agency_id not in except_agencies
            for person in people
        ]


def reminder_audience(sweep) -> Audience:
    """The people in their daytime during a reminder sweep (loaded once, shared by every floor)."""
    return sweep.memo("members.audience", lambda: _audience(now=sweep.now, on=sweep.today))


def _audience(*, now, on) -> Audience:
    member = Membership.objects.filter(agency=OuterRef("agency_id"), start__lte=on).filter(
        Q(end__isnull=True) | Q(end__gte=on)
    )
    people = (
        Person.objects.filter(is_active=True, role__in=[*Role.member_roles(), Role.SECRETARIAT])
        .select_related("agency")
        .annotate(agency_is_member=Exists(member))
    )
    audience = Audience()
    for person in people:
        if local_day_if_daytime(person, now) is None:
            continue
        audience.by_pk[person.pk] = person
        if person.role == Role.SECRETARIAT:
            audience.secretariat.append(person)
        elif person.role == Role.FOCAL_POINT and person.agency_is_member:
            audience.focal_points.setdefault(person.agency_id, []).append(person)
    return audience


def secretariat_contacts():
    """Whom a refused person can ask: the active secretariat, by name and e-mail."""
    return Person.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("full_name")
