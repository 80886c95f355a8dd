from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import generic
from django.views.decorators.http import require_POST
from rules.contrib.views import PermissionRequiredMixin, permission_required

from agenda import services
from agenda.akn import agenda_version_akn
from agenda.enums import ProposalState
from agenda.forms import (
    AgendaItemForm,
    DecisionForm,
    GuestOrganizationForm,
    GuestPersonForm,
    ProposalForm,
    later_meetings_than,
)
from agenda.models import AgendaItem, AgendaVersion, GuestInvitation, Paper, Proposal
from agenda.selectors import (
    agenda_items,
    papers_held_for,
    proposal_list,
    queue_for,
)
from core.errors import ConflictError
from core.exports import CsvExportMixin
from core.forms import apply_service_errors
from core.pagecache import cached_page
from core.redirects import redirect_next
from core.selectors import history_shown_to
from meetings.models import Meeting


class SingleLoadMixin:
    """The object is loaded once per request: the permission check and the page share it."""

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)
        return self._object


class PapersFormMixin:
    """A form with papers: files from earlier tries are kept, new ones stored at once.

    Nobody picks a file twice: a form sent back with an error lists the papers
    already on the server and carries their ids.
    """

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        held = papers_held_for(
            actor=request.user,
            ids=form.fields["held_papers"].to_python(request.POST.get("held_papers")),
        )
        for upload in request.FILES.getlist("new_papers"):
            try:
                held.append(services.paper_upload(file=upload, actor=request.user))
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("new_papers", message)
        form.data = form.data.copy()
        form.data["held_papers"] = ",".join(str(p.pk) for p in held)
        self.held = held
        if not form.is_valid():
            return self.form_invalid(form)
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("new_papers", "held_papers", "version")
        }
        return self.papers_form_valid(form, data, held)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form, held=self.held))


# --- Proposals --------------------------------------------------------------


@method_decorator(cached_page, name="dispatch")
class ProposalListView(PermissionRequiredMixin, generic.ListView):
    permission_required = "agenda.view_proposal_list"
    template_name = "agenda/proposal_list.html"
    context_object_name = "proposals"
    paginate_by = 25

    def get_queryset(self):
        return proposal_list(user=self.request.user, state=self.request.GET.get("state", ""))

    def get_context_data(self, **kwargs):
        return super().get_context_data(states=ProposalState.choices, **kwargs)


class ProposalCsvView(CsvExportMixin, ProposalListView):
    csv_filename = "topics.csv"

    def csv_header(self):
        return [
            "id",
            _("Title"),
            _("Agency"),
            _("Meeting"),
            _("State"),
            _("Late"),
            _("Purposes"),
            _("Submitted"),
            _("Summary"),
        ]

    def csv_row(self, proposal):
        return [
            proposal.pk,
            proposal.title,
            proposal.agency.acronym,
            proposal.meeting.display_title if proposal.meeting else _("next suitable meeting"),
            proposal.get_state_display(),
            _("yes") if proposal.is_late else "",
            "; ".join(str(p) for p in proposal.purposes.all()),
            proposal.submitted_at.date().isoformat() if proposal.submitted_at else "",
            proposal.summary,
        ]


class ProposalFormMixin(PapersFormMixin):
    form_class = ProposalForm
    template_name = "agenda/proposal_form.html"

    def papers_form_valid(self, form, data, papers):
        request = self.request
        version = form.cleaned_data.get("version")
        # Only a draft is submitted; a proposal already with the chair is just saved.
        # Saving and submitting are one transaction in the service.
        submit = "submit" in request.POST
        was_draft = self.object is None or self.object.state == ProposalState.DRAFT
        try:
            proposal = self.save(data, papers, version, submit=submit)
        except ConflictError as exc:
            form.add_error(None, str(exc))
            form.data["version"] = Proposal.objects.values_list("version", flat=True).get(
                pk=self.object.pk
            )
            return self.form_invalid(form)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        if submit and was_draft:
            messages.success(
                request,
                _("Your proposal is submitted to the chair of %(meeting)s.")
                % {"meeting": proposal.meeting},
            )
        elif proposal.state == ProposalState.DRAFT:
            messages.success(request, _("Your draft is saved."))
        else:
            messages.success(request, _("Your changes are saved."))
        return redirect(proposal)


class ProposalCreateView(PermissionRequiredMixin, ProposalFormMixin, generic.CreateView):
    permission_required = "agenda.add_proposal"

    def get_object(self):
        return None

    def get_initial(self):
        initial = {"level": "principals"}
        if meeting_id := self.request.GET.get("meeting", "").strip():
            meeting = (
                Meeting.objects.filter(pk=meeting_id).first() if meeting_id.isdigit() else None
            )
            if meeting:
                initial.update(meeting=meeting.pk, level=meeting.level)
        return initial

    def save(self, data, papers, version, submit):
        return services.proposal_create(
            actor=self.request.user, papers=papers, submit=submit, **data
        )


class ProposalUpdateView(
    SingleLoadMixin, PermissionRequiredMixin, ProposalFormMixin, generic.UpdateView
):
    permission_required = "agenda.change_proposal"
    queryset = Proposal.objects.select_related("meeting", "agency")

    def get_initial(self):
        return {"version": self.object.version}

    def save(self, data, papers, version, submit):
        return services.proposal_update(
            proposal=self.object,
            actor=self.request.user,
            version=version or 0,
            papers=papers,
            submit=submit,
            **data,
        )


class ProposalDetailView(SingleLoadMixin, PermissionRequiredMixin, generic.DetailView):
    permission_required = "agenda.view_proposal"
    template_name = "agenda/proposal_detail.html"
    context_object_name = "proposal"

    def get_queryset(self):
        return Proposal.objects.select_related(
            "meeting", "agency", "author", "decided_by", "deferred_from"
        ).prefetch_related("purposes", "papers", "guest_organizations", "decisions__actor")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("agenda.decide_proposal", self.object):
            context["decision_form"] = DecisionForm(
                later_meetings=later_meetings_than(self.object.meeting)
            )
        context["history"] = history_shown_to(self.request.user, self.object)
        return context


@require_POST
def proposal_action(request, pk, action):
    """Submit or withdraw (the proposer), or decide (the chair's office).

    The proposal (and its meeting, whose chair the rules work out) is loaded
    once and handed to the service, which checks the move's permission
    (``agenda.submit_proposal``, ``withdraw_proposal``, ``decide_proposal``):
    a move the table refuses comes back as a message, a refused rule as 403.
    """
    proposal = get_object_or_404(Proposal.objects.select_related("meeting", "agency"), pk=pk)
    if not request.user.has_perm("agenda.view_proposal", proposal):
        raise PermissionDenied
    if action == "decide":
        if not request.user.has_perm("agenda.decide_proposal", proposal):
            raise PermissionDenied
        form = DecisionForm(
            request.POST,
            later_meetings=later_meetings_than(proposal.meeting),
            prefix=request.POST.get("prefix") or None,
        )
        if not form.is_valid():
            messages.error(request, " ".join(m for e in form.errors.values() for m in e))
            return redirect_next(request, proposal.get_absolute_url())
        target, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        meeting = form.cleaned_data.get("defer_to")
    else:
        target = ProposalState.SUBMITTED if action == "submit" else ProposalState.WITHDRAWN
        note, meeting = "", None
    try:
        services.proposal_transition(
            proposal=proposal, to=target, actor=request.user, note=note, meeting=meeting
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The proposal is now %(state)s.") % {"state": ProposalState(target).label.lower()},
        )
    return redirect_next(request, proposal.get_absolute_url())


# --- Queue ------------------------------------------------------------------


def _meeting_with_agenda(meeting_pk) -> Meeting:
    """The meeting, its frozen chair and its agenda (every meeting has one from its creation)."""
    return get_object_or_404(
        Meeting.objects.select_related("agenda", "frozen_chair"), pk=meeting_pk
    )


def _meeting_for(request, meeting_pk, perm: str) -> Meeting:
    """The meeting, loaded once, after ``perm`` on it (the one its service checks too)."""
    meeting = _meeting_with_agenda(meeting_pk)
    if not request.user.has_perm(perm, meeting):
        raise PermissionDenied
    return meeting


def _agenda_of(meeting: Meeting):
    agenda = getattr(meeting, "agenda", None)
    if agenda is None:
        raise Http404
    return agenda


class MeetingMixin:
    """Views about one meeting: the permission is checked against the meeting."""

    def get_permission_object(self):
        return self.meeting

    def dispatch(self, request, *args, **kwargs):
        self.meeting = _meeting_with_agenda(kwargs["meeting_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)


def _options(choices):
    """A select's options as markup, the empty one chosen: written once for a page."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == "" else "", label) for value, label in choices),
    )


# No meeting has that many decided topics: a larger window number is the first one.
MAX_WINDOW = 1000


def _window_number(value) -> int:
    """The ``older`` parameter: how many windows back, 0 (the latest) when absent or wrong."""
    try:
        number = int(value or 0)
    except ValueError:
        return 0
    return number if 0 <= number <= MAX_WINDOW else 0


@method_decorator(cached_page, name="dispatch")
class QueueView(MeetingMixin, PermissionRequiredMixin, generic.TemplateView):
    permission_required = "agenda.view_queue"
    template_name = "agenda/queue.html"

    def get_context_data(self, **kwargs):
        older = _window_number(self.request.GET.get("older"))
        proposals, more = queue_for(meeting=self.meeting, older=older)
        user = self.request.user
        rows = []
        for p in proposals:
            # The meeting is this page's: its chair is worked out once for all rows.
            p.meeting = self.meeting
            # The id as text, written a dozen times in a row's form: once, not localized each time.
            key = str(p.pk)
            rows.append(
                {
                    "proposal": p,
                    "key": key,
                    "can_decide": user.has_perm("agenda.decide_proposal", p),
                }
            )
        # One decision form for the whole queue: each row repeats its fields with its own
        # prefix (p<pk>), so the labels, choices and later meetings are worked out once.
        form = DecisionForm(later_meetings=later_meetings_than(self.meeting))
        defer_options = _options(form.fields["defer_to"].choices)
        return super().get_context_data(
            rows=rows,
            older=older,
            # The queue's history in windows: a link to the decided topics before these.
            older_window=older + 1 if more else None,
            newer_window=older - 1 if older else None,
            decision_form=form,
            decision_choices=[
                (value, label, str(index))
                for index, (value, label) in enumerate(form.fields["decision"].choices)
            ],
            defer_options=defer_options,
            **kwargs,
        )


# --- The agenda -------------------------------------------------------------


@method_decorator(cached_page, name="dispatch")
class AgendaView(MeetingMixin, PermissionRequiredMixin, generic.TemplateView):
    """The chair's office builds the draft here; everyone else sees the latest version."""

    permission_required = "agenda.view_agenda"
    template_name = "agenda/agenda.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        versions = list(
            AgendaVersion.objects.filter(agenda__meeting=self.meeting)
            .select_related("agenda")
            .order_by("-number")
        )
        context["versions"] = versions
        context["out_of_date"] = bool(versions) and versions[0].is_out_of_date_for(self.meeting)
        agenda = getattr(self.meeting, "agenda", None)
        if agenda is not None and user.has_perm("agenda.view_draft_agenda", self.meeting):
            items = agenda_items(agenda=agenda)
            total = sum(item.minutes for item in items)
            length = int((self.meeting.end - self.meeting.start).total_seconds() // 60)
            context.update(
                agenda=agenda,
                items=items,
                total_minutes=total,
                meeting_minutes=length,
                too_long=total > length,
                invitations=GuestInvitation.objects.filter(meeting=self.meeting)
                .select_related("organization")
                .prefetch_related("people", "items"),
                guest_form=GuestPersonForm(),
            )
            if user.has_perm("agenda.change_agenda", self.meeting):
                # The invitation form's fields, written in the page: its organizations are
                # read only for those the page shows the form to.
                form = GuestOrganizationForm(agenda=agenda, items=items, auto_id="org_%s")
                context.update(
                    organization_form=form,
                    organization_options=_options(form.fields["organization"].widget.choices),
                    item_choices=form.fields["items"].widget.choices,
                )
        elif versions:
            context["version"] = versions[0]
        return context


class AgendaVersionView(MeetingMixin, PermissionRequiredMixin, generic.TemplateView):
    permission_required = "agenda.view_agenda"
    template_name = "agenda/version.html"

    def get_context_data(self, **kwargs):
        version = get_object_or_404(
            AgendaVersion, agenda__meeting=self.meeting, number=self.kwargs["number"]
        )
        return super().get_context_data(
            version=version, out_of_date=version.is_out_of_date_for(self.meeting), **kwargs
        )


class AgendaItemFormView(
    MeetingMixin, PermissionRequiredMixin, PapersFormMixin, generic.UpdateView
):
    permission_required = "agenda.change_agenda"
    form_class = AgendaItemForm
    template_name = "agenda/item_form.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        self.agenda = _agenda_of(self.meeting)
        if "pk" in self.kwargs:
            return get_object_or_404(AgendaItem, pk=self.kwargs["pk"], agenda=self.agenda)
        return AgendaItem(agenda=self.agenda)

    def get_initial(self):
        return {"version": self.agenda.version}

    def papers_form_valid(self, form, data, papers):
        request = self.request
        try:
            services.agenda_item_save(
                agenda=self.agenda,
                actor=request.user,
                version=form.cleaned_data["version"],
                item=self.object if self.object.pk else None,
                papers=papers,
                **data,
            )
        except (ConflictError, ValidationError) as exc:
            if isinstance(exc, ValidationError):
                apply_service_errors(form, exc)
            else:
                # Keep what was typed; saving again applies it to the agenda as it is now.
                form.add_error(None, str(exc))
                self.agenda.refresh_from_db(fields=["version"])
                form.data["version"] = self.agenda.version
            return self.form_invalid(form)
        messages.success(request, _("The agenda is saved."))
        return redirect("agenda:agenda", meeting_pk=self.meeting.pk)


def _agenda_meeting(request, meeting_pk, **kwargs):
    return get_object_or_404(Meeting, pk=meeting_pk)


@require_POST
def agenda_item_action(request, meeting_pk, pk, action):
    """Move an item up or down, or remove it; refused if the agenda changed meanwhile."""
    meeting = _meeting_for(request, meeting_pk, "agenda.change_agenda")
    agenda = _agenda_of(meeting)
    item = get_object_or_404(AgendaItem, pk=pk, agenda=agenda)
    item.agenda = agenda
    version = int(request.POST.get("version") or 0)
    try:
        if action == "remove":
            services.agenda_item_remove(item=item, actor=request.user, version=version)
            messages.success(request, _("The item was removed."))
        else:
            services.agenda_item_move(
                item=item, actor=request.user, version=version, direction=action
            )
    except ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("agenda:agenda", args=[meeting_pk]) + f"#item-{pk}")


@require_POST
def agenda_publish(request, meeting_pk):
    meeting = _meeting_for(request, meeting_pk, "agenda.publish_agenda")
    agenda = _agenda_of(meeting)
    try:
        version = services.agenda_publish(
            agenda=agenda, actor=request.user, version=int(request.POST.get("version") or 0)
        )
    except (ConflictError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("agenda:agenda", meeting_pk=meeting.pk)
    messages.success(
        request,
        _("Version %(n)s is published as %(ref)s; the participants are being told.")
        % {"n": version.number, "ref": version.reference},
    )
    return redirect(version)


@require_POST
def guest_organization_add(request, meeting_pk):
    meeting = _meeting_for(request, meeting_pk, "agenda.change_agenda")
    agenda = _agenda_of(meeting)
    form = GuestOrganizationForm(request.POST, agenda=agenda)
    if form.is_valid():
        try:
            services.guest_invitation_save(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(org)s is invited. Name its guests below.")
                % {"org": form.cleaned_data["organization"].name},
            )
    else:
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
    return redirect(reverse("agenda:agenda", args=[meeting_pk]) + "#guests")


@require_POST
def guest_person_add(request, meeting_pk, pk):
    meeting = _meeting_for(request, meeting_pk, "agenda.change_agenda")
    invitation = get_object_or_404(
        GuestInvitation.objects.select_related("organization"), pk=pk, meeting=meeting
    )
    invitation.meeting = meeting
    form = GuestPersonForm(request.POST)
    if form.is_valid():
        try:
            person = services.guest_person_invite(
                invitation=invitation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(person)s is invited for %(org)s.")
                % {"person": person, "org": invitation.organization},
            )
    else:
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
    return redirect(reverse("agenda:agenda", args=[meeting_pk]) + "#guests")


# --- Files ------------------------------------------------------------------


def paper_download(request, pk):
    paper = get_object_or_404(
        Paper.objects.select_related("proposal__meeting", "item__agenda__meeting"), pk=pk
    )
    if not request.user.has_perm("agenda.view_paper", paper):
        raise PermissionDenied
    return FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=paper.name,
        content_type=paper.content_type,
    )


@permission_required("agenda.view_agenda", fn=_agenda_meeting, raise_exception=True)
def agenda_akn(request, meeting_pk, number):
    """The published version as Akoma Ntoso 3.0 XML, for archives and other systems."""
    version = get_object_or_404(AgendaVersion, agenda__meeting_id=meeting_pk, number=number)
    response = HttpResponse(agenda_version_akn(version), content_type="application/akn+xml")
    name = f"{version.reference.replace('/', '-')}.akn.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@permission_required("agenda.adopt_guest_name", raise_exception=True)
def guest_name_adopt(request):
    """The secretariat's one click: a name typed in proposals becomes a directory entry."""
    try:
        organization, count = services.guest_name_adopt(
            key=request.POST.get("key", ""), actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(org)s is in the directory now; the proposal that named it lists it as a"
                " guest wished.",
                "%(org)s is in the directory now; the %(count)s proposals that named it list it"
                " as a guest wished.",
                count,
            )
            % {"org": organization.name, "count": count},
        )
    return redirect("dashboard")
