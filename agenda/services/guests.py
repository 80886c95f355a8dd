"""Guest organizations invited to a meeting for some of its items, and their people."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agenda.models import GuestInvitation
from core.audit import audit_record
from core.permissions import require
from meetings.models import Meeting
from members.enums import Role
from members.models import Person
from members.services import person_invite


@transaction.atomic
def guest_invitation_save(*, meeting: Meeting, actor, organization, items) -> GuestInvitation:
    """Invite an organization to a meeting for some of its items (or add items to it)."""
    require(actor, "agenda.change_agenda", meeting)
    items = list(items)
    if any(item.agenda.meeting_id != meeting.pk for item in items):
        raise ValidationError({"items": _("Choose items of this meeting's agenda.")})
    invitation, _created = GuestInvitation.objects.get_or_create(
        meeting=meeting, organization=organization
    )
    invitation.items.add(*items)
    audit_record(
        actor=actor, action="agenda.guest_invite", target=meeting, organization=str(organization)
    )
    return invitation


@transaction.atomic
def guest_person_invite(
    *, invitation: GuestInvitation, actor, email: str, full_name: str
) -> Person:
    """Name a guest person on an invitation; someone new gets an invitation to set a password."""
    require(actor, "agenda.change_agenda", invitation.meeting)
    person = Person.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        person = person_invite(
            actor=actor,
            email=email,
            full_name=full_name,
            role=Role.GUEST,
            organization=invitation.organization,
        )
    elif person.organization_id != invitation.organization_id:
        raise ValidationError(
            {"email": _("%(email)s belongs to another organization or agency.") % {"email": email}}
        )
    invitation.people.add(person)
    audit_record(actor=actor, action="agenda.guest_add", target=invitation.meeting, email=email)
    return person
