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
