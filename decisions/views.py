"""The silence procedure's pages and the register of decisions.

Every view checks a rule with the object it is about (deny by default),
parses its input, calls one service or selector, and renders.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import ConflictError
from core.exports import csv_response
from core.forms import apply_service_errors
from core.selectors import history_shown_to
from decisions import services
from decisions.enums import ProcedureState
from decisions.forms import (
    ExtendForm,
    PaperForm,
    ProcedureEditForm,
    ProcedureForm,
    RegisterFilterForm,
    ResponseForm,
    SupersedeForm,
    WithdrawForm,
)
from decisions.models import ProcedurePaper, Response
from decisions.selectors import (
    decision_page,
    decision_register,
    decision_years,
    procedure_list,
    procedure_page,
    responses_for,
)

REGISTER_PAGE = 50


def _check(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _error_text(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def _procedure(request, pk, perm="decisions.view_procedure"):
    procedure = get_object_or_404(procedure_page(), pk=pk)
    _check(request.user, perm, procedure)
    return procedure


# --- Procedures ---------------------------------------------------------------


def procedure_list_page(request):
    _check(request.user, "decisions.view_procedure_list")
    running, ended = procedure_list(request.user)
    return render(
        request,
        "decisions/procedure_list.html",
        {
            "running": running,
            "ended": ended,
            "can_add": request.user.has_perm("decisions.add_procedure"),
        },
    )


def procedure_create(request):
    _check(request.user, "decisions.add_procedure")
    form = ProcedureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.procedure_create(actor=request.user, **form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The draft is saved. Add papers if any, then circulate it to the members."),
            )
            return redirect(procedure)
    return render(
        request,
        "decisions/procedure_form.html",
        {"form": form, "procedure": None, "min_hours": settings.GMG_SILENCE_MIN_HOURS},
    )


def procedure_edit(request, pk):
    procedure = _procedure(request, pk, "decisions.change_procedure")
    if request.method == "POST":
        form = ProcedureEditForm(request.POST)
        if form.is_valid():
            try:
                services.procedure_update(
                    procedure=procedure,
                    actor=request.user,
                    version=form.cleaned_data["version"],
                    **form.service_fields(),
                )
            except ConflictError as exc:
                form.add_error(None, str(exc))
                form.data = form.data.copy()
                procedure.refresh_from_db(fields=["version"])
                form.data["version"] = procedure.version
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect(procedure)
    else:
        local = procedure.local_deadline
        form = ProcedureEditForm(
            initial={
                "title": procedure.title,
                "text": procedure.text,
                "explanation": procedure.explanation,
                "level": procedure.level,
                "purposes": list(procedure.purposes.all()),
                "deadline_date": local.date(),
                "deadline_time": local.time(),
                "time_zone": procedure.time_zone,
                "supersedes": procedure.supersedes,
                "version": procedure.version,
            }
        )
    return render(
        request,
        "decisions/procedure_form.html",
        {"form": form, "procedure": procedure, "min_hours": settings.GMG_SILENCE_MIN_HOURS},
    )


def _page_context(request, procedure, **extra):
    user = request.user
    see_all = user.has_perm("decisions.view_all_responses", procedure)
    responses = responses_for(procedure, user=user, see_all=see_all)
    return {
        "procedure": procedure,
        "decision": getattr(procedure, "decision", None),
        "responses": responses,
        "see_all": see_all,
        "objecting": [r for r in responses if r.is_standing_objection],
        "can_respond": user.has_perm("decisions.respond", procedure),
        "can_edit": user.has_perm("decisions.change_procedure", procedure),
        "can_circulate": user.has_perm("decisions.circulate_procedure", procedure),
        "can_extend": user.has_perm("decisions.extend_procedure", procedure),
        "can_withdraw": user.has_perm("decisions.withdraw_procedure", procedure),
        "can_revise": user.has_perm("decisions.revise_procedure", procedure),
        "own_agency": getattr(user, "agency_id", None),
        "response_form": ResponseForm(),
        "paper_form": PaperForm(),
        "replaced_by": list(procedure.replaced_by.all()),
        "history": history_shown_to(user, procedure),
        **extra,
    }


def procedure_detail(request, pk):
    procedure = _procedure(request, pk)
    return render(request, "decisions/procedure.html", _page_context(request, procedure))


@require_POST
def respond(request, pk):
    """A focal point's response; a refusal (late, or an objection without text) keeps the text."""
    procedure = _procedure(request, pk, "decisions.respond_for_agency")
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.response_add(
                procedure=procedure,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your agency's response is recorded."))
            return redirect(procedure)
    procedure = _procedure(request, pk)
    context = _page_context(request, procedure, response_form=form, response_refused=True)
    # A late answer still sees the form it typed, with the reason above it.
    context["can_respond"] = True
    return render(request, "decisions/procedure.html", context, status=400)


@require_POST
def objection_withdraw(request, pk, response_pk):
    procedure = _procedure(request, pk)
    response = get_object_or_404(Response, pk=response_pk, procedure=procedure)
    _check(request.user, "decisions.withdraw_objection", response)
    try:
        services.objection_withdraw(response=response, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Your agency's objection is withdrawn."))
    return redirect(procedure)


@require_POST
def procedure_circulate(request, pk):
    procedure = _procedure(request, pk, "decisions.circulate_procedure")
    try:
        services.procedure_transition(
            procedure=procedure,
            to=ProcedureState.CIRCULATED,
            actor=request.user,
            version=int(request.POST.get("version") or 0),
        )
    except (ConflictError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("Circulated: the focal points and principals of all members are told."),
        )
    return redirect(procedure)


# A running procedure's two changes: the permission, the state it goes to, what it says after.
CHANGES = {
    "extend": (
        "decisions.extend_procedure",
        ProcedureState.CIRCULATED,
        gettext_lazy("The deadline is extended; everyone told is told again."),
    ),
    "withdraw": (
        "decisions.withdraw_procedure",
        ProcedureState.WITHDRAWN,
        gettext_lazy("The procedure is withdrawn."),
    ),
}


def _procedure_change(request, pk, action):
    """Extend the deadline or withdraw: a reason (and the new deadline), then one transition."""
    permission, to, done = CHANGES[action]
    procedure = _procedure(request, pk, permission)
    data = request.POST or None
    form = ExtendForm(data, zone=procedure.time_zone) if action == "extend" else WithdrawForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            services.procedure_transition(
                procedure=procedure,
                to=to,
                actor=request.user,
                deadline=form.cleaned_data.get("deadline"),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(procedure)
    return render(
        request,
        "decisions/procedure_change.html",
        {"procedure": procedure, "form": form, "action": action},
    )


def procedure_extend(request, pk):
    return _procedure_change(request, pk, "extend")


def procedure_withdraw(request, pk):
    return _procedure_change(request, pk, "withdraw")


@require_POST
def procedure_revise(request, pk):
    procedure = _procedure(request, pk, "decisions.revise_procedure")
    draft = services.procedure_revise(procedure=procedure, actor=request.user)
    messages.success(
        request,
        _("A new draft replaces the earlier procedure: change its text, then circulate it."),
    )
    return redirect("decisions:procedure_edit", pk=draft.pk)


@require_POST
def paper_add(request, pk):
    procedure = _procedure(request, pk, "decisions.change_procedure")
    form = PaperForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.paper_add(
                procedure=procedure, actor=request.user, file=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The paper is added."))
    else:
        messages.error(request, _("Choose a file to add."))
    return redirect(procedure)


def paper(request, pk, paper_pk):
    procedure = _procedure(request, pk)
    item = get_object_or_404(ProcedurePaper, pk=paper_pk, procedure=procedure)
    return FileResponse(item.file.open("rb"), filename=item.name, content_type=item.content_type)


# --- The register ---------------------------------------------------------------------


def _register(request):
    _check(request.user, "decisions.view_decision")
    form = RegisterFilterForm(request.GET or None, years=decision_years())
    return form, decision_register(**form.filters())


def register(request):
    """Every decision of the group: filters, text search, pages, a CSV of the same rows."""
    form, decisions = _register(request)
    page = Paginator(decisions, REGISTER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "decisions/register.html",
        {
            "filter_form": form,
            "page_obj": page,
            "decisions": page.object_list,
            "query_string": query.urlencode(),
            "can_see_procedures": request.user.has_perm("decisions.view_procedure_list"),
        },
    )


REGISTER_CSV_HEADER = ["reference", "title", "adopted on", "how", "level", "meeting", "purposes",
                       "status", "superseded by", "text"]  # fmt: skip


def _register_row(decision) -> list:
    return [
        decision.reference,
        decision.title,
        decision.adopted_on.isoformat(),
        decision.get_how_display(),
        decision.get_level_display(),
        decision.meeting.display_title if decision.meeting else "",
        "; ".join(str(p) for p in decision.purposes.all()),
        decision.get_status_display(),
        decision.superseded_by.reference if decision.superseded_by else "",
        decision.text,
    ]


def register_csv(request):
    """The register's rows under the same filters, every page, streamed (``core.exports``)."""
    _form, decisions = _register(request)
    return csv_response(
        filename="decisions.csv",
        header=REGISTER_CSV_HEADER,
        rows=(_register_row(d) for d in decisions.iterator(chunk_size=500)),
    )


def decision_detail(request, pk):
    decision = get_object_or_404(decision_page(), pk=pk)
    _check(request.user, "decisions.view_decision", decision)
    can_change = request.user.has_perm("decisions.change_decision", decision)
    form = SupersedeForm(request.POST or None) if can_change else None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.decision_supersede(
                    decision=decision,
                    by=form.cleaned_data["by"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The decision is marked superseded."))
                return redirect(decision)
    return render(
        request,
        "decisions/decision.html",
        {
            "decision": decision,
            "form": form,
            "can_see_procedure": decision.procedure is not None
            and request.user.has_perm("decisions.view_procedure", decision.procedure),
        },
    )
