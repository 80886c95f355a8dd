"""What the OParl API serves: only the public record, each list in a stable order.

Published agenda versions and published minutes editions are the group's
public record; drafts, proposals, comments and people's contact details never
leave through the API. A meeting is served once it has a published agenda
(an unpublished meeting is an internal plan).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, DateTimeField, Exists, Max, OuterRef, Prefetch, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest

from agenda.models import AgendaVersion
from core.models import AuditEntry
from meetings.models import ChairTerm, Meeting
from members.enums import Role
from members.models import Agency, Membership, Organization, Person
from minutes.models import Edition


def last_change(model):
    """When the audit log last saw a change to each row (None if never)."""
    return Subquery(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        .order_by("-at")
        .values("at")[:1],
        output_field=DateTimeField(),
    )


def public_meetings():
    """Meetings with a published agenda, with their versions and editions in two prefetches."""
    published = AgendaVersion.objects.filter(agenda__meeting=OuterRef("pk"))
    return (
        Meeting.objects.filter(Exists(published))
        .select_related("agenda", "minutes")
        .annotate(
            audit_at=last_change(Meeting),
            agenda_at=Max("agenda__versions__published_at"),
            minutes_at=Max("minutes__editions__published_at"),
        )
        .annotate(
            modified=Greatest(
                "created_at",
                Coalesce("audit_at", "created_at"),
                Coalesce("agenda_at", "created_at"),
                Coalesce("minutes_at", "created_at"),
            )
        )
        .prefetch_related(
            Prefetch(
                "agenda__versions",
                queryset=AgendaVersion.objects.order_by("number"),
                to_attr="published_versions",
            ),
            Prefetch(
                "minutes__editions",
                queryset=Edition.objects.order_by("number"),
                to_attr="published_editions",
            ),
        )
        .order_by("pk")
    )


def public_agencies():
    return (
        Agency.objects.annotate(audit_at=last_change(Agency))
        .annotate(modified=Greatest("created_at", Coalesce("audit_at", "created_at")))
        .prefetch_related("memberships")
        .order_by("pk")
    )


def public_organizations():
    return (
        Organization.objects.annotate(audit_at=last_change(Organization))
        .annotate(modified=Greatest("created_at", Coalesce("audit_at", "created_at")))
        .order_by("pk")
    )


def public_memberships():
    return (
        Membership.objects.select_related("agency")
        .annotate(modified=Greatest("created_at", "agency__created_at"))
        .order_by("pk")
    )


def public_people():
    """Only when the group publishes its people (a setting, off by default)."""
    if not settings.GMG_OPARL_PEOPLE:
        return Person.objects.none().annotate(modified=Max("date_joined"))
    return (
        Person.objects.filter(is_active=True, role__in=Role.member_roles(), agency__isnull=False)
        .select_related("agency")
        .annotate(audit_at=last_change(Person))
        .annotate(modified=Greatest("date_joined", Coalesce("audit_at", "date_joined")))
        .order_by("pk")
    )


def chair_terms():
    return ChairTerm.objects.select_related("agency").order_by("start", "pk")


def public_versions():
    return AgendaVersion.objects.select_related("agenda__meeting").order_by("pk")


def public_editions():
    """Every edition is a publication: the first one, then each corrigendum."""
    return Edition.objects.select_related("minutes__meeting").order_by("pk")
