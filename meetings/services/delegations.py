"""Delegations: who comes for each member agency, and who attended."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.permissions import person_of, require
from meetings.enums import STATUS_TRANSITIONS, MeetingStatus, Rsvp
from meetings.models import Delegate, Meeting
from members.enums import Role
from members.models import Agency, Person
from members.services import person_add_to_agency


@dataclass(frozen=True)
class Entry:
    person: object
    rsvp: str
    is_head: bool = False


def _check_registration(*, meeting: Meeting, agency: Agency, actor) -> None:
    """Its focal points until the registration deadline; the secretariat at any time."""
    require(actor, "meetings.register_for_agency", agency)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    if not actor.has_perm("meetings.register_after_deadline") and not meeting.registration_open:
        raise ValidationError(
            _("Registration closed on %(date)s: ask the secretariat to add you.")
            % {"date": meeting.registration_deadline}
        )
    # The reasons above say why; the rule (which the page asks too) decides.
    require(actor, "meetings.register_delegation", meeting)


@transaction.atomic
def delegation_save(*, meeting: Meeting, agency: Agency, actor, entries: Iterable[Entry]) -> list:
    """Replace an agency's delegation to a meeting.

    Its focal points may until the registration deadline; the secretariat
    may at any time. People must belong to the agency; one head at most.
    """
    _check_registration(meeting=meeting, agency=agency, actor=actor)
    entries = list(entries)
    if any(e.person.agency_id != agency.pk for e in entries):
        raise ValidationError(
            _("Only people of %(agency)s can be in its delegation.") % {"agency": agency}
        )
    heads = [e for e in entries if e.is_head]
    if len(heads) > 1:
        raise ValidationError(_("A delegation has one head at most."))
    if heads and heads[0].rsvp == Rsvp.NOT_ATTENDING:
        raise ValidationError(_("The head of delegation must attend."))
    # Rows are kept, changed or removed one by one: an unchanged save changes nothing,
    # and attendance already recorded by the chair's office survives a later change.
    existing = {
        d.person_id: d
        for d in Delegate.objects.select_for_update().filter(meeting=meeting, agency=agency)
    }
    # People the form cannot show (deactivated, moved) stay registered.
    shown = set(delegation_candidates(agency=agency).values_list("pk", flat=True))
    wanted = {e.person.pk: e for e in entries}
    Delegate.objects.filter(
        pk__in=[d.pk for pid, d in existing.items() if pid in shown and pid not in wanted]
    ).delete()
    now = timezone.now()
    changed = [
        d
        for pid, d in existing.items()
        if pid in wanted and (d.rsvp, d.is_head) != (wanted[pid].rsvp, wanted[pid].is_head)
    ]
    # The head loses the mark before another takes it (one head per delegation).
    Delegate.objects.filter(pk__in=[d.pk for d in changed if d.is_head]).update(is_head=False)
    for delegate in changed:
        entry = wanted[delegate.person_id]
        delegate.rsvp, delegate.is_head = entry.rsvp, entry.is_head
        delegate.registered_by, delegate.updated_at = person_of(actor), now
        delegate.save(update_fields=["rsvp", "is_head", "registered_by", "updated_at"])
    delegates = Delegate.objects.bulk_create(
        Delegate(
            meeting=meeting,
            agency=agency,
            person=e.person,
            rsvp=e.rsvp,
            is_head=e.is_head,
            registered_by=person_of(actor),
            updated_at=now,
        )
        for e in entries
        if e.person.pk not in existing
    )
    audit_record(
        actor=actor,
        action="meeting.delegation",
        target=meeting,
        agency=agency.acronym,
        people=len(entries),
    )
    return delegates


def delegation_candidates(*, agency: Agency):
    return agency.people.filter(is_active=True, role__in=Role.delegation_roles()).order_by(
        "full_name"
    )


@transaction.atomic
def attendance_record(*, meeting: Meeting, actor, attended_ids: Iterable[int]) -> int:
    """Record who attended (after the meeting); the meeting is then held."""
    if meeting.status != MeetingStatus.HELD and (
        MeetingStatus.HELD not in STATUS_TRANSITIONS[meeting.status]
    ):
        raise ValidationError(_("The meeting is cancelled."))
    if meeting.start > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has begun."))
    require(actor, "meetings.record_attendance", meeting)
    attended_ids = set(attended_ids)
    delegates = list(Delegate.objects.select_for_update().filter(meeting=meeting))
    for delegate in delegates:
        delegate.attended = delegate.pk in attended_ids
    Delegate.objects.bulk_update(delegates, ["attended"])
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
        meeting.version += 1
        meeting.save(update_fields=["status", "version"])
    audit_record(
        actor=actor, action="meeting.attendance", target=meeting, attended=len(attended_ids)
    )
    return len(attended_ids)


@transaction.atomic
def attendance_add(*, meeting: Meeting, actor, person, rsvp: str = Rsvp.IN_PERSON) -> Delegate:
    """Record someone who attended without being registered; the meeting is then held."""
    require(actor, "meetings.record_attendance", meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    if rsvp not in Rsvp.attending():
        raise ValidationError({"rsvp": _("Say whether they attended in person or online.")})
    member = Agency.objects.members_on(meeting.local_date).filter(pk=person.agency_id).exists()
    if not member or person.role not in Role.delegation_roles():
        raise ValidationError(
            {"person": _("Only people of a member agency are part of a delegation.")}
        )
    delegate, created = Delegate.objects.get_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "agency_id": person.agency_id,
            "rsvp": rsvp,
            "attended": True,
            "registered_by": actor,
        },
    )
    if not created and not delegate.attended:
        delegate.attended = True
        delegate.save(update_fields=["attended"])
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
        meeting.version += 1
        meeting.save(update_fields=["status", "version"])
    audit_record(
        actor=actor, action="meeting.attendee_add", target=meeting, person=person.full_name
    )
    return delegate


@transaction.atomic
def delegation_add_person(
    *,
    meeting: Meeting,
    agency: Agency,
    actor,
    full_name: str,
    email: str,
    title: str = "",
    rsvp: str = Rsvp.IN_PERSON,
    invite: bool = False,
) -> Delegate:
    """Name someone not in the directory yet in the agency's delegation.

    The person is created without an account (and told nothing) unless
    ``invite`` asks for an invitation; someone of the agency already in the
    directory under that e-mail is simply added.
    """
    _check_registration(meeting=meeting, agency=agency, actor=actor)
    if rsvp not in Rsvp.attending():
        raise ValidationError({"rsvp": _("Say whether they come in person or online.")})
    person = Person.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        person = person_add_to_agency(
            actor=actor, agency=agency, email=email, full_name=full_name, title=title, invite=invite
        )
    elif person.agency_id != agency.pk or person.role not in Role.delegation_roles():
        raise ValidationError(
            {
                "email": _("%(email)s is someone of another agency or organization.")
                % {"email": email}
            }
        )
    delegate, _created = Delegate.objects.get_or_create(
        meeting=meeting,
        person=person,
        defaults={"agency": agency, "rsvp": rsvp, "registered_by": actor},
    )
    audit_record(
        actor=actor, action="meeting.delegation", target=meeting, agency=agency.acronym, people=1
    )
    return delegate
