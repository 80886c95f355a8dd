from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.clock import group_today
from core.forms import apply_service_errors
from core.pagecache import cached_page
from meetings import services
from meetings.forms import ExtendForm, RegenerateForm, SkipForm, SwapForm
from meetings.models import ChairTermChange
from meetings.selectors import chair_current_and_next, rotation_order, rotation_terms
from meetings.services.rotation import frozen_meetings_in_unbegun_terms
from members.models import Agency

DEFAULT_REASONS = {
    "first": gettext_lazy("there is no term yet, so from today"),
    "today": gettext_lazy("the last term ended more than a term ago, so from today"),
    "after_last": gettext_lazy("the day after the last term"),
}


def _extend_form(data=None):
    start, why = services.rotation_default_start()
    return ExtendForm(data, default_start=start, default_reason=DEFAULT_REASONS[why])


# The rarer changes: their forms are built only when asked for (?change=swap), or when
# a POST of theirs comes back with errors. Four crispy forms on every GET were
# nearly half of the page's time.
ON_DEMAND_FORMS = {
    "swap": ("swap_form", SwapForm),
    "skip": ("skip_form", SkipForm),
    "regenerate": ("regenerate_form", RegenerateForm),
}


def _page(request, status=200, **forms):
    today = group_today()
    current, upcoming = chair_current_and_next(today=today)
    can_change = request.user.has_perm("meetings.change_chairterm")
    context = {
        "rows": rotation_terms(),
        "today": today,
        "current": current,
        "next": upcoming,
        "can_change": can_change,
    }
    if can_change:
        context.update(
            order=list(rotation_order()),
            history=ChairTermChange.objects.select_related("actor")[:20],
            frozen=list(frozen_meetings_in_unbegun_terms()),
            extend_form=forms.get("extend_form") or _extend_form(),
        )
        asked = ON_DEMAND_FORMS.get(request.GET.get("change", ""))
        if asked and asked[0] not in forms:
            forms[asked[0]] = asked[1]()
        context.update(
            (name, forms[name]) for name, _form in ON_DEMAND_FORMS.values() if name in forms
        )
    return render(request, "meetings/rotation.html", context, status=status)


@permission_required("meetings.view_chairterm", raise_exception=True)
@cached_page
def rotation(request):
    return _page(request)


def _run(request, form, name, action, success):
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("meetings:rotation")
    return _page(request, status=400, **{name: form})


@require_POST
@permission_required("meetings.change_chairterm", raise_exception=True)
def rotation_extend(request):
    form = _extend_form(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            terms = services.chair_rotation_extend(
                until=data["until"], start=data["start"], actor=request.user, reason=data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if terms:
                messages.success(request, _("%(count)s terms added.") % {"count": len(terms)})
            else:
                messages.info(request, _("The rotation already reaches that date: nothing added."))
            return redirect("meetings:rotation")
    return _page(request, status=400, extend_form=form)


@require_POST
@permission_required("meetings.change_chairterm", raise_exception=True)
def term_swap(request):
    def action(data):
        services.chair_term_swap(
            term=data["term"], other=data["other"], actor=request.user, reason=data["reason"]
        )

    return _run(request, SwapForm(request.POST), "swap_form", action, _("The terms were swapped."))


@require_POST
@permission_required("meetings.change_chairterm", raise_exception=True)
def term_skip(request):
    def action(data):
        services.chair_term_skip(term=data["term"], actor=request.user, reason=data["reason"])

    return _run(
        request,
        SkipForm(request.POST),
        "skip_form",
        action,
        _("The agency was passed over; the later terms moved by one."),
    )


@require_POST
@permission_required("meetings.change_chairterm", raise_exception=True)
def rotation_regenerate(request):
    def action(data):
        services.chair_rotation_regenerate(
            from_date=data["from_date"], actor=request.user, reason=data["reason"]
        )

    return _run(
        request,
        RegenerateForm(request.POST),
        "regenerate_form",
        action,
        _("The terms were regenerated in the current order."),
    )


@require_POST
@permission_required("meetings.change_chairterm", raise_exception=True)
def rotation_move(request, pk, direction):
    agency = get_object_or_404(Agency, pk=pk)
    services.agency_rotation_move(agency=agency, direction=direction, actor=request.user)
    if direction == "up":
        messages.success(request, _("%(agency)s moved up.") % {"agency": agency})
    else:
        messages.success(request, _("%(agency)s moved down.") % {"agency": agency})
    return redirect(reverse("meetings:rotation") + f"#order-{agency.pk}")
