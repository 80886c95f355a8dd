"""One meeting: its page, the organizers' actions, documents and the .ics file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.errors import ConflictError
from core.forms import apply_service_errors
from core.i18n import number
from core.pagecache import cached_page
from core.registry import panels_for
from core.selectors import history_shown_to
from meetings import services
from meetings.forms import (
    CancelForm,
    DocumentForm,
    MeetingCreateForm,
    MeetingEditForm,
    PlanYearForm,
)
from meetings.models import Delegate, Meeting, MeetingDocument
from meetings.panels import meeting_panels
from meetings.selectors import delegate_totals, meeting_page, meetings_with_chair
from meetings.services.calendar import meetings_ics


def _meeting(pk) -> Meeting:
    return get_object_or_404(meetings_with_chair(), pk=pk)


def _check(request, perm, meeting=None):
    if not request.user.has_perm(perm, meeting):
        raise PermissionDenied


@cached_page
def detail(request, pk):
    meeting = get_object_or_404(meeting_page(), pk=pk)
    _check(request, "meetings.view_meeting", meeting)
    user = request.user
    context = {
        "meeting": meeting,
        "panels": panels_for(meeting_panels, request, meeting),
        "documents": list(meeting.documents.all()),
    }
    delegates = None
    if user.has_perm("meetings.view_participants", meeting):
        # One read of the delegations gives the totals and the person's own delegation.
        delegates = list(Delegate.objects.filter(meeting=meeting).select_related("person"))
        context["totals"] = delegate_totals(delegates)
    if user.agency_id:
        context["own_delegation"] = (
            [d for d in delegates if d.agency_id == user.agency_id]
            if delegates is not None
            else list(
                Delegate.objects.filter(meeting=meeting, agency_id=user.agency_id).select_related(
                    "person"
                )
            )
        )
    context["history"] = history_shown_to(user, meeting)
    return render(request, "meetings/detail.html", context)


def create(request):
    _check(request, "meetings.add_meeting")
    form = MeetingCreateForm(request.POST or None, initial={"kind": "ad_hoc"})
    if not request.user.has_perm("meetings.add_regular_meeting"):
        # The chair's office creates ad hoc meetings; regular ones come from the plan.
        form.fields["kind"].choices = [("ad_hoc", _("Ad hoc"))]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for name in ("date", "start_time", "end_time"):
            data.pop(name)
        try:
            meeting = services.meeting_create(actor=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(meeting)s was added.") % {"meeting": meeting})
            for warning in form.deadline_warnings():
                messages.warning(request, warning)
            return redirect(meeting)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "page_title": _("Add a meeting"), "submit_label": _("Add the meeting")},
    )


def edit(request, pk):
    meeting = _meeting(pk)
    _check(request, "meetings.change_meeting", meeting)
    form = MeetingEditForm(
        request.POST or None, instance=meeting, initial={"version": meeting.version}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in MeetingEditForm.Meta.fields}
        data.update(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
        data["time_zone"] = form.cleaned_data["time_zone"]
        current = _meeting(pk)
        try:
            services.meeting_update(
                meeting=current, actor=request.user, version=form.cleaned_data["version"], **data
            )
        except ConflictError as exc:
            # Keep what was typed; saving again (after a look) replaces the other change.
            form.add_error(None, str(exc))
            form.data = form.data.copy()
            form.data["version"] = Meeting.objects.values_list("version", flat=True).get(pk=pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting was saved."))
            for warning in form.deadline_warnings():
                messages.warning(request, warning)
            return redirect(current)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting, "page_title": _("Edit %(title)s") % {"title": meeting}},
    )


def cancel(request, pk):
    meeting = _meeting(pk)
    _check(request, "meetings.cancel_meeting", meeting)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting is cancelled."))
            return redirect(meeting)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "page_title": _("Cancel %(title)s") % {"title": meeting},
            "submit_label": _("Cancel the meeting"),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@require_POST
def invite(request, pk):
    meeting = _meeting(pk)
    _check(request, "meetings.invite_meeting", meeting)
    count = services.meeting_invite(meeting=meeting, actor=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "The invitation is on its way to %(count)s person.",
                "The invitation is on its way to %(count)s people.",
                count,
            )
            % {"count": number(count)},
        )
    else:
        messages.info(request, _("Everyone has this invitation already: nothing sent again."))
    return redirect(meeting)


def document_add(request, pk):
    meeting = _meeting(pk)
    _check(request, "meetings.add_meetingdocument", meeting)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_document_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The document was added."))
            return redirect(meeting)
    return render(
        request,
        "meetings/document_form.html",
        {"form": form, "meeting": meeting, "page_title": _("Add a document")},
    )


def document(request, pk, document_pk):
    item = get_object_or_404(
        MeetingDocument.objects.select_related("meeting"), pk=document_pk, meeting_id=pk
    )
    _check(request, "meetings.view_meetingdocument", item.meeting)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = item.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name, content_type=item.content_type)


def ics(request, pk):
    meeting = _meeting(pk)
    _check(request, "meetings.view_meeting", meeting)
    response = HttpResponse(
        meetings_ics([meeting], name=meeting.display_title),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@permission_required("meetings.plan_year", raise_exception=True)
def plan_year(request):
    form = PlanYearForm(request.POST or None, initial={"year": _next_year()})
    plan = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year = data.pop("year")
        pattern = services.YearPattern(**data)
        if "confirm" in request.POST:
            created = services.meeting_plan_year(year=year, pattern=pattern, actor=request.user)
            if created:
                messages.success(request, _("%(count)s meetings added.") % {"count": len(created)})
            else:
                messages.info(
                    request, _("Every meeting of this plan exists already: nothing added.")
                )
            return redirect("meetings:year", year=year)
        plan = services.meeting_plan_preview(year=year, pattern=pattern)
    return render(request, "meetings/plan_year.html", {"form": form, "plan": plan})


def _next_year():

    return timezone.localdate().year + 1
