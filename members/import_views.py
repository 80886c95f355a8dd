"""The secretariat's import (upload, preview, confirm) and the export of the same columns."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import generic
from django.views.decorators.http import require_POST
from rules.contrib.views import PermissionRequiredMixin, permission_required

from core.errors import ConflictError
from core.exports import csv_response, xlsx_response
from core.uploads import OFFICE_TYPES, check_upload
from members import imports
from members.models import Agency, DirectoryImport, Membership, Organization, Person

UPLOAD_TYPES = {"csv": "text/csv", "xlsx": OFFICE_TYPES["xlsx"]}
EXPORT_PERMISSIONS = {
    imports.AGENCIES: "members.view_directory",
    imports.ORGANIZATIONS: "members.view_organization",
    imports.PEOPLE: "members.view_person",
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file lists"),
        choices=list(imports.KIND_LABELS.items()),
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A CSV file (UTF-8) or an Excel workbook (.xlsx); the first row names the columns,"
            " as in the files downloaded below."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        self.content_type, self.sha256 = check_upload(
            file, allowed=UPLOAD_TYPES, max_mb=settings.GMG_IMPORT_MAX_MB
        )
        return file


class ConfirmForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput)
    invite = forms.BooleanField(
        label=gettext_lazy("Send each new person an invitation to choose a password"),
        required=False,
    )


class ImportView(PermissionRequiredMixin, generic.FormView):
    """Upload a file: it is kept, read and shown as a preview; nothing is imported yet."""

    permission_required = "members.import_directory"
    form_class = ImportForm
    template_name = "members/import.html"

    def get_context_data(self, **kwargs):
        kinds = [(k, label, imports.COLUMNS[k]) for k, label in imports.KIND_LABELS.items()]
        return super().get_context_data(kinds=kinds, **kwargs)

    def form_valid(self, form):
        file = form.cleaned_data["file"]
        file.seek(0)
        try:
            upload = imports.import_upload(
                actor=self.request.user,
                kind=form.cleaned_data["kind"],
                name=file.name,
                data=file.read(),
                sha256=form.sha256,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
            return self.form_invalid(form)
        return redirect("members:import_preview", upload.pk)


class ImportPreviewView(PermissionRequiredMixin, generic.TemplateView):
    """Row by row what the import would create, change or leave, and each row's problems."""

    permission_required = "members.import_directory"
    template_name = "members/import_preview.html"

    def get_context_data(self, **kwargs):
        upload = get_object_or_404(DirectoryImport, pk=self.kwargs["pk"])
        context = {"upload": upload, "kind_label": imports.KIND_LABELS[upload.kind]}
        if upload.applied_at is None:
            plan = imports.import_plan(upload)
            context.update(
                plan=plan,
                counts=plan.counts,
                form=kwargs.pop("form", None) or ConfirmForm(initial={"digest": plan.digest}),
            )
        return super().get_context_data(**context, **kwargs)


@require_POST
@permission_required("members.import_directory", raise_exception=True)
def import_confirm(request, pk):
    upload = get_object_or_404(DirectoryImport, pk=pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        counts = imports.import_apply(
            upload=upload,
            actor=request.user,
            digest=form.cleaned_data["digest"],
            invite=form.cleaned_data["invite"],
        )
    except imports.PlanChangedError:
        messages.error(
            request,
            _(
                "The directory changed since this preview (someone saved one of these rows)."
                " Here is the preview again: check it and confirm."
            ),
        )
        return redirect("members:import_preview", upload.pk)
    except (ValidationError, ConflictError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("members:import_preview", upload.pk)
    text = _("Imported: %(created)s new, %(changed)s changed, %(unchanged)s unchanged.") % {
        "created": counts[imports.CREATE],
        "changed": counts[imports.CHANGE],
        "unchanged": counts[imports.UNCHANGED],
    }
    if counts["invited"]:
        n = counts["invited"]
        text += " " + ngettext(
            "%(n)s invitation is on its way.", "%(n)s invitations are on their way.", n
        ) % {"n": n}
    messages.success(request, text)
    return redirect("members:import_preview", upload.pk)


# --- Export -------------------------------------------------------------------


def _agency_rows():
    # The first membership's start: what the import reads as "member from".
    starts = {}
    periods = Membership.objects.order_by("agency_id", "start").values_list("agency_id", "start")
    for agency_id, start in periods:
        starts.setdefault(agency_id, start)
    for agency in Agency.objects.order_by("acronym").iterator(chunk_size=500):
        yield [agency.acronym, agency.name, agency.kind, agency.website, starts.get(agency.pk, "")]


def _organization_rows():
    for org in Organization.objects.order_by("name").iterator(chunk_size=500):
        yield [org.name, org.acronym, org.website, org.contact_name, org.contact_email]


def _person_rows():
    people = (
        Person.objects.exclude(role="secretariat")
        .select_related("agency", "organization")
        .order_by("email")
    )
    for p in people.iterator(chunk_size=500):
        yield [
            p.email,
            p.full_name,
            p.title,
            p.phone,
            p.role,
            p.agency.acronym if p.agency else "",
            p.organization.name if p.organization else "",
            p.language,
            p.time_zone,
        ]


EXPORT_ROWS = {
    imports.AGENCIES: _agency_rows,
    imports.ORGANIZATIONS: _organization_rows,
    imports.PEOPLE: _person_rows,
}


def directory_export(request, kind, fmt):
    """Agencies, organizations or people in the import's columns, as CSV or .xlsx."""
    # Deny first: an unknown kind asks for the secretariat's right.
    if not request.user.has_perm(EXPORT_PERMISSIONS.get(kind, "members.view_person")):
        raise PermissionDenied
    if kind not in EXPORT_ROWS or fmt not in ("csv", "xlsx"):
        raise Http404
    make = csv_response if fmt == "csv" else xlsx_response
    return make(filename=f"{kind}.{fmt}", header=imports.COLUMNS[kind], rows=EXPORT_ROWS[kind]())
