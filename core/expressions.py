"""Query expressions every floor may use."""

from django.db.models import IntegerField, Subquery


class CountOf(Subquery):
    """How many rows a queryset has, as a value of another query: one query, not two.

    Unlike a window count over the rows shown, it leaves a query limited to its first
    rows free to stop at them, and the count can be read from an index of its own.
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()
