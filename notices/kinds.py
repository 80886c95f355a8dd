"""What each kind of notice is, in words: the floors that send them say (in AppConfig.ready,
``kind_labels.update({...})``); the outbox knows nobody."""

from django.db import connection
from django.utils.translation import gettext_lazy as _

kind_labels: dict = {
    "announcement": _("Announcement"),
    "invitation": _("Invitation to the site"),
    "password_reset": _("Password reset"),
}


def kind_label(kind: str) -> str:
    """The kind in words; one nobody described reads as its code, capitalised."""
    label = kind_labels.get(kind)
    return str(label) if label is not None else kind.replace("_", " ").capitalize()


def kinds_sent() -> list[str]:
    """Every kind of notice the outbox holds, in order, read from the index on the kind.

    ``SELECT DISTINCT kind`` reads every notice (8 ms at ten years, and the outbox only
    grows); this walks the index from one kind to the next, a lookup per kind.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE walk(kind) AS (
                SELECT min(kind) FROM notices_notice
                UNION ALL
                SELECT (SELECT min(kind) FROM notices_notice WHERE kind > walk.kind)
                FROM walk WHERE walk.kind IS NOT NULL
            )
            SELECT kind FROM walk WHERE kind IS NOT NULL
            """
        )
        return [kind for (kind,) in cursor.fetchall()]
