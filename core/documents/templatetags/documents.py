import unicodedata

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi, get_language_info, gettext

from core.documents.kinds import document_kind
from core.documents.models import document_languages
from core.documents.pdf import SANS, SERIF, css_quoted, page_counter_css
from core.documents.selectors import documents_of

register = template.Library()


def status_context(user, document, kind, owner, label=None) -> dict:
    """What the status piece shows: the document's language named in itself, and the
    retry button only to who may press it."""
    can_retry = document.is_failed and user.has_perm(
        kind.retry_permission, kind.permission_target(owner)
    )
    language = get_language_info(document.language)
    return {
        "document": document,
        "label": label,
        "can_retry": can_retry,
        "language_name": language["name_local"],
        "language_bidi": language["bidi"],
    }


@register.simple_tag
def documents_for(owner, kind):
    """``{% documents_for minutes "minutes.draft" as drafts %}``: a list, empty if none."""
    return documents_of(owner, kind)


@register.inclusion_tag("documents/_statuses.html", takes_context=True)
def document_status(context, owner, kind, label=None):
    """``{% document_status version "agenda.version" %}``: each language's status piece,
    in the order the languages are switched on."""
    declared = document_kind(kind)
    user = context["user"]
    order = {code: index for index, code in enumerate(document_languages())}
    documents = sorted(documents_of(owner, kind), key=lambda d: order.get(d.language, len(order)))
    pieces = [status_context(user, document, declared, owner, label) for document in documents]
    return {
        "pieces": pieces,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


# The PDF templates (templates/documents/pdf/base.html and those extending it).


@register.simple_tag
def pdf_page_counter():
    """``Page X of Y`` in the current language, as a CSS ``content`` value."""
    return mark_safe(page_counter_css(gettext("Page %(number)s of %(count)s")))  # noqa: S308


@register.simple_tag
def pdf_font(name):
    """The font stack of the PDFs: ``sans`` or ``serif`` (core.documents.pdf)."""
    return mark_safe({"sans": SANS, "serif": SERIF}[name])  # noqa: S308


@register.filter
def css_string(value):
    """Text as a quoted CSS string (a running head's ``content``), escaped for a <style>."""
    return mark_safe(css_quoted(str(value)))  # noqa: S308


@register.filter
def text_dir(value):
    """``ltr`` or ``rtl``: the direction of what someone wrote, from its first strong
    letter (HTML's ``dir="auto"``, which WeasyPrint does not read). An English title
    in an Arabic PDF keeps its full stop at its end, and the reverse."""
    for char in strip_tags(str(value or "")):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "rtl" if get_language_bidi() else "ltr"
