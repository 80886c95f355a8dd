from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.documents.kinds import document_kind
from core.documents.pdf import SANS, SERIF, css_quoted, page_counter_css
from core.documents.selectors import documents_of

register = template.Library()


def status_context(user, document, kind, owner, label=None) -> dict:
    """What the status piece shows: the retry button only to who may press it."""
    can_retry = document.is_failed and user.has_perm(
        kind.retry_permission, kind.permission_target(owner)
    )
    return {"document": document, "label": label, "can_retry": can_retry}


@register.simple_tag
def documents_for(owner, kind):
    """``{% documents_for minutes "minutes.draft" as drafts %}``: a list, empty if none."""
    return documents_of(owner, kind)


@register.inclusion_tag("documents/_statuses.html", takes_context=True)
def document_status(context, owner, kind, label=None):
    """``{% document_status version "agenda.version" %}``: each language's status piece."""
    declared = document_kind(kind)
    user = context["user"]
    pieces = [
        status_context(user, document, declared, owner, label)
        for document in documents_of(owner, kind)
    ]
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
