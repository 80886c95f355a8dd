"""Delegations: who comes for each member agency, and who attended."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from meetings.enums import STATUS_TRANSITIONS, MeetingStatus, Rsvp
from meetings.models import Delegate, Meeting
from members.enums import Role
from members.models import Agency
from members.rules import is_focal_point_of, is_secretariat


@dataclass(frozen=True)
class Entry:
    person: object
    rsvp: str
    is_head: bool = False


@transaction.atomic
def delegation_save(*, meeting: Meeting, agency: Agency, actor, entries: Iterable[Entry]) -> list:
    """Replace an agency's delegation to a meeting.

    Its focal points may until the registration deadline; the secretariat
    may at any time. People must belong to the agency; one head at most.
    """
    if not (is_secretariat(actor) or is_focal_point_of(actor, agency)):
        raise PermissionDenied
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    if not is_secretariat(actor) and not meeting.registration_open:
        raise ValidationError(
            _("Registration closed on %(date)s: ask the secretariat to add you.")
            % {"date": meeting.registration_deadline}
        )
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
    existing = Delegate.objects.select_for_update().filter(meeting=meeting, agency=agency)
    # Attendance already recorded by the chair's office survives a later change.
    attended = dict(existing.values_list("person_id", "attended"))
    # People the form cannot show (deactivated, moved) stay registered.
    shown = set(delegation_candidates(agency=agency).values_list("pk", flat=True))
    existing.filter(person_id__in=shown).delete()
    kept = set(existing.values_list("person_id", flat=True))
    now = timezone.now()
    delegates = Delegate.objects.bulk_create(
        Delegate(
            meeting=meeting,
            agency=agency,
            person=e.person,
            rsvp=e.rsvp,
            is_head=e.is_head,
            attended=attended.get(e.person.pk),
            registered_by=actor,
            updated_at=now,
        )
        for e in entries
        if e.person.pk not in kept
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
    return agency.people.filter(is_active=True, role__in=Role.member_roles()).order_by("full_name")


@transaction.atomic
def attendance_record(*, meeting: Meeting, actor, attended_ids: Iterable[int]) -> int:
    """Record who attended (after the meeting); the meeting is then held."""
    if meeting.status != MeetingStatus.HELD and (
        MeetingStatus.HELD not in STATUS_TRANSITIONS[meeting.status]
    ):
        raise ValidationError(_("The meeting is cancelled."))
    if meeting.start > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has begun."))
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
