"""Optimistic locking: a save is refused when someone else saved the row first.

A versioned model has an integer ``version`` field; the edit form carries the
version it started from (``core.forms.VersionedFormMixin``), and the service
writes through ``save_versioned``.
"""

from django.utils.translation import gettext as _

from core.errors import ConflictError


def save_versioned(*, obj, version: int, fields: dict) -> None:
    """Write ``fields`` only if nobody saved ``obj`` since ``version`` was read."""
    model = type(obj)
    updated = model.objects.filter(pk=obj.pk, version=version).update(version=version + 1, **fields)
    if not updated:
        raise ConflictError(
            _("Someone else saved this record while you were editing it. Review their changes.")
        )
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.version = version + 1
