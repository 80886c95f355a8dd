"""Every URL parameter bounded before a view sees it.

``<int:...>`` matches any run of digits: a 20-digit id overflows the
database's integer, a year of 99999 overflows ``datetime.date``. Rather than
trust each view to check, this middleware answers 404 for a number no row or
calendar can have, whatever the view.
"""

from django.http import Http404

# Largest id a row can have (PostgreSQL's bigint; SQLite's INTEGER is the same).
MAX_ID = 2**63 - 1
# The years a date can have; the calendar pages narrow this down themselves.
MIN_YEAR, MAX_YEAR = 1, 9999
MAX_TEXT = 200


class BoundedURLParametersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for name, value in view_kwargs.items():
            if isinstance(value, bool):
                continue
            if isinstance(value, int) and not _int_in_range(name, value):
                raise Http404
            if isinstance(value, str) and len(value) > MAX_TEXT:
                raise Http404


def _int_in_range(name: str, value: int) -> bool:
    if name == "year":
        return MIN_YEAR <= value <= MAX_YEAR
    return 0 <= value <= MAX_ID
