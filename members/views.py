from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import generic
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from rules.contrib.views import PermissionRequiredMixin, permission_required

from core.errors import ConflictError
from core.exports import CsvExportMixin
from core.forms import apply_service_errors
from core.i18n import number
from core.pagecache import cached_page
from core.redirects import redirect_next, safe_next_url
from core.registry import dashboard_panels, panels_for
from core.selectors import history_shown_to
from core.submissions import OnceViewMixin
from members import services
from members.forms import (
    AgencyCreateForm,
    AgencyEditForm,
    AgencyFilterForm,
    AnnouncementForm,
    EndMembershipForm,
    OrganizationForm,
    PersonEditForm,
    PersonFilterForm,
    PersonInviteForm,
    ProfileForm,
    RejoinForm,
)
from members.models import Agency, Announcement, Organization, Person
from members.panels import agency_panels, person_panels
from members.selectors import agency_directory, agency_page, people_list

PAGE_SIZE = 25


class FilteredListMixin:
    """A list page with a GET filter form and pagination."""

    filter_form_class = None
    paginate_by = PAGE_SIZE

    def get_filter_form(self):
        return self.filter_form_class(self.request.GET or None)

    def get_filters(self, form):
        return form.cleaned_data if form.is_valid() else {}

    def get_queryset(self):
        self.filter_form = self.get_filter_form()
        return self.filtered_queryset(**self.get_filters(self.filter_form))

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filter_form, query_string=query.urlencode(), **kwargs
        )


# --- Sign-in ----------------------------------------------------------------


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The one-time link from an invitation: choose a password and you are signed in."""

    template_name = "members/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "members.backends.EmailBackend"
    success_url = reverse_lazy("dashboard")
    reset_url_token = "welcome"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Welcome. Your password is set and you are signed in."))
        return response


# --- Dashboard and profile --------------------------------------------------


@method_decorator(cached_page, name="dispatch")
class DashboardView(PermissionRequiredMixin, generic.TemplateView):
    permission_required = "members.edit_own_profile"
    template_name = "members/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(panels=panels_for(dashboard_panels, self.request), **kwargs)


class ProfileView(PermissionRequiredMixin, generic.UpdateView):
    permission_required = "members.edit_own_profile"
    form_class = ProfileForm
    template_name = "members/profile.html"
    success_url = reverse_lazy("profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        services.profile_update(
            person=self.request.user,
            actor=self.request.user,
            **{f: form.cleaned_data[f] for f in form.fields},
        )
        messages.success(self.request, _("Your profile is saved."))
        response = HttpResponseRedirect(self.get_success_url())
        response.set_cookie("django_language", form.cleaned_data["language"])
        return response


# --- Agencies ---------------------------------------------------------------


@method_decorator(cached_page, name="dispatch")
class AgencyListView(PermissionRequiredMixin, FilteredListMixin, generic.ListView):
    permission_required = "members.view_directory"
    template_name = "members/agency_list.html"
    filter_form_class = AgencyFilterForm
    context_object_name = "agencies"

    def filtered_queryset(self, q="", kind="", status="", **_):
        return agency_directory(q=q, kind=kind, status=status or "current")


class AgencyCsvView(CsvExportMixin, AgencyListView):
    csv_filename = "members.csv"

    def csv_header(self):
        return [_("Acronym"), _("Name"), _("Kind"), _("Website"), _("Member"), _("Focal points")]

    def csv_row(self, agency):
        member = _("yes") if agency.is_member else _("no")
        kind = agency.get_kind_display()
        return [agency.acronym, agency.name, kind, agency.website, member, agency.focal_point_count]


class AgencyDetailView(PermissionRequiredMixin, generic.DetailView):
    permission_required = "members.view_agency"
    template_name = "members/agency_detail.html"
    context_object_name = "agency"

    def get_queryset(self):
        return agency_page(
            pk=self.kwargs["pk"],
            include_inactive=self.request.user.has_perm("members.change_agency"),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            history=history_shown_to(self.request.user, self.object),
            panels=panels_for(agency_panels, self.request, self.object),
            **kwargs,
        )


class AgencyCreateView(PermissionRequiredMixin, generic.FormView):
    extra_context = {"page_title": _("Add an agency"), "submit_label": _("Add the agency")}
    permission_required = "members.add_agency"
    form_class = AgencyCreateForm
    template_name = "members/agency_form.html"

    def form_valid(self, form):
        agency = services.agency_create(actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("%(agency)s was added.") % {"agency": agency})
        return redirect(agency)


class VersionedUpdateMixin:
    """An edit with optimistic locking: a conflicting save is shown, never applied."""

    success_message = ""

    def get_initial(self):
        return {**super().get_initial(), "version": self.object.version}

    def save(self, current, version, data):
        raise NotImplementedError

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        current = get_object_or_404(self.model, pk=self.object.pk)
        try:
            self.save(current, version, data)
        except ConflictError as exc:
            form.add_error(None, str(exc))
            form.data = form.data.copy()
            form.data["version"] = current.version
            values = [(form[name].label, _display(current, name)) for name in form.Meta.fields]
            return self.render_to_response(
                self.get_context_data(form=form, conflict=True, conflict_values=values)
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"name": current})
        return redirect(self.get_success_url_for(current))


def _display(obj, name):
    field = obj._meta.get_field(name)
    if field.choices:
        return getattr(obj, f"get_{name}_display")()
    return getattr(obj, name)


class AgencyUpdateView(PermissionRequiredMixin, VersionedUpdateMixin, generic.UpdateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Edit %(name)s") % {"name": self.object.acronym}, **kwargs
        )

    permission_required = "members.change_agency"
    model = Agency
    form_class = AgencyEditForm
    template_name = "members/agency_form.html"
    success_message = _("%(name)s was saved.")

    def save(self, current, version, data):
        services.agency_update(agency=current, actor=self.request.user, version=version, **data)

    def get_success_url_for(self, agency):
        return agency.get_absolute_url()


class AgencyMembershipView(
    PermissionRequiredMixin, generic.detail.SingleObjectMixin, generic.FormView
):
    def get_page_title(self):
        if self.action == "end":
            return _("End the membership of %(name)s") % {"name": self.object.acronym}
        return _("%(name)s re-joins") % {"name": self.object.acronym}

    """End a membership or re-join: one small form, one service."""

    permission_required = "members.change_agency"
    model = Agency
    template_name = "members/agency_membership.html"
    action = None  # "end" or "rejoin"

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return EndMembershipForm if self.action == "end" else RejoinForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action=self.action, page_title=self.get_page_title(), **kwargs
        )

    def form_valid(self, form):
        try:
            if self.action == "end":
                services.agency_end_membership(
                    agency=self.object, actor=self.request.user, end=form.cleaned_data["end"]
                )
                messages.success(self.request, _("The membership was ended."))
            else:
                services.agency_rejoin(
                    agency=self.object, actor=self.request.user, start=form.cleaned_data["start"]
                )
                messages.success(self.request, _("The agency is a member again."))
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect(self.object)


# --- Organizations ----------------------------------------------------------


class OrganizationListView(PermissionRequiredMixin, generic.ListView):
    permission_required = "members.view_organization"
    model = Organization
    template_name = "members/organization_list.html"
    context_object_name = "organizations"
    paginate_by = PAGE_SIZE


class OrganizationFormView(PermissionRequiredMixin, generic.UpdateView):
    def get_context_data(self, **kwargs):
        title = (
            _("Edit %(name)s") % {"name": self.object}
            if self.object.pk
            else _("Add an organization")
        )
        return super().get_context_data(page_title=title, **kwargs)

    permission_required = "members.change_organization"
    model = Organization
    form_class = OrganizationForm
    template_name = "members/organization_form.html"
    success_url = reverse_lazy("members:organization_list")

    def get_object(self, queryset=None):
        return super().get_object(queryset) if "pk" in self.kwargs else Organization()

    def form_valid(self, form):
        services.organization_save(actor=self.request.user, organization=form.instance)
        messages.success(self.request, _("%(org)s was saved.") % {"org": form.instance})
        return redirect(self.success_url)


# --- People -----------------------------------------------------------------


@method_decorator(cached_page, name="dispatch")
class PersonListView(PermissionRequiredMixin, FilteredListMixin, generic.ListView):
    permission_required = "members.view_person"
    template_name = "members/person_list.html"
    filter_form_class = PersonFilterForm
    context_object_name = "people"

    def filtered_queryset(self, q="", role="", agency=None, active="", **_):
        return people_list(q=q, role=role, agency=agency, active=active)


class PersonCsvView(CsvExportMixin, PersonListView):
    csv_filename = "people.csv"

    def csv_header(self):
        return [
            _("Name"),
            _("E-mail"),
            _("Title"),
            _("Role"),
            _("Agency or organization"),
            _("Language"),
            _("Time zone"),
            _("Active"),
            _("Has signed in"),
        ]

    def csv_row(self, person):
        return [
            person.full_name,
            person.email,
            person.title,
            person.get_role_display(),
            str(person.affiliation or ""),
            person.language,
            person.time_zone,
            _("yes") if person.is_active else _("no"),
            _("yes") if person.last_login else _("no"),
        ]


class PersonInviteView(PermissionRequiredMixin, OnceViewMixin, generic.FormView):
    once_fallback_url = reverse_lazy("members:person_list")
    extra_context = {"page_title": _("Invite a person"), "submit_label": _("Send the invitation")}
    permission_required = "members.add_person"
    form_class = PersonInviteForm
    template_name = "members/person_invite.html"

    def get_initial(self):
        initial = {"language": "en", "time_zone": "Europe/Zurich"}
        if agency_id := self.request.GET.get("agency", "").strip():
            initial["agency"] = agency_id
            initial["role"] = "focal_point"
        return initial

    def form_valid(self, form):
        try:
            person = services.person_invite(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(person)s was added and an invitation is on its way to %(email)s.")
            % {"person": person, "email": person.email},
        )
        return redirect(person.agency or "members:person_list")


class PersonUpdateView(PermissionRequiredMixin, VersionedUpdateMixin, generic.UpdateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Edit %(name)s") % {"name": self.object},
            panels=panels_for(person_panels, self.request, self.object),
            **kwargs,
        )

    permission_required = "members.change_person"
    model = Person
    form_class = PersonEditForm
    template_name = "members/person_form.html"
    context_object_name = "person"
    success_message = _("%(name)s was saved.")

    def save(self, current, version, data):
        services.person_update(person=current, actor=self.request.user, version=version, **data)

    def get_success_url_for(self, person):
        return reverse("members:person_list")


@permission_required(
    "members.change_person",
    fn=lambda request, pk: get_object_or_404(Person, pk=pk),
    raise_exception=True,
)
def person_deactivate_confirm(request, pk):
    """Asks before deactivating: what it does, and the button that does it."""
    person = get_object_or_404(Person, pk=pk)
    target = safe_next_url(request, reverse("members:person_list"))
    return render(request, "members/person_deactivate.html", {"person": person, "next": target})


@require_POST
@permission_required(
    "members.change_person",
    fn=lambda request, pk, action: get_object_or_404(Person, pk=pk),
    raise_exception=True,
)
def person_action(request, pk, action):
    """Deactivate, reactivate or invite again: small POST-only actions."""
    person = get_object_or_404(Person, pk=pk)
    if action == "deactivate" and request.POST.get("confirm") != "yes":
        # Deactivating is asked twice: the list's button leads to the question.
        return redirect("members:person_deactivate_confirm", pk=person.pk)
    try:
        if action == "deactivate":
            services.person_set_active(person=person, actor=request.user, active=False)
            messages.success(request, _("%(person)s can no longer sign in.") % {"person": person})
        elif action == "reactivate":
            services.person_set_active(person=person, actor=request.user, active=True)
            messages.success(request, _("%(person)s can sign in again.") % {"person": person})
        else:
            services.person_reinvite(person=person, actor=request.user)
            messages.success(
                request, _("A new invitation is on its way to %(email)s.") % {"email": person.email}
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect_next(request, reverse("members:person_list"))


# --- Announcements ----------------------------------------------------------


class AnnouncementListView(PermissionRequiredMixin, generic.ListView):
    permission_required = "members.view_announcement"
    template_name = "members/announcement_list.html"
    context_object_name = "announcements"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Announcement.objects.select_related("author", "agency")


class AnnouncementCreateView(PermissionRequiredMixin, OnceViewMixin, generic.FormView):
    once_fallback_url = reverse_lazy("members:announcement_list")
    extra_context = {"page_title": _("Write an announcement"), "submit_label": _("Send")}
    permission_required = "members.add_announcement"
    form_class = AnnouncementForm
    template_name = "members/announcement_form.html"

    def form_valid(self, form):
        announcement = services.announcement_send(actor=self.request.user, **form.cleaned_data)
        messages.success(
            self.request,
            ngettext(
                "The announcement is on its way to %(count)s person.",
                "The announcement is on its way to %(count)s people.",
                announcement.recipient_count,
            )
            % {"count": number(announcement.recipient_count)},
        )
        return redirect("members:announcement_list")


@method_decorator(require_POST, name="dispatch")
class LanguageView(generic.View):
    """The header's language switcher; a signed-in person's choice is saved to their profile."""

    def post(self, request):
        language = request.POST.get("language", "")
        if request.user.is_authenticated and language in dict(
            Person._meta.get_field("language").choices
        ):
            services.profile_update(person=request.user, actor=request.user, language=language)
        return set_language(request)
