"""Text that must read left to right inside a right-to-left page or e-mail.

A reference such as GMG/PM/2027/2 mixes Latin letters, digits and slashes:
inside Arabic text the bidirectional algorithm would reorder its parts
(2/2027/GMG/PM). These filters isolate it as one left-to-right run. They are
template builtins (settings.TEMPLATES), so no template needs to load them.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language_bidi

register = template.Library()

# Unicode's LEFT-TO-RIGHT ISOLATE and POP DIRECTIONAL ISOLATE: the plain-text
# equivalent of <bdi dir="ltr">, for subjects and text bodies of e-mails.
LRI, PDI = "\u2066", "\u2069"


@register.filter
def ltr(value):
    """HTML: the value as one left-to-right run (<bdi dir="ltr">), escaped."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def ltr_text(value):
    """Plain text: the value isolated left to right when the language is written
    right to left; unchanged otherwise (no invisible characters in English mail)."""
    if value in (None, ""):
        return ""
    return f"{LRI}{value}{PDI}" if get_language_bidi() else str(value)
