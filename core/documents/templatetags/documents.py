from django import template

from core.documents.kinds import document_kind
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
