"""Numbers and lists as the page's language writes them (core.i18n). Template builtins
(settings.TEMPLATES): no template needs to load them.

    {{ paginator.count|number }}               1 234 (fr), 1,234 (zh), 1.234 (es)
    {{ acronyms|and_list }}                    UNHCR, IOM et ILO · UNHCR、IOM和ILO
    {% for a in agencies %}<a …>{{ a }}</a>{% list_sep forloop %}{% endfor %}
    {{ point.due|day }}                        4 mars 2026: what |date:_("j M Y") shows
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core import i18n

register = template.Library()


@register.filter(expects_localtime=True)
def day(value):
    """A day as ``|date:_("j M Y")`` shows it, each date formatted once per language (rows
    of long tables repeat the same days)."""
    return i18n.short_day(value)


@register.filter
def number(value):
    """A count grouped by thousands in the page's language; anything else unchanged."""
    return i18n.number(value)


@register.filter(needs_autoescape=True)
def and_list(items, autoescape=True):
    """The items joined as the page's language joins a list with "and"."""
    escape = conditional_escape if autoescape else str
    return mark_safe(i18n.format_list([escape(item) for item in items]))  # noqa: S308 (items escaped, CLDR patterns are text)


@register.simple_tag
def list_sep(forloop):
    """Inside a {% for %}: what follows this item in a list of the page's language."""
    return i18n.list_separator(forloop["counter0"], forloop["counter0"] + forloop["revcounter"])
