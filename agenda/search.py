"""This floor's rows for the search: topics and the items of published agendas.

Topics follow ``agenda.view_proposal``: a draft stays with its agency; the
chair's office sees what was submitted for its meetings; other focal points
see an accepted topic once a published version of the agenda carries it.
Agenda items are searched in the published versions (what participants were
sent), never in a draft agenda.
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agenda.enums import ProposalState, Purpose
from agenda.models import AgendaVersion, Proposal
from core.search import (
    Hit,
    SearchFilter,
    SearchProvider,
    highlight,
    search_filters,
    search_providers,
    text_filter,
    words,
)
from meetings.selectors import meetings_with_chair
from members.rules import is_focal_point, is_member_person, is_secretariat


def _chaired_by(agency_id):
    """Meetings whose chair (frozen, or of their date's term) is the agency."""
    meetings = meetings_with_chair().filter(
        Q(frozen_chair_id=agency_id) | Q(frozen_chair__isnull=True, term_chair_id=agency_id)
    )
    return meetings.values("pk")


def _topics(user, query, filters):
    topics = Proposal.objects.select_related("agency", "meeting").order_by("-created_at")
    if is_secretariat(user):
        topics = topics.exclude(state=ProposalState.DRAFT)
    elif is_focal_point(user):
        carried = AgendaVersion.objects.filter(
            agenda__meeting=OuterRef("meeting"), published_at__gte=OuterRef("decided_at")
        )
        topics = topics.filter(
            Q(agency_id=user.agency_id)
            | (~Q(state=ProposalState.DRAFT) & Q(meeting__in=_chaired_by(user.agency_id)))
            | (Q(state=ProposalState.ACCEPTED) & Exists(carried))
        )
    else:
        return topics.none()
    if filters.get("level"):
        topics = topics.filter(level=filters["level"])
    if filters.get("year"):
        topics = topics.filter(created_at__year=filters["year"])
    if filters.get("purpose"):
        topics = topics.filter(purposes=filters["purpose"])
    if filters.get("agency"):
        topics = topics.filter(agency_id=filters["agency"])
    return text_filter(topics, query, ["title", "summary", "rationale"])


def _topic_hit(proposal, query):
    return Hit(
        title=proposal.title,
        url=proposal.get_absolute_url(),
        text=highlight(f"{proposal.summary} {proposal.rationale}", query),
        meta=f"{proposal.agency.acronym} · {proposal.get_state_display()}",
    )


def _items(user, query, filters):
    latest = AgendaVersion.objects.filter(agenda=OuterRef("agenda"), number__gt=OuterRef("number"))
    versions = (
        AgendaVersion.objects.select_related("agenda__meeting")
        .filter(~Exists(latest))
        .order_by("-published_at")
    )
    if not (is_secretariat(user) or is_member_person(user)):
        versions = versions.filter(agenda__meeting__guest_invitations__people=user)
    if filters.get("level"):
        versions = versions.filter(agenda__meeting__level=filters["level"])
    if filters.get("year"):
        versions = versions.filter(agenda__meeting__local_date__year=filters["year"])
    return text_filter(versions, query, ["snapshot"])


def _item_hit(version, query):
    terms = [t.lower() for t in words(query)]
    items = [
        item
        for item in version.snapshot.get("items", [])
        if all(t in f"{item['title']} {item.get('description', '')}".lower() for t in terms)
    ]
    shown = items or version.snapshot.get("items", [])[:1]
    text = " · ".join(f"{i['number']}. {i['title']}" for i in shown[:3])
    return Hit(
        title=f"{version.reference}: {version.snapshot.get('meeting', '')}",
        url=reverse("agenda:version", args=[version.agenda.meeting_id, version.number]),
        text=highlight(text, query),
        meta=str(_("Published agenda")),
    )


def _purposes():
    # The twelve purposes in the ToR's order: the tags' rows are these (no query needed).
    return list(Purpose.choices)


def register():
    search_filters.register(
        SearchFilter(name="purpose", label=_("Purpose"), choices=_purposes, order=20)
    )
    search_providers.register(
        SearchProvider(
            kind="topics",
            label=_("Topics"),
            rows=_topics,
            hit=_topic_hit,
            order=20,
            filters=frozenset({"level", "year", "purpose", "agency"}),
        )
    )
    search_providers.register(
        SearchProvider(
            kind="agenda_items",
            label=_("Published agendas"),
            rows=_items,
            hit=_item_hit,
            order=30,
            filters=frozenset({"level", "year"}),
        )
    )
