"""The group the site runs for: its names and its documents' reference prefix.

Settings (``GMG_GROUP_NAME``, ``GMG_GROUP_ACRONYM``, ``GMG_SECRETARIAT_NAME``,
``GMG_REFERENCE_PREFIX``), so that another inter-agency body runs its own copy
without a change of code. Each name is looked up in the catalogue: the GMG's
own names (the defaults, marked below) read in every language; another
group's names read as they are set, unless a translator adds them.
"""

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

# The defaults, kept in the catalogue for their translations (docs/glossary.md).
DEFAULT_NAMES = (
    gettext_noop("Global Migration Group"),
    gettext_noop("GMG"),
    gettext_noop("GMG Secretariat"),
)


def group_names() -> dict[str, str]:
    """``name``, ``acronym`` and ``secretariat`` in the active language, and ``prefix``."""
    return {
        "name": gettext(settings.GMG_GROUP_NAME),
        "acronym": gettext(settings.GMG_GROUP_ACRONYM),
        "secretariat": gettext(settings.GMG_SECRETARIAT_NAME),
        "prefix": settings.GMG_REFERENCE_PREFIX,
    }


def reference_prefix() -> str:
    """What every document reference starts with: ``GMG`` in ``GMG/PM/2027/1``."""
    return settings.GMG_REFERENCE_PREFIX


def signature() -> str:
    """How the site signs its e-mails: "The GMG Secretariat"."""
    return gettext("The %(secretariat)s") % {"secretariat": group_names()["secretariat"]}
