"""The audit page: who did what to which object, for the secretariat."""

import csv
import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.audit import audit_in_words, in_words
from core.forms import AuditFilterForm, SearchForm
from core.pagecache import cached_page
from core.search import search_providers
from core.selectors import audit_entries, audit_kinds

PAGE_SIZE = 50


class _Echo:
    def write(self, value):
        return value


def _object_types() -> list[tuple[str, str]]:
    types = ContentType.objects.filter(
        app_label__in=["members", "meetings", "agenda", "minutes", "notices"]
    ).order_by("app_label", "model")
    return [
        (f"{t.app_label}.{t.model}", str(t.model_class()._meta.verbose_name).capitalize())
        for t in types
        if t.model_class() is not None
    ]


def audit(request):
    """The whole log, filtered and paginated; ``?format=csv`` exports what the filters select."""
    if not request.user.has_perm("core.view_auditentry"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, kinds=audit_kinds(), models=_object_types())
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(**{k: v for k, v in filters.items() if v})
    if request.GET.get("format") == "csv":
        return _csv(entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = in_words(page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit.html",
        {
            "form": form,
            "rows": rows,
            "page_obj": page,
            "query_string": query.urlencode(),
        },
    )


def _csv(entries):
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([_("When (UTC)"), _("Who"), _("Action"), _("What"), _("Object")])
        for entry in entries.iterator(chunk_size=500):
            yield writer.writerow(
                [
                    entry.at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
                    entry.actor.full_name if entry.actor else _("the system"),
                    entry.action,
                    audit_in_words(entry),
                    f"{entry.content_type.model} {entry.object_id}" if entry.content_type else "",
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response


# --- Search ---------------------------------------------------------------------

SEARCH_PAGE = 20
SEARCH_GROUP = 5


@cached_page
def search(request):
    """One box for every floor's rows; each kind shows what its own pages would show."""
    if not request.user.has_perm("core.use_search"):
        raise PermissionDenied
    form = SearchForm(request.GET or None)
    context = {"form": form, "groups": [], "page_obj": None}
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        query = data["q"]
        filters = {name: data[name] for name in form.filter_names if data.get(name)}
        # A kind that cannot apply one of the chosen filters is left out, not shown unfiltered.
        providers = [p for p in search_providers if set(filters) <= p.filters]
        if data.get("kind"):
            providers = [p for p in providers if p.kind == data["kind"]]
            if providers:
                provider = providers[0]
                page = Paginator(provider.rows(request.user, query, filters), SEARCH_PAGE).get_page(
                    request.GET.get("page")
                )
                context["page_obj"] = page
                context["groups"] = [
                    {
                        "provider": provider,
                        "hits": [provider.hit(row, query) for row in page.object_list],
                        "more": False,
                    }
                ]
        else:
            for provider in providers:
                rows = list(provider.rows(request.user, query, filters)[: SEARCH_GROUP + 1])
                if rows:
                    context["groups"].append(
                        {
                            "provider": provider,
                            "hits": [provider.hit(row, query) for row in rows[:SEARCH_GROUP]],
                            "more": len(rows) > SEARCH_GROUP,
                        }
                    )
        query_string = request.GET.copy()
        query_string.pop("page", None)
        query_string.pop("kind", None)
        context["query_string"] = query_string.urlencode()
        context["searched"] = True
    return render(request, "core/search.html", context)
