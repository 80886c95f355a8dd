"""Form helpers every floor uses."""

from django import forms
from django.core.exceptions import ValidationError


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
