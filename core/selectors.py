"""Reads of the ground floor: the audit log, filtered, and one object's history."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from core.models import AuditEntry


def audit_entries(
    *, who: str = "", kind: str = "", model: str = "", object_id: str = "", since=None, until=None
):
    """The log, newest first, with the actors and the objects read in a fixed number of queries.

    ``kind`` is the first part of the action ("meeting" for "meeting.update");
    ``model`` is "app_label.model" of the object.
    """
    entries = AuditEntry.objects.select_related("actor", "content_type")
    if who:
        entries = entries.filter(
            Q(actor__full_name__icontains=who) | Q(actor__email__icontains=who)
        )
    if kind:
        entries = entries.filter(action__startswith=f"{kind}.")
    if model and "." in model:
        app_label, name = model.split(".", 1)
        entries = entries.filter(content_type__app_label=app_label, content_type__model=name)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries.prefetch_related("target").order_by("-at", "-pk")


def history_of(obj, *, limit: int = 50) -> list[AuditEntry]:
    """The object's own entries, newest first, in one query.

    The page already holds the object (with what its name reads, e.g. the minutes'
    meeting): each entry is handed that object rather than reading it again.
    """
    entries = list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .select_related("actor", "content_type")
        .order_by("-at", "-pk")[:limit]
    )
    for entry in entries:
        entry.target = obj
    return entries


def audit_kinds() -> list[str]:
    """The first parts of the actions the floors describe ("agenda", "meeting", …)."""
    from core.audit import audit_words

    return sorted({action.split(".", 1)[0] for action in audit_words})


def history_shown_to(user, obj) -> list[dict]:
    """An object's history in words for its page, for those who may read the audit log."""
    from core.audit import in_words

    if not user.has_perm("core.view_auditentry"):
        return []
    return in_words(history_of(obj))
