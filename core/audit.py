"""The audit log: who did what to which object. Every service that changes state writes here."""

from django.contrib.contenttypes.models import ContentType

from core.models import AuditEntry


def audit_record(*, actor, action: str, target=None, **details) -> AuditEntry:
    """Keep who did what to which object; system work (``SYSTEM``) is kept without a person."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None, action=action, details=details
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target)
        entry.object_id = str(target.pk)
    entry.save()
    return entry


def audit_record_many(*, actor, entries) -> list[AuditEntry]:
    """Keep several actions of one actor at once, in one insert: (action, target, details)."""
    rows = [
        AuditEntry(
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            content_type=ContentType.objects.get_for_model(target),
            object_id=str(target.pk),
            details=details,
        )
        for action, target, details in entries
    ]
    return AuditEntry.objects.bulk_create(rows) if rows else []


# --- In words -------------------------------------------------------------------
#
# Each floor says what its actions mean, in its AppConfig.ready:
# ``audit_words.update({"meeting.cancel": _("cancelled %(object)s: %(reason)s")})``.
# A phrase may use %(object)s (the object's name) and any key of the entry's
# details (or be a function of the entry and its object); a key the entry lacks
# reads as "…", and an action without a phrase
# reads as its code, so an entry is never hidden for want of words.
audit_words: dict = {}


class _Details(dict):
    def __missing__(self, key):
        return "…"


def _plain(value) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def audit_in_words(entry: AuditEntry) -> str:
    """What the entry says happened, without its actor ("changed the venue of …")."""
    phrase = audit_words.get(entry.action)
    target = entry.target if entry.content_type_id else None
    values = _Details({key: _plain(value) for key, value in (entry.details or {}).items()})
    values["object"] = str(target) if target is not None else "…"
    if callable(phrase):
        return phrase(entry, target)
    if phrase is None:
        extra = "; ".join(f"{k}: {v}" for k, v in values.items() if k != "object")
        return f"{entry.action} {values['object']}" + (f" ({extra})" if extra else "")
    return str(phrase) % values


def in_words(entries) -> list[dict]:
    """Rows for a page: each entry with what it says in words and its object."""
    return [{"entry": e, "words": audit_in_words(e), "target": e.target} for e in entries]
