"""The group's names in any template (a builtin: pages, e-mails and PDFs alike).

``{% group_names as group %}`` then ``{{ group.name }}``, ``{{ group.acronym }}``,
``{{ group.secretariat }}``; ``{% group_signature %}`` signs an e-mail.
"""

from django import template

from core import group

register = template.Library()


@register.simple_tag(name="group_names")
def group_names_tag() -> dict:
    return group.group_names()


@register.simple_tag(name="group_signature")
def group_signature_tag() -> str:
    return group.signature()
