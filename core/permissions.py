"""One way to check a permission in a service, and the system actor.

Every service that changes state calls ``require(actor, "app.action", obj)``
against a ``rules`` permission (which includes the object's state), so the
view, the template and the service ask one and the same question. Work that
no person does (beat, the worker, ``seed_demo``) passes ``SYSTEM``; passing
``None`` is a programming error, never a way to skip the check.
"""

from django.core.exceptions import PermissionDenied


class SystemActor:
    """The group's own processes. Allowed everything; recorded without a person."""

    pk = None
    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_system = True

    def has_perm(self, perm: str, obj=None) -> bool:
        return True

    def __str__(self) -> str:
        return "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def require(actor, perm: str, obj=None) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` has ``perm`` (on ``obj``)."""
    if actor is None:
        raise TypeError("A service needs an actor; system work passes core.permissions.SYSTEM.")
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def person_of(actor):
    """The person to keep in a "done by" column: ``None`` for system work."""
    return None if getattr(actor, "is_system", False) else actor
