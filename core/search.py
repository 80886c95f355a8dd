"""One search over every floor, each floor offering its own rows.

A floor registers a ``SearchProvider`` in its ``AppConfig.ready``: ``rows(user,
query)`` returns the rows of its kind that match the query *and* that the user
may see (the provider filters with the same rules its own pages use, so a
search never finds what the page would refuse), and ``hit(row, query)`` says
how one row is shown. The search page knows no floor.

Matching: on PostgreSQL a table with a ``search_vector`` column (a generated,
GIN-indexed ``tsvector`` that the database keeps up to date, made with
``vector_column``) is matched by full-text search in the ``simple``
configuration (the group writes in six languages and rows do not record theirs,
so no language's stemming is imposed); other tables and SQLite use
case-insensitive containment of every word.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection, migrations
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from core.registry import Registry

search_providers = Registry("search")
# The filters the search page offers beyond year: each floor names its own (level, purpose, agency).
search_filters = Registry("search filters")
MAX_QUERY = 200
MAX_RESULTS = 100  # rows of one kind a search offers, newest first (see text_filter)


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    text: str = ""
    meta: str = ""


@dataclass(frozen=True)
class SearchProvider:
    kind: str
    label: str
    rows: Callable  # function(user, query: str, filters: dict) -> queryset, newest first
    hit: Callable  # function(row, query: str) -> Hit
    order: int = 100
    filters: frozenset = field(default_factory=frozenset)  # which filters apply


@dataclass(frozen=True)
class SearchFilter:
    name: str
    label: str
    choices: Callable  # function() -> list of (value, label)
    order: int = 100


def words(query: str) -> list[str]:
    return [w for w in re.split(r"\s+", query.strip()[:MAX_QUERY]) if w][:10]


def text_filter(queryset, query: str, fields: list[str]):
    """Rows matching every word of ``query``: full text where the table has a vector.

    On PostgreSQL the match is made in a subquery that keeps the queryset's
    filters and order and stops at ``MAX_RESULTS`` rows; the rows are then read
    by their keys, joined as the queryset asks. The limit is what lets
    PostgreSQL choose its plan well both ways: for words it knows are common
    it walks the ordering index and stops at the first matches; for any other
    words (the planner cannot tell a rare word from an absent one) it asks the
    GIN index and sorts the few rows it finds, instead of reading the whole
    table through the ordering index. The joins are then made for those rows
    only. A kind therefore offers at most ``MAX_RESULTS`` rows, newest first.
    """
    terms = words(query)
    if not terms:
        return queryset.none()
    model = queryset.model
    if connection.vendor == "postgresql" and getattr(model, "has_search_vector", False):
        matching = queryset.alias(
            # The table name is the model's own; the words go in as a parameter.
            search_match=RawSQL(  # noqa: S611
                f'"{model._meta.db_table}"."search_vector" @@ plainto_tsquery(\'simple\', %s)',
                (" ".join(terms),),
                output_field=BooleanField(),
            )
        ).filter(search_match=True)
    else:
        matching = queryset
        for term in terms:
            match = Q()
            for name in fields:
                match |= Q(**{f"{name}__icontains": term})
            matching = matching.filter(match)
    if connection.vendor != "postgresql":
        return matching
    return _by_key(queryset, matching)


def _by_key(queryset, matching):
    """The first ``MAX_RESULTS`` rows of ``matching``, read by key with ``queryset``'s joins."""
    model = queryset.model
    try:
        sql, params = matching.values("pk")[:MAX_RESULTS].query.sql_with_params()
    except EmptyResultSet:  # the provider's filters leave nothing (e.g. a guest's none)
        return queryset.none()
    rows = model._default_manager.alias(
        search_hit=RawSQL(  # noqa: S611 (SQL compiled by the ORM, its parameters apart)
            f'"{model._meta.db_table}"."{model._meta.pk.column}" = ANY(ARRAY({sql}))',
            params,
            output_field=BooleanField(),
        )
    ).filter(search_hit=True)
    rows.query.select_related = queryset.query.select_related
    return rows.order_by(*queryset.query.order_by) if queryset.query.order_by else rows


def highlight(text: str, query: str, *, length: int = 220) -> str:
    """A snippet of ``text`` around the first match, escaped, with the words in ``<mark>``."""
    plain = " ".join(strip_tags(text or "").split())
    terms = [re.escape(t) for t in words(query)]
    if not plain:
        return ""
    pattern = re.compile("|".join(terms), re.IGNORECASE) if terms else None
    found = pattern.search(plain) if pattern else None
    start = max(0, found.start() - length // 3) if found else 0
    snippet = plain[start : start + length]
    prefix, suffix = ("… " if start else ""), (" …" if start + length < len(plain) else "")
    escaped = html.escape(snippet)
    if pattern:
        escaped = re.sub(
            "|".join(re.escape(html.escape(t)) for t in words(query)),
            lambda m: f"<mark>{m.group(0)}</mark>",
            escaped,
            flags=re.IGNORECASE,
        )
    return mark_safe(prefix + escaped + suffix)  # noqa: S308 (escaped above)


def vector_column(table: str, expression: str) -> list:
    """Migration operations: a generated ``search_vector`` column with a GIN index.

    PostgreSQL only (``expression`` is SQL over the table's columns, e.g.
    ``coalesce(title, '') || ' ' || coalesce(summary, '')``); on SQLite the
    operations do nothing and the search falls back to containment.
    """

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN search_vector tsvector '
            f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {expression})) STORED"
        )
        schema_editor.execute(
            f'CREATE INDEX "{table}_search_gin" ON "{table}" USING gin (search_vector)'
        )

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS search_vector')

    return [migrations.RunPython(forward, backward)]
