"""Delegations: registering, the participant list, the CSV export, attendance."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.exports import csv_response
from core.forms import apply_service_errors
from meetings import services
from meetings.enums import MeetingStatus
from meetings.forms import (
    AddAttendeeForm,
    AddDelegateForm,
    AgencyChoiceForm,
    AttendanceForm,
    DelegationForm,
)
from meetings.models import Delegate
from meetings.selectors import meeting_participants, meeting_totals, meetings_with_chair
from meetings.services.delegations import delegation_candidates
from members.models import Agency
from members.rules import is_focal_point, is_secretariat
from members.selectors import secretariat_contacts


def _meeting(pk):
    return get_object_or_404(meetings_with_chair(), pk=pk)


def _registration_closed_for(user, meeting) -> bool:
    """A member focal point who could register, but after the deadline."""
    return bool(
        is_focal_point(user)
        and meeting.status == MeetingStatus.PLANNED
        and not meeting.registration_open
        and Agency.objects.members_on().filter(pk=user.agency_id).exists()
    )


def delegation(request, pk):
    meeting = _meeting(pk)
    if not request.user.has_perm("meetings.register_delegation", meeting):
        if _registration_closed_for(request.user, meeting):
            return render(
                request,
                "meetings/delegation_closed.html",
                {
                    "meeting": meeting,
                    "current": Delegate.objects.filter(
                        meeting=meeting, agency_id=request.user.agency_id
                    ).select_related("person"),
                    "secretariat": secretariat_contacts(),
                },
            )
        raise PermissionDenied
    if is_secretariat(request.user):
        chooser = AgencyChoiceForm(request.GET or None)
        if not chooser.is_valid():
            return render(
                request, "meetings/delegation_choose.html", {"meeting": meeting, "form": chooser}
            )
        agency = chooser.cleaned_data["agency"]
    else:
        agency = request.user.agency
        if agency is None or not Agency.objects.members_on().filter(pk=agency.pk).exists():
            raise PermissionDenied
    adding = request.method == "POST" and "add_person" in request.POST
    add_form = AddDelegateForm(request.POST if adding else None, prefix="new")
    if adding and add_form.is_valid():
        try:
            services.delegation_add_person(
                meeting=meeting, agency=agency, actor=request.user, **add_form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(add_form, exc)
        else:
            messages.success(
                request,
                _("%(person)s is in the delegation of %(agency)s.")
                % {"person": add_form.cleaned_data["full_name"], "agency": agency.acronym},
            )
            return redirect(request.get_full_path())
    current = list(Delegate.objects.filter(meeting=meeting, agency=agency))
    form = DelegationForm(
        None if adding else (request.POST or None),
        people=delegation_candidates(agency=agency),
        current=current,
    )
    if request.method == "POST" and not adding and form.is_valid():
        try:
            services.delegation_save(
                meeting=meeting, agency=agency, actor=request.user, entries=form.entries()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("The delegation of %(agency)s is saved.") % {"agency": agency.acronym}
            )
            return redirect(meeting)
    return render(
        request,
        "meetings/delegation.html",
        {"meeting": meeting, "agency": agency, "form": form, "add_form": add_form},
    )


def participants(request, pk):
    meeting = _meeting(pk)
    if not request.user.has_perm("meetings.view_participants", meeting):
        raise PermissionDenied
    return render(
        request,
        "meetings/participants.html",
        {
            "meeting": meeting,
            "delegates": meeting_participants(meeting=meeting),
            "totals": meeting_totals(meeting=meeting),
        },
    )


def participants_csv(request, pk):
    meeting = _meeting(pk)
    if not request.user.has_perm("meetings.view_participants", meeting):
        raise PermissionDenied
    header = [
        _("Agency"),
        _("Name"),
        _("E-mail"),
        _("Title"),
        _("Attendance"),
        _("Head of delegation"),
        _("Attended"),
    ]
    rows = (
        [
            d.agency.acronym,
            d.person.full_name,
            d.person.email,
            d.person.title,
            d.get_rsvp_display(),
            _("yes") if d.is_head else "",
            "" if d.attended is None else (_("yes") if d.attended else _("no")),
        ]
        for d in meeting_participants(meeting=meeting)
    )
    return csv_response(filename=f"participants-{meeting.pk}.csv", header=header, rows=rows)


def attendance(request, pk):
    meeting = _meeting(pk)
    if not request.user.has_perm("meetings.record_attendance", meeting):
        raise PermissionDenied
    delegates = list(meeting_participants(meeting=meeting))
    adding = request.method == "POST" and "add" in request.POST
    add_form = AddAttendeeForm(request.POST if adding else None, meeting=meeting)
    if adding and add_form.is_valid():
        try:
            services.attendance_add(meeting=meeting, actor=request.user, **add_form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(add_form, exc)
        else:
            messages.success(
                request,
                _("%(person)s is recorded as attending.")
                % {"person": add_form.cleaned_data["person"].full_name},
            )
            return redirect("meetings:attendance", pk=meeting.pk)
    form = AttendanceForm(None if adding else (request.POST or None), delegates=delegates)
    if request.method == "POST" and not adding and form.is_valid():
        try:
            services.attendance_record(
                meeting=meeting, actor=request.user, attended_ids=form.cleaned_data["attended"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The attendance is recorded."))
            return redirect(meeting)
    return render(
        request,
        "meetings/attendance.html",
        {"meeting": meeting, "form": form, "add_form": add_form, "delegates": delegates},
    )
