"""What each kind of notice is, in words: the floors that send them say (in AppConfig.ready,
``kind_labels.update({...})``); the outbox knows nobody."""

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
