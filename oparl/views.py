"""The OParl 1.1 endpoints: read-only, public, CORS-open, paged lists with date filters.

Nothing here needs a sign-in, so nothing here may show what a sign-in
protects: the selectors serve only the published record.
"""

import datetime
import math

from django.contrib.auth.decorators import login_not_required
from django.db.models import Min
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from meetings.enums import Level
from members.models import Agency
from oparl import selectors
from oparl import serializers as s
from oparl.openapi import openapi

PAGE_SIZE = 20
LARGEST_ID = 2**31 - 1  # what every table's key can hold on PostgreSQL
FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lte"),
}


class BadFilterError(Exception):
    pass


def _id(value) -> int:
    """A key from the URL, or 404 for one no row can have."""
    if isinstance(value, str) and (not value.isdigit() or len(value) > 10):
        raise Http404
    if not 1 <= int(value) <= LARGEST_ID:
        raise Http404
    return int(value)


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def api_view(view):
    """Safe methods only, CORS for reading, and a JSON 400 for a bad filter."""

    @login_not_required
    @require_safe
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadFilterError as exc:
            return _json({"error": str(exc)}, status=400)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _parse_stamp(raw: str) -> datetime.datetime | None:
    """An ISO 8601 / RFC 3339 date-time, in UTC; None when it is not one."""
    text = raw.strip().replace(" ", "+")
    if not text or len(text) > 64:
        return None
    try:
        value = parse_datetime(text) or datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    try:
        # The database compares in UTC; an offset no time zone has would not reach it.
        return value.astimezone(datetime.UTC)
    except OverflowError:
        # Before the year 1 or after 9999 once in UTC: the earliest or latest there is.
        if value.year < 5000:
            return datetime.datetime.min.replace(tzinfo=datetime.UTC)
        return datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _filters(request) -> dict[str, datetime.datetime]:
    found = {}
    for name in FILTERS:
        raw = request.GET.get(name)
        if raw is None:
            continue
        value = _parse_stamp(raw)
        if value is None:
            raise BadFilterError(
                f"{name} takes an ISO 8601 date-time, e.g. 2027-01-31T00:00:00+01:00"
            )
        found[name] = value
    return found


def _filter_queryset(queryset, request, created_field: str):
    for name, value in _filters(request).items():
        field, op = FILTERS[name]
        column = created_field if field == "created" else "modified"
        queryset = queryset.filter(**{f"{column}__{op}": value})
    return queryset


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        raise BadFilterError("page takes a whole number from 1")
    return int(raw)


def _list(request, rows, total: int, page: int, build) -> JsonResponse:
    pages = max(1, math.ceil(total / PAGE_SIZE))
    base = request.build_absolute_uri(request.path)
    kept = {k: v for k, v in request.GET.items() if k != "page"}

    def at(number):
        query = "&".join([*(f"{k}={v}" for k, v in kept.items()), f"page={number}"])
        return f"{base}?{query}"

    links = {"first": at(1), "self": at(page), "last": at(pages)}
    if page > 1:
        links["prev"] = at(page - 1)
    if page < pages:
        links["next"] = at(page + 1)
    return _json(
        {
            "data": [build(row) for row in rows],
            "pagination": {
                "totalElements": total,
                "elementsPerPage": PAGE_SIZE,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": links,
        }
    )


def _paged_queryset(request, queryset, created_field, build):
    queryset = _filter_queryset(queryset, request, created_field)
    page = _page_number(request)
    total = queryset.count()
    rows = list(queryset[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    return _list(request, rows, total, page, build)


def _paged_list(request, objects: list[dict]):
    """For lists built in memory (small by nature): the same filters and paging."""
    for name, value in _filters(request).items():
        field, op = FILTERS[name]
        if op == "gte":
            objects = [o for o in objects if parse_datetime(o[field]) >= value]
        else:
            objects = [o for o in objects if parse_datetime(o[field]) <= value]
    page = _page_number(request)
    rows = objects[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return _list(request, rows, len(objects), page, lambda o: o)


def _founded():
    """The group's record begins with its first member's first day."""
    first = Agency.objects.aggregate(first=Min("created_at"))["first"]
    return first or datetime.datetime(2006, 1, 1, tzinfo=datetime.UTC)


@api_view
def system(request):
    """The entry point: which OParl version, and where the group (the body) is."""
    founded = _founded()
    return _json(s.system(s.Link(request), created=founded, modified=founded))


@api_view
def body_list(request):
    founded = _founded()
    return _paged_list(request, [_body(request, founded)])


@api_view
def body(request):
    return _json(_body(request, _founded()))


def _body(request, founded):
    terms = list(selectors.chair_terms())
    modified = max([founded, *(t.created_at for t in terms)])
    return s.body(s.Link(request), created=founded, modified=modified, terms=terms)


@api_view
def legislative_term_list(request):
    link = s.Link(request)
    return _paged_list(request, [s.legislative_term(link, t) for t in selectors.chair_terms()])


@api_view
def legislative_term(request, pk):
    term = get_object_or_404(selectors.chair_terms(), pk=_id(pk))
    return _json(s.legislative_term(s.Link(request), term))


def _organizations(request) -> list[dict]:
    link = s.Link(request)
    founded = _founded()
    levels = [s.level_organization(link, level, created=founded) for level in Level.values]
    agencies = [s.agency_organization(link, a) for a in selectors.public_agencies()]
    guests = [s.guest_organization(link, o) for o in selectors.public_organizations()]
    return levels + agencies + guests


@api_view
def organization_list(request):
    return _paged_list(request, _organizations(request))


@api_view
def organization(request, key):
    link = s.Link(request)
    kind, _, ident = key.partition("-")
    if kind == "level" and ident in Level.values:
        return _json(s.level_organization(link, ident, created=_founded()))
    if kind == "agency":
        return _json(
            s.agency_organization(
                link, get_object_or_404(selectors.public_agencies(), pk=_id(ident))
            )
        )
    if kind == "org":
        return _json(
            s.guest_organization(
                link, get_object_or_404(selectors.public_organizations(), pk=_id(ident))
            )
        )
    raise Http404


@api_view
def membership_list(request):
    link = s.Link(request)
    return _paged_queryset(
        request, selectors.public_memberships(), "created_at", lambda m: s.membership(link, m)
    )


@api_view
def membership(request, pk):
    return _json(
        s.membership(s.Link(request), get_object_or_404(selectors.public_memberships(), pk=_id(pk)))
    )


@api_view
def person_list(request):
    link = s.Link(request)
    return _paged_queryset(
        request, selectors.public_people(), "date_joined", lambda p: s.person(link, p)
    )


@api_view
def person(request, pk):
    return _json(
        s.person(s.Link(request), get_object_or_404(selectors.public_people(), pk=_id(pk)))
    )


@api_view
def paper_list(request):
    """The group's papers travel with its meetings (agenda and minutes files): none stand alone."""
    return _paged_list(request, [])


@api_view
def meeting_list(request):
    link = s.Link(request)
    meetings = selectors.public_meetings()
    level = request.GET.get("level")
    if level is not None:
        if level not in Level.values:
            raise BadFilterError("level is one of: " + ", ".join(Level.values))
        meetings = meetings.filter(level=level)
    return _paged_queryset(request, meetings, "created_at", lambda m: s.meeting(link, m))


@api_view
def meeting(request, pk):
    return _json(
        s.meeting(s.Link(request), get_object_or_404(selectors.public_meetings(), pk=_id(pk)))
    )


@api_view
def agenda_item(request, meeting_pk, item_id):
    """An item of the latest published version; one a later version dropped stays as deleted."""
    row = get_object_or_404(selectors.public_meetings(), pk=_id(meeting_pk))
    link = s.Link(request)
    current = s.meeting_items(link, row)
    if item_id in current:
        return _json(current[item_id])
    seen = [
        v.published_at
        for v in row.agenda.published_versions
        if any(item["id"] == item_id for item in v.snapshot.get("items", []))
    ]
    if not seen:
        raise Http404
    url = link("agenda_item", meeting_pk, item_id)
    return _json(
        s.deleted("AgendaItem", url, seen[0], row.agenda.published_versions[-1].published_at)
    )


def _document(key: str):
    kind, _, ident = key.partition("-")
    if kind == "agenda":
        version = get_object_or_404(selectors.public_versions(), pk=_id(ident))
        return version, version.agenda.meeting, s.version_file
    if kind == "minutes":
        edition = get_object_or_404(selectors.public_editions(), pk=_id(ident))
        return edition, edition.minutes.meeting, s.edition_file
    raise Http404


@api_view
def file(request, key):
    document, meeting_row, build = _document(key)
    return _json(build(s.Link(request), document, meeting_row))


@api_view
def file_download(request, key):
    """The PDF itself (HEAD answers with its headers); 404 while it is being prepared."""
    document, _meeting, _build = _document(key)
    pdf = s.pdf_of(document)
    if pdf is None:
        raise Http404
    name = f"{document.reference.replace('/', '-')}.pdf"
    response = FileResponse(
        pdf.file.open("rb"),
        content_type="application/pdf",
        as_attachment="download" in request.GET,
        filename=name,
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@api_view
def openapi_description(request):
    """The OpenAPI 3.0 description of these endpoints."""
    return _json(openapi())
