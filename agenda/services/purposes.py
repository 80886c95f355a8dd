"""The group's purposes (the twelve of the GMG's Terms of Reference by default): the
secretariat adds, renames and retires them; none is ever deleted, so every topic, item,
decision and report that names one keeps it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agenda.models import PurposeTag
from core.audit import audit_record
from core.permissions import require
from core.versioning import save_versioned


@transaction.atomic
def purpose_add(*, actor, title: str) -> PurposeTag:
    """A new purpose, last in the list; its code is made from its title."""
    require(actor, "agenda.manage_purposes")
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the purpose a title.")})
    if PurposeTag.objects.filter(title__iexact=title).exists():
        raise ValidationError({"title": _("A purpose with this title exists already.")})
    base = slugify(title)[:36] or "purpose"
    code, n = base, 1
    while PurposeTag.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    last = PurposeTag.objects.aggregate(last=Max("position"))["last"] or 0
    purpose = PurposeTag.objects.create(code=code, title=title, position=last + 1)
    audit_record(actor=actor, action="purpose.add", target=purpose, title=title)
    return purpose


@transaction.atomic
def purpose_rename(*, purpose: PurposeTag, actor, version: int, title: str) -> PurposeTag:
    """A new title (the code, which topics and reports use, stays)."""
    require(actor, "agenda.manage_purposes")
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the purpose a title.")})
    if title == purpose.title:
        return purpose
    if PurposeTag.objects.filter(title__iexact=title).exclude(pk=purpose.pk).exists():
        raise ValidationError({"title": _("A purpose with this title exists already.")})
    before = purpose.title
    save_versioned(obj=purpose, version=version, fields={"title": title})
    audit_record(actor=actor, action="purpose.rename", target=purpose, before=before, title=title)
    return purpose


@transaction.atomic
def purpose_set_retired(*, purpose: PurposeTag, actor, retired: bool) -> PurposeTag:
    """A retired purpose is no longer offered for new topics, items and decisions; what
    named it keeps it, and the reports still count it."""
    require(actor, "agenda.manage_purposes")
    if purpose.retired != retired:
        PurposeTag.objects.filter(pk=purpose.pk).update(retired=retired)
        purpose.retired = retired
        audit_record(
            actor=actor,
            action="purpose.retire" if retired else "purpose.reinstate",
            target=purpose,
        )
    return purpose
