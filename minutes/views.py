"""The minutes pages: drafting, the lifecycle, comments, editions, PDFs, action points.

Every view checks a rule with the object it is about (deny by default),
parses its input, calls one service or selector, and renders.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.clock import group_today
from core.errors import ConflictError
from core.exports import csv_response
from core.forms import apply_service_errors
from core.pagecache import cached_page
from core.selectors import history_shown_to
from meetings.models import Meeting
from minutes import services
from minutes.akn import edition_akn as edition_akn_bytes
from minutes.enums import ActionStatus, MinutesState
from minutes.forms import (
    ActionPointForm,
    AnswerForm,
    CirculateForm,
    CommentForm,
    CorrigendumForm,
    RegisterFilterForm,
    SectionForm,
    StatusForm,
)
from minutes.models import ActionPoint, Comment, Edition, MinutesRevision, MinutesSection
from minutes.selectors import (
    action_point_history,
    action_point_register,
    action_points_qs,
    attendance,
    comments_awaited,
    editions_of,
    minutes_for,
    open_action_points_before,
    readable_previous_minutes,
    sections_of,
)
from minutes.text import render_markdown, text_diff

REGISTER_PAGE = 50


def _check(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _minutes(request, meeting_pk, perm="minutes.view_minutes"):
    """The meeting's minutes, after the rule on them; 404 for a meeting without minutes."""
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    minutes = minutes_for(meeting)
    if minutes is None:
        _check(request.user, "minutes.view_meeting_minutes", meeting)
        raise Http404(_("This meeting has no minutes yet."))
    _check(request.user, perm, minutes)
    return minutes


def _error_text(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


# --- The minutes page ---------------------------------------------------------


@cached_page
def minutes_page(request, meeting_pk):
    """Sections in agenda order, attendance and action points; the chair's office's controls."""
    # The minutes bring their meeting (and its chair): the meeting is read alone only without.
    minutes = minutes_for(meeting_pk)
    user = request.user
    if minutes is None:
        meeting = get_object_or_404(Meeting.objects.select_related("frozen_chair"), pk=meeting_pk)
        if user.has_perm("minutes.add_minutes", meeting):
            return render(request, "minutes/start.html", {"meeting": meeting})
        _check(user, "minutes.view_meeting_minutes", meeting)
        raise Http404(_("This meeting has no minutes yet."))
    meeting = minutes.meeting
    _check(user, "minutes.view_minutes", minutes)
    can_change_state = user.has_perm("minutes.change_state", minutes)
    see_all_comments = user.has_perm("minutes.view_all_comments", minutes)
    editions = editions_of(minutes)
    # Readers see the current edition while a corrigendum is drafted.
    live = user.has_perm("minutes.view_live_text", minutes)
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "editions": editions,
        "current": editions[0] if editions else None,
        "live": live,
        "can_edit": user.has_perm("minutes.change_minutes", minutes),
        "can_change_state": can_change_state,
        "can_comment": user.has_perm("minutes.add_comment", minutes),
        "can_answer": user.has_perm("minutes.answer_comment", minutes),
        "see_all_comments": see_all_comments,
        "can_see_revisions": user.has_perm("minutes.view_revisions", minutes),
        "comment_form": CommentForm(),
        "history": history_shown_to(user, minutes),
        "can_close_comments": user.has_perm("minutes.close_comments", minutes),
        "answer_form": AnswerForm(),
    }
    if live:
        context["sections"] = sections_of(minutes, user=user, can_see_all_comments=see_all_comments)
        context["attendance"] = attendance(meeting)
        context["action_points"] = sorted(
            (p for section in context["sections"] for p in section.point_list),
            key=lambda p: (p.due, p.pk),
        )
        context["today"] = group_today()
        context["previous_minutes"] = readable_previous_minutes(user, context["sections"])
    if context["can_close_comments"]:
        context["comments_awaited"] = comments_awaited(minutes, attending=context.get("attendance"))
    if can_change_state:
        context["moves"] = {
            to: services.transition_refusal(minutes, to, reason="-")
            for to in (MinutesState.CIRCULATED, MinutesState.FINAL, MinutesState.PUBLISHED)
            if to in services.MINUTES_TRANSITIONS[minutes.state]
        }
        if minutes.state == MinutesState.DRAFT and not editions:
            # Draft → published is for corrigenda only: no button that is sure to be refused.
            context["moves"].pop(MinutesState.PUBLISHED, None)
        context["circulate_form"] = CirculateForm()
        context["corrigendum_form"] = CorrigendumForm()
    return render(request, "minutes/minutes.html", context)


@require_POST
def minutes_start(request, meeting_pk):
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    _check(request.user, "minutes.add_minutes", meeting)
    try:
        services.minutes_start(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The minutes are open: a section per agenda item."))
    return redirect("minutes:minutes", meeting_pk=meeting.pk)


ACTIONS = {
    "circulate": MinutesState.CIRCULATED,
    "finalise": MinutesState.FINAL,
    "publish": MinutesState.PUBLISHED,
    "correct": MinutesState.DRAFT,
}
DONE = {
    "circulate": gettext_lazy(
        "The minutes are circulated for comments; the attending agencies are told."
    ),
    "finalise": gettext_lazy("The minutes are final."),
    "publish": gettext_lazy("The minutes are published; every focal point and principal is told."),
    "correct": gettext_lazy(
        "A corrigendum is under way: correct the text, then publish or circulate it."
    ),
}


@require_POST
def minutes_action(request, meeting_pk, action):
    """Circulate, finalise, publish, or start a corrigendum: the one state service decides."""
    minutes = _minutes(request, meeting_pk, "minutes.change_state")
    kwargs = {}
    if action == "circulate":
        form = CirculateForm(request.POST)
        kwargs["comment_days"] = form.cleaned_data["comment_days"] if form.is_valid() else 0
    elif action == "correct":
        kwargs["reason"] = request.POST.get("reason", "")
    try:
        services.minutes_transition(
            minutes=minutes,
            to=ACTIONS[action],
            actor=request.user,
            version=int(request.POST.get("version") or 0),
            **kwargs,
        )
    except (ConflictError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, str(DONE[action]))
    return redirect("minutes:minutes", meeting_pk=meeting_pk)


@require_POST
def no_comments(request, meeting_pk):
    """A focal point of an attending agency: "we have no comments"."""
    minutes = _minutes(request, meeting_pk, "minutes.add_comment")
    try:
        services.minutes_no_comments(minutes=minutes, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Noted: your agency has no comments."))
    return redirect("minutes:minutes", meeting_pk=meeting_pk)


@require_POST
def close_comments(request, meeting_pk):
    """The chair's office ends the comment period once every attending agency answered."""
    minutes = _minutes(request, meeting_pk, "minutes.close_comments")
    try:
        services.minutes_close_comments(minutes=minutes, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The comment period is closed: the minutes can be finalised."))
    return redirect("minutes:minutes", meeting_pk=meeting_pk)


# --- Sections -------------------------------------------------------------------


def section_edit(request, meeting_pk, pk):
    """Edit a section's Markdown with a preview; a conflicting save keeps yours, shows theirs."""
    minutes = _minutes(request, meeting_pk, "minutes.change_minutes")
    section = get_object_or_404(MinutesSection, pk=pk, minutes=minutes)
    context = {"meeting": minutes.meeting, "minutes": minutes, "section": section}
    if request.method != "POST":
        form = SectionForm(
            initial={
                "summary": section.summary,
                "decisions": section.decisions,
                "decision_marked": section.decision_marked,
                "version": section.version,
            }
        )
        return render(request, "minutes/section_form.html", {**context, "form": form})
    form = SectionForm(request.POST)
    if not form.is_valid():
        return render(request, "minutes/section_form.html", {**context, "form": form})
    data = form.cleaned_data
    if "preview" in request.POST:
        context["preview"] = {
            "summary": render_markdown(data["summary"]),
            "decisions": render_markdown(data["decisions"]),
        }
        template = "minutes/_preview.html" if request.htmx else "minutes/section_form.html"
        return render(request, template, {**context, "form": form})
    try:
        services.section_save(
            section=section,
            actor=request.user,
            version=data["version"],
            summary=data["summary"],
            decisions=data["decisions"],
            decision_marked=data["decision_marked"],
        )
    except ConflictError as exc:
        section.refresh_from_db()
        form.data = form.data.copy()
        form.data["version"] = section.version
        context.update(
            conflict=str(exc),
            theirs=section,
            summary_diff=text_diff(section.summary, data["summary"]),
            decisions_diff=text_diff(section.decisions, data["decisions"]),
        )
        return render(request, "minutes/section_form.html", {**context, "form": form}, status=409)
    messages.success(request, _("Section %(n)s is saved.") % {"n": section.number})
    return redirect(reverse("minutes:minutes", args=[meeting_pk]) + f"#section-{section.number}")


def section_revisions(request, meeting_pk, pk):
    """Every saved revision of a section; any two compared (?a=&b=)."""
    minutes = _minutes(request, meeting_pk, "minutes.view_revisions")
    section = get_object_or_404(MinutesSection, pk=pk, minutes=minutes)
    revisions = list(MinutesRevision.objects.filter(section=section).select_related("author"))
    by_number = {r.number: r for r in revisions}
    context = {
        "meeting": minutes.meeting,
        "minutes": minutes,
        "section": section,
        "revisions": revisions,
    }
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if a.isdigit() and b.isdigit():
        older, newer = by_number.get(int(a)), by_number.get(int(b))
        if older is None or newer is None:
            raise Http404
        context.update(
            older=older,
            newer=newer,
            summary_diff=text_diff(older.summary, newer.summary),
            decisions_diff=text_diff(older.decisions, newer.decisions),
        )
    return render(request, "minutes/revisions.html", context)


# --- Comments ---------------------------------------------------------------------


@require_POST
def comment_add(request, meeting_pk, pk):
    minutes = _minutes(request, meeting_pk, "minutes.add_comment")
    section = get_object_or_404(MinutesSection, pk=pk, minutes=minutes)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(section=section, actor=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Your comment is sent to the chair's office."))
    else:
        messages.error(request, _("Write your comment."))
    return redirect(reverse("minutes:minutes", args=[meeting_pk]) + f"#section-{section.number}")


@require_POST
def comment_answer(request, meeting_pk, pk):
    minutes = _minutes(request, meeting_pk, "minutes.answer_comment")
    comment = get_object_or_404(Comment, pk=pk, section__minutes=minutes)
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.comment_answer(comment=comment, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your answer is saved."))
    else:
        messages.error(request, _("Say whether the comment was taken into account."))
    return redirect(
        reverse("minutes:minutes", args=[meeting_pk]) + f"#section-{comment.section.number}"
    )


# --- Action points on the minutes --------------------------------------------------


def action_point_form(request, meeting_pk, pk=None):
    """Add or edit an action point (the chair's office, while the minutes are not published)."""
    minutes = _minutes(request, meeting_pk, "minutes.change_minutes")
    sections = list(minutes.sections.order_by("number"))
    choices = [(s.pk, f"{s.number}. {s.title}") for s in sections]
    point = get_object_or_404(ActionPoint, pk=pk, minutes=minutes) if pk else None
    if request.method == "POST":
        form = ActionPointForm(request.POST, section_choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            section = next(s for s in sections if s.pk == data["section"])
            try:
                services.action_point_save(
                    section=section,
                    actor=request.user,
                    text=data["text"],
                    agencies=data["agencies"],
                    due=data["due"],
                    person=data["person"],
                    action_point=point,
                    version=data["version"],
                )
            except (ConflictError, ValidationError) as exc:
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, _("The action point is saved."))
                return redirect(
                    reverse("minutes:minutes", args=[meeting_pk]) + f"#section-{section.number}"
                )
    elif point is not None:
        form = ActionPointForm(
            initial={
                "section": point.section_id,
                "text": point.text,
                "agencies": list(point.agencies.all()),
                "person": point.person,
                "due": point.due,
                "version": point.version,
            },
            section_choices=choices,
        )
    else:
        form = ActionPointForm(
            initial={"section": request.GET.get("section")}, section_choices=choices
        )
    return render(
        request,
        "minutes/action_point_form.html",
        {"meeting": minutes.meeting, "minutes": minutes, "form": form, "point": point},
    )


# --- Editions and PDFs -----------------------------------------------------------


def edition_page(request, meeting_pk, number):
    minutes = _minutes(request, meeting_pk)
    edition = get_object_or_404(Edition, minutes=minutes, number=number)
    editions = editions_of(minutes)
    return render(
        request,
        "minutes/edition.html",
        {
            "meeting": minutes.meeting,
            "minutes": minutes,
            "edition": edition,
            "is_current": editions[0].pk == edition.pk,
            "current": editions[0],
        },
    )


# --- Follow-up, the register, one action point ---------------------------------------


def follow_up(request, meeting_pk):
    """The "follow-up on action points" item of a meeting: every open one from earlier meetings,
    in the order they fall due, a page at a time."""
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    _check(request.user, "minutes.view_meeting_minutes", meeting)
    # Ten years of open points would be one page of thousands: fifty at a time, as the register.
    page = Paginator(open_action_points_before(meeting, user=request.user), REGISTER_PAGE)
    page = page.get_page(request.GET.get("page"))
    return render(
        request,
        "minutes/follow_up.html",
        {
            "meeting": meeting,
            "page_obj": page,
            "points": page.object_list,
            "today": meeting.local_date,
        },
    )


def _register(request):
    _check(request.user, "minutes.view_actionpoint_register")
    form = RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = group_today()
    points = action_point_register(
        user=request.user,
        agency=filters["agency"].pk if filters.get("agency") else None,
        status=filters.get("status", ""),
        overdue=bool(filters.get("overdue")),
        meeting=filters["meeting"].pk if filters.get("meeting") else None,
        purpose=filters["purpose"].pk if filters.get("purpose") else "",
        today=today,
    )
    return form, points, today


@cached_page
def register(request):
    """All the action points the person may see: filters, pages, a CSV of the same rows."""
    form, points, today = _register(request)
    page = Paginator(points, REGISTER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "minutes/register.html",
        {
            "filter_form": form,
            "page_obj": page,
            "points": page.object_list,
            "today": today,
            "query_string": query.urlencode(),
        },
    )


def register_csv(request):
    _form, points, today = _register(request)
    header = [
        "id",
        "meeting",
        "date",
        "section",
        "action",
        "owners",
        "person",
        "due",
        "status",
        "overdue",
        "note",
    ]
    rows = (
        [
            point.pk,
            point.meeting.display_title,
            point.meeting.local_date.isoformat(),
            f"{point.section.number}. {point.section.title}",
            point.text,
            " ".join(a.acronym for a in point.owners),
            point.person,
            point.due.isoformat(),
            point.status,
            "yes" if point.is_overdue(today) else "",
            point.status_note,
        ]
        for point in points.iterator(chunk_size=500)
    )
    return csv_response(filename="action-points.csv", header=header, rows=rows)


def action_point_page(request, pk):
    """One action point, its history, and the status form for those who may update it."""
    point = get_object_or_404(action_points_qs(), pk=pk)
    _check(request.user, "minutes.view_actionpoint", point)
    can_update = request.user.has_perm("minutes.update_actionpoint", point)
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied
        form, saved = _status_update(request, point)
        if saved:
            return redirect(point)
    else:
        form = StatusForm(
            initial={"status": point.status, "note": point.status_note, "version": point.version}
        )
    return render(
        request,
        "minutes/action_point.html",
        {
            "point": point,
            "history": action_point_history(point),
            "form": form if can_update else None,
            "today": group_today(),
        },
    )


def _status_update(request, point) -> tuple[StatusForm, bool]:
    """Apply the posted status; the form comes back with the refusal next to its field."""
    form = StatusForm(request.POST)
    if not form.is_valid():
        return form, False
    try:
        services.action_point_set_status(
            action_point=point, actor=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return form, False
    except ConflictError as exc:
        # Keep what was typed; saving again applies it to the point as it is now.
        form.add_error(None, str(exc))
        point.refresh_from_db()
        form.data = form.data.copy()
        form.data["version"] = point.version
        return form, False
    messages.success(
        request,
        _("The action point is now %(status)s.")
        % {"status": ActionStatus(form.cleaned_data["status"]).label.lower()},
    )
    return form, True


def edition_akn(request, meeting_pk, number):
    """A published edition as Akoma Ntoso 3.0 XML, for archives and other systems."""
    minutes = _minutes(request, meeting_pk)
    edition = get_object_or_404(Edition, minutes=minutes, number=number)
    response = HttpResponse(edition_akn_bytes(edition), content_type="application/akn+xml")
    name = f"{edition.reference.replace('/', '-')}.akn.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
