"""``{% id_url "name" id ... %}``: ``{% url %}`` for integer ids, reversed once per name
(core.links). A builtin, for the rows of long lists."""

from django import template

from core.links import id_url

register = template.Library()


@register.simple_tag(name="id_url")
def id_url_tag(name: str, *ids) -> str:
    return id_url(name, *ids)
