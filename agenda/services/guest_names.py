"""Guest organizations a proposal names as free text, and turning one into a directory entry.

A proposal's *other organizations to invite* (``Proposal.guest_wish``) holds one
organization a line, its name first and, after a colon, a contact if the
proposer has one. Each line is a ``GuestName`` row (kept in step with the text
by the proposal's services), so that the secretariat's dashboard can list the
names not in the directory in one query, and ``guest_name_adopt`` can make one
an ``Organization`` and link every proposal that named it.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from agenda.models import GuestName, Proposal
from core.audit import audit_record
from core.permissions import require
from members.models import Organization
from members.services import organization_save

NAME_MAX = 200
CONTACT_MAX = 300
_EMAIL = re.compile(r"[^\s<>(),;:]+@[^\s<>(),;:]+\.[^\s<>(),;:]+")


def guest_name_key(name: str) -> str:
    """The name as the directory compares it: case and spacing do not count."""
    return " ".join(name.split()).casefold()[:NAME_MAX]


def guest_lines(text: str) -> list[tuple[str, str]]:
    """``(name, contact)`` for each line of ``text`` that names an organization, each
    name once (the first line that names it)."""
    seen, lines = set(), []
    for line in (text or "").splitlines():
        name, _sep, contact = line.partition(":")
        name = " ".join(name.split()).strip(" -–—,;")[:NAME_MAX]
        key = guest_name_key(name)
        if not key or key in seen:
            continue
        seen.add(key)
        lines.append((name, " ".join(contact.split())[:CONTACT_MAX]))
    return lines


def guest_names_sync(proposal: Proposal) -> None:
    """Make ``proposal``'s ``GuestName`` rows follow its ``guest_wish`` text."""
    lines = guest_lines(proposal.guest_wish)
    wanted = {guest_name_key(name): (name, contact) for name, contact in lines}
    existing = {row.key: row for row in GuestName.objects.filter(proposal=proposal)}
    GuestName.objects.filter(pk__in=[r.pk for k, r in existing.items() if k not in wanted]).delete()
    for key, (name, contact) in wanted.items():
        row = existing.get(key)
        if row is None:
            GuestName.objects.create(proposal=proposal, key=key, name=name, contact=contact)
        elif (row.name, row.contact) != (name, contact):
            GuestName.objects.filter(pk=row.pk).update(name=name, contact=contact)


def _contact_fields(contact: str) -> dict:
    """An e-mail address in the contact becomes the organization's contact e-mail."""
    found = _EMAIL.search(contact)
    email = ""
    if found:
        try:
            validate_email(found.group())
        except ValidationError:
            pass
        else:
            email = found.group()
    name = " ".join(contact.replace(email, " ").split()).strip(" ,;<>()") if email else contact
    return {"contact_name": name[:200], "contact_email": email}


@transaction.atomic
def guest_name_adopt(*, key: str, actor) -> tuple[Organization, int]:
    """Turn a name proposals typed into a directory entry, and link the proposals that
    named it (their guests wished). Returns the organization and how many proposals."""
    require(actor, "agenda.adopt_guest_name")
    rows = list(
        GuestName.objects.select_for_update()
        .filter(key=key, organization__isnull=True)
        .order_by("pk")
    )
    if not rows:
        raise ValidationError(_("This name is not waiting for the directory any more."))
    first = rows[0]
    organization = (
        Organization.objects.filter(name__iexact=first.name).first()
        or Organization.objects.filter(acronym__iexact=first.name).first()
    )
    if organization is None:
        contact = next((r.contact for r in rows if r.contact), "")
        organization = organization_save(
            actor=actor, organization=Organization(name=first.name, **_contact_fields(contact))
        )
    proposal_ids = sorted({r.proposal_id for r in rows})
    GuestName.objects.filter(pk__in=[r.pk for r in rows]).update(organization=organization)
    through = Proposal.guest_organizations.through
    through.objects.bulk_create(
        [through(proposal_id=pk, organization_id=organization.pk) for pk in proposal_ids],
        ignore_conflicts=True,
    )
    audit_record(
        actor=actor,
        action="guest_name.adopt",
        target=organization,
        name=first.name,
        proposals=proposal_ids,
    )
    return organization, len(proposal_ids)
