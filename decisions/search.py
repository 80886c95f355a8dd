"""This floor's rows for the search: the decisions register (not the procedures' drafts)."""

from django.utils.translation import gettext_lazy as _

from core.search import Hit, SearchProvider, highlight, search_providers, text_filter
from decisions.models import Decision


def _decisions(user, query, filters):
    if not user.has_perm("decisions.view_decision"):
        return Decision.objects.none()
    decisions = Decision.objects.order_by("-adopted_on", "-pk")
    if filters.get("level"):
        decisions = decisions.filter(level=filters["level"])
    if filters.get("year"):
        decisions = decisions.filter(adopted_on__year=filters["year"])
    if filters.get("purpose"):
        decisions = decisions.filter(purposes=filters["purpose"])
    return text_filter(decisions, query, ["title", "text", "reference"])


def _decision_hit(decision, query):
    return Hit(
        title=f"{decision.reference}: {decision.title}",
        url=decision.get_absolute_url(),
        text=highlight(decision.text, query),
        meta=f"{decision.adopted_on:%Y-%m-%d} · {decision.get_how_display()}",
    )


def register():
    search_providers.register(
        SearchProvider(
            kind="decisions",
            label=_("Decisions"),
            rows=_decisions,
            hit=_decision_hit,
            order=60,
            filters=frozenset({"level", "year", "purpose"}),
        )
    )
