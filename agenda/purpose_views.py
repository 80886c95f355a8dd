"""The secretariat's list of the group's purposes: add, rename, retire, reinstate."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_POST
from rules.contrib.views import PermissionRequiredMixin, permission_required

from agenda.models import Proposal, PurposeTag, StandingItemSetting
from agenda.services import purposes as services
from agenda.services.items import STANDING, standing_item_update
from core.forms import VersionedFormMixin, apply_service_errors
from members.views import VersionedUpdateMixin


class PurposeAddForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("New purpose"), max_length=200)


class PurposeEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = PurposeTag
        fields = ["title"]


class PurposeListView(PermissionRequiredMixin, generic.FormView):
    """Every purpose, in use or retired, with how many topics name it."""

    permission_required = "agenda.manage_purposes"
    template_name = "agenda/purposes.html"
    form_class = PurposeAddForm

    def get_context_data(self, **kwargs):
        used = dict(
            Proposal.purposes.through.objects.order_by()
            .values_list("purposetag_id")
            .annotate(n=Count("pk"))
        )
        purposes = list(PurposeTag.objects.order_by("position", "code"))
        for purpose in purposes:
            purpose.topics = used.get(purpose.code, 0)
        order = [code for code, _position, _minutes in STANDING]
        standing = sorted(StandingItemSetting.objects.all(), key=lambda s: order.index(s.code))
        return super().get_context_data(purposes=purposes, standing=standing, **kwargs)

    def form_valid(self, form):
        try:
            purpose = services.purpose_add(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(title)s” is a purpose now.") % {"title": purpose})
        return redirect("agenda:purposes")


class PurposeEditView(PermissionRequiredMixin, VersionedUpdateMixin, generic.UpdateView):
    permission_required = "agenda.manage_purposes"
    model = PurposeTag
    form_class = PurposeEditForm
    template_name = "agenda/purpose_form.html"
    success_message = gettext_lazy("The purpose “%(name)s” was saved.")

    def get_permission_object(self):
        return None  # the secretariat's right, whatever the purpose: asked before it is read

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Rename the purpose “%(title)s”") % {"title": self.object}, **kwargs
        )

    def save(self, current, version, data):
        services.purpose_rename(purpose=current, actor=self.request.user, version=version, **data)

    def get_success_url_for(self, purpose):
        return "agenda:purposes"


@require_POST
@permission_required("agenda.manage_purposes", raise_exception=True)
def purpose_retire(request, pk, retired):
    purpose = get_object_or_404(PurposeTag, pk=pk)
    services.purpose_set_retired(purpose=purpose, actor=request.user, retired=retired)
    if retired:
        text = _("“%(title)s” is retired: it is no longer offered, and what names it keeps it.")
    else:
        text = _("“%(title)s” is offered again.")
    messages.success(request, text % {"title": purpose})
    return redirect("agenda:purposes")


class StandingItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = StandingItemSetting
        fields = ["title", "minutes", "included"]
        help_texts = {
            "title": gettext_lazy("Empty: its usual name, in each reader's language."),
            "included": gettext_lazy(
                "Agendas already made keep their items; this is for the agendas of new meetings."
            ),
        }


class StandingItemEditView(PermissionRequiredMixin, VersionedUpdateMixin, generic.UpdateView):
    permission_required = "agenda.manage_standing_items"
    model = StandingItemSetting
    form_class = StandingItemForm
    template_name = "agenda/purpose_form.html"
    success_message = gettext_lazy("The standing item “%(name)s” was saved.")

    def get_permission_object(self):
        return None  # the secretariat's right: asked before the row is read

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("The standing item “%(title)s” on new agendas") % {"title": self.object},
            **kwargs,
        )

    def save(self, current, version, data):
        standing_item_update(setting=current, actor=self.request.user, version=version, **data)

    def get_success_url_for(self, setting):
        return "agenda:purposes"
