"""Form helpers every floor uses."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.search import search_filters, search_providers


def apply_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal next to the field it is about, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionedFormMixin(forms.Form):
    """Carries the version an edit started from, so a conflicting save is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AuditFilterForm(forms.Form):
    """The audit page's filters: who, what kind, which object, which days."""

    who = forms.CharField(label=_("Who"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("What kind"), required=False)
    model = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object number"), required=False, max_length=20)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, kinds, models, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any")), *((k, k) for k in kinds)]
        self.fields["model"].choices = [("", _("Any")), *models]


class SearchForm(forms.Form):
    """The search box and its filters; the filters' choices come from the floors."""

    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Only"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything"))] + [
            (p.kind, p.label) for p in search_providers
        ]
        self.filter_names = ["year"]
        for entry in search_filters:
            self.fields[entry.name] = forms.ChoiceField(
                label=entry.label, required=False, choices=[("", _("Any")), *entry.choices()]
            )
            self.filter_names.append(entry.name)
