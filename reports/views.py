"""The reports page (a table by purpose, one by agency, a chart), the rows behind a number,
and the CSV of each table."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from agenda.models import PurposeTag
from core.exports import csv_response
from reports.charts import bar_chart
from reports.forms import ReportForm
from reports.selectors import BY_KEY, MEASURES, Period, agency_table, measure_rows, purpose_table

ROWS_PAGE = 50


def _period(request) -> tuple[ReportForm, Period]:
    if not request.user.has_perm("reports.view_reports"):
        raise PermissionDenied
    form = ReportForm(request.GET or None)
    start, end = form.period_bounds()
    level = form.cleaned_data.get("level", "") if form.is_valid() else ""
    return form, Period(start=start, end=end, level=level)


def report(request):
    form, period = _period(request)
    purposes = purpose_table(period)
    agencies = agency_table(period)
    chosen = form.cleaned_data.get("measure") if form.is_valid() else ""
    measure = BY_KEY.get(chosen) or MEASURES[0]
    index = MEASURES.index(measure)
    chart = bar_chart([(row["label"], row["values"][index][1]) for row in purposes])
    query = request.GET.copy()
    query.pop("measure", None)
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "period": period,
            "measures": MEASURES,
            "agency_measures": [m for m in MEASURES if m.agency_path],
            "purposes": purposes,
            "agencies": agencies,
            "chart": chart,
            "chart_measure": measure,
            "query_string": query.urlencode(),
        },
    )


def rows(request, measure):
    """The rows behind one number of the report."""
    _form, period = _period(request)
    found = BY_KEY.get(measure)
    if found is None:
        raise Http404
    purpose = request.GET.get("purpose", "")
    tag = PurposeTag.objects.filter(code=purpose).first() if purpose else None
    if purpose and tag is None:
        raise Http404
    agency = request.GET.get("agency", "")[:30]
    page = Paginator(measure_rows(found, period, purpose=purpose, agency=agency), ROWS_PAGE)
    page_obj = page.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/rows.html",
        {
            "measure": found,
            "period": period,
            "purpose": str(tag) if tag else "",
            "agency": agency,
            "page_obj": page_obj,
            "rows": [_described(row) for row in page_obj.object_list],
            "query_string": query.urlencode(),
        },
    )


def _described(row) -> dict:
    if hasattr(row, "get_absolute_url"):
        url = row.get_absolute_url()
    else:  # an agenda item: its meeting's agenda
        url = reverse("agenda:agenda", args=[row.agenda.meeting_id])
    return {"text": str(row), "url": url}


def report_csv(request, table):
    _form, period = _period(request)
    if table == "purposes":
        header = [_("Purpose"), *(str(m.label) for m in MEASURES)]
        data = ([row["label"], *(v for _m, v in row["values"])] for row in purpose_table(period))
    elif table == "agencies":
        measures = [m for m in MEASURES if m.agency_path]
        header = [_("Agency"), *(str(m.label) for m in measures)]
        data = ([row["acronym"], *(v for _m, v in row["values"])] for row in agency_table(period))
    else:
        raise Http404
    name = f"report-{table}-{period.start}-{period.end}.csv"
    return csv_response(filename=name, header=header, rows=data)
