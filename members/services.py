"""Every write about agencies, organizations and people."""

import copy
import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.permissions import require
from core.submissions import submission_claim, submission_done
from core.versioning import save_versioned
from members.enums import Audience, Role
from members.models import Agency, Announcement, Membership, Organization, Person
from notices.models import Notice
from notices.services import notice_fanout, notice_queue, register_secret_link

# --- Agencies ---------------------------------------------------------------


@transaction.atomic
def agency_create(*, actor, name, acronym, kind, website="", member_from) -> Agency:
    """Add a member agency, a member from ``member_from``, last in the rotation order."""
    require(actor, "members.add_agency")
    last = Agency.objects.aggregate(last=Max("rotation_position"))["last"] or 0
    agency = Agency.objects.create(
        name=name, acronym=acronym, kind=kind, website=website, rotation_position=last + 1
    )
    Membership.objects.create(agency=agency, start=member_from)
    audit_record(actor=actor, action="agency.create", target=agency, member_from=str(member_from))
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, actor, version: int, **fields) -> Agency:
    """Edit an agency's details; refused if someone else saved it meanwhile."""
    require(actor, "members.change_agency", agency)
    save_versioned(obj=agency, version=version, fields=fields)
    audit_record(actor=actor, action="agency.update", target=agency, fields=sorted(fields))
    return agency


@transaction.atomic
def agency_end_membership(*, agency: Agency, actor, end: datetime.date) -> Membership:
    """Close the agency's open membership period; its history stays."""
    require(actor, "members.change_membership", agency)
    membership = (
        Membership.objects.select_for_update().filter(agency=agency, end__isnull=True).first()
    )
    if membership is None:
        raise ValidationError(_("%(agency)s is not a member now.") % {"agency": agency})
    if end < membership.start:
        raise ValidationError(
            {
                "end": _("The end cannot be before the membership began (%(start)s).")
                % {"start": membership.start}
            }
        )
    membership.end = end
    membership.save(update_fields=["end"])
    audit_record(actor=actor, action="agency.end_membership", target=agency, end=str(end))
    return membership


@transaction.atomic
def agency_rejoin(*, agency: Agency, actor, start: datetime.date) -> Membership:
    """Open a new membership period for a former member."""
    require(actor, "members.add_membership", agency)
    periods = list(Membership.objects.select_for_update().filter(agency=agency))
    if any(p.end is None for p in periods):
        raise ValidationError(_("%(agency)s is already a member.") % {"agency": agency})
    last_end = max((p.end for p in periods), default=None)
    if last_end and start <= last_end:
        raise ValidationError(
            {
                "start": _("A new membership must begin after the last one ended (%(end)s).")
                % {"end": last_end}
            }
        )
    membership = Membership.objects.create(agency=agency, start=start)
    audit_record(actor=actor, action="agency.rejoin", target=agency, start=str(start))
    return membership


@transaction.atomic
def organization_save(*, actor, organization: Organization) -> Organization:
    """Add or edit a guest organization."""
    require(
        actor,
        "members.change_organization" if organization.pk else "members.add_organization",
        organization,
    )
    created = organization.pk is None
    organization.full_clean()
    organization.save()
    audit_record(
        actor=actor,
        action="organization.create" if created else "organization.update",
        target=organization,
    )
    return organization


# --- People -----------------------------------------------------------------


def invitation_link(person: Person) -> str:
    """A one-time link to choose a password; it expires with PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return settings.SITE_URL + reverse("invitation_accept", args=[uid, token])


def password_reset_link(person: Person) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])


register_secret_link("invitation", invitation_link)
register_secret_link("password_reset", password_reset_link)


def _queue_link_once(*, person: Person, kind: str, template: str, context: dict) -> bool:
    """Queue a one-time-link e-mail unless the same one went to this person moments ago.

    A double click (or a second tab) asks twice within a second: the person row
    is locked so the two requests take turns, and the second finds the first's
    notice and sends nothing. Returns whether a notice was queued.
    """
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        now = timezone.now()
        since = now - datetime.timedelta(seconds=settings.GMG_REPEAT_REQUEST_SECONDS)
        if Notice.objects.filter(recipient=person, kind=kind, created_at__gte=since).exists():
            return False
        notice_queue(
            to=person,
            kind=kind,
            key=f"{kind}:{person.pk}:{now.isoformat()}",
            template=template,
            context=context,
            about=person,
            secret_link=kind,
        )
    return True


def _queue_invitation(*, person: Person, actor) -> bool:
    return _queue_link_once(
        person=person,
        kind="invitation",
        template="members/email/invitation",
        context={"person": person, "inviter": actor},
    )


@transaction.atomic
def person_invite(*, actor, email: str, submission=None, invite: bool = True, **fields) -> Person:
    """Add a person and e-mail them a one-time link to choose a password.

    ``submission`` is the form's one-time token: the same form sent twice adds nobody twice.
    ``invite=False`` adds the person without an e-mail (an import that did not ask for
    invitations, or sends them from the worker: ``person_invitations_send``).
    """
    # A guest is named by the chair's office on a meeting's invitation (the agenda
    # floor checks which meeting); every other person is added by the secretariat.
    role = fields.get("role")
    require(actor, "members.add_guest" if role == Role.GUEST else "members.add_person")
    claim = submission_claim(token=submission, actor=actor, kind="person.invite")
    person = Person(email=email.strip().lower(), **fields)
    person.set_unusable_password()
    person.full_clean()
    person.save()
    if invite:
        _queue_invitation(person=person, actor=actor)
        audit_record(actor=actor, action="person.invite", target=person, role=person.role)
    else:
        audit_record(actor=actor, action="person.add", target=person, invited=False)
    submission_done(
        claim,
        result_url=person.agency.get_absolute_url()
        if person.agency
        else reverse("members:person_list"),
    )
    return person


@transaction.atomic
def person_add_to_agency(
    *, actor, agency: Agency, email: str, full_name: str, title: str = "", invite: bool = False
) -> Person:
    """Add a delegate of ``agency`` by name, title and e-mail: no account, and no e-mail,
    unless ``invite`` asks for an invitation to choose a password."""
    require(actor, "members.add_agency_person", agency)
    person = Person(
        email=email.strip().lower(),
        full_name=full_name.strip(),
        title=title.strip(),
        role=Role.DELEGATE,
        agency=agency,
    )
    person.set_unusable_password()
    try:
        person.full_clean()
    except ValidationError as exc:
        if "email" in getattr(exc, "error_dict", {}):
            raise ValidationError(
                {"email": _("Someone with this e-mail is already in the directory.")}
            ) from exc
        raise
    person.save()
    if invite:
        _queue_invitation(person=person, actor=actor)
    audit_record(actor=actor, action="person.add", target=person, invited=invite)
    return person


def person_invitations_send(*, person_ids: list[int], actor, chunk: int = 100) -> int:
    """Invite the people of ``person_ids`` who have not chosen a password (the worker's part
    of an import that asked for invitations); returns how many were queued."""
    require(actor, "members.add_person")
    sent = 0
    for start in range(0, len(person_ids), chunk):
        people = Person.objects.filter(
            pk__in=person_ids[start : start + chunk], is_active=True, password__startswith="!"
        ).select_related("agency", "organization")
        for person in people:
            sent += _queue_invitation(person=person, actor=actor)
    return sent


@transaction.atomic
def person_reinvite(*, actor, person: Person) -> None:
    """Send a fresh invitation to someone who has not chosen a password yet."""
    require(actor, "members.change_person", person)
    if person.has_usable_password():
        raise ValidationError(
            _("%(person)s has already accepted the invitation.") % {"person": person}
        )
    if not person.is_active:
        raise ValidationError(_("%(person)s is deactivated.") % {"person": person})
    _queue_invitation(person=person, actor=actor)
    audit_record(actor=actor, action="person.reinvite", target=person)


@transaction.atomic
def person_update(*, person: Person, actor, version: int, **fields) -> Person:
    """Edit a person's record; refused if someone else saved it meanwhile."""
    require(actor, "members.change_person", person)
    candidate = copy.copy(person)
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.full_clean(exclude=["password"])
    save_versioned(obj=person, version=version, fields=fields)
    audit_record(actor=actor, action="person.update", target=person, fields=sorted(fields))
    return person


@transaction.atomic
def person_set_active(*, person: Person, actor, active: bool) -> Person:
    """Deactivate (they can no longer sign in; their history stays) or reactivate."""
    require(actor, "members.change_person", person)
    if person.pk == actor.pk and not active:
        raise ValidationError(_("You cannot deactivate yourself."))
    person.is_active = active
    person.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action="person.activate" if active else "person.deactivate", target=person
    )
    return person


@transaction.atomic
def profile_update(*, person: Person, actor, **fields) -> Person:
    """A person edits their own name, title, phone, language and time zone."""
    require(actor, "members.edit_own_profile", person)
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean(exclude=["password"])
    person.save(update_fields=list(fields))
    return person


def password_reset_request(*, email: str) -> bool:
    """E-mail a reset link if an active person has this address; says nothing either way."""
    person = Person.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None:
        return False
    _queue_link_once(
        person=person,
        kind="password_reset",
        template="members/email/password_reset",
        context={"person": person},
    )
    return True


# --- Announcements ----------------------------------------------------------


def announcement_recipients(*, audience: str, agency: Agency | None = None):
    people = Person.objects.filter(is_active=True)
    members = Agency.objects.members_on()
    if audience == Audience.FOCAL_POINTS:
        return people.filter(role=Role.FOCAL_POINT, agency__in=members)
    if audience == Audience.PRINCIPALS:
        return people.filter(role=Role.PRINCIPAL, agency__in=members)
    return people.filter(agency=agency, role__in=Role.member_roles())


@transaction.atomic
def announcement_send(
    *, actor, audience: str, subject: str, body: str, agency=None, submission=None
) -> Announcement:
    """Write an announcement and queue it to each person of the group once.

    ``submission`` is the form's one-time token: the same form sent twice
    (a double click) makes one announcement, not two.
    """
    require(actor, "members.add_announcement")
    claim = submission_claim(token=submission, actor=actor, kind="announcement.send")
    if audience == Audience.AGENCY and agency is None:
        raise ValidationError({"agency": _("Choose the agency whose people should receive it.")})
    announcement = Announcement.objects.create(
        author=actor,
        audience=audience,
        agency=agency if audience == Audience.AGENCY else None,
        subject=subject,
        body=body,
    )
    count = notice_fanout(
        recipients=announcement_recipients(audience=audience, agency=agency),
        kind="announcement",
        key=f"announcement:{announcement.pk}",
        template="members/email/announcement",
        context={"announcement": announcement},
        about=announcement,
    )
    announcement.recipient_count = count
    announcement.save(update_fields=["recipient_count"])
    audit_record(actor=actor, action="announcement.send", target=announcement, to=count)
    submission_done(claim, result_url=reverse("members:announcement_list"))
    return announcement
