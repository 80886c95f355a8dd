from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agenda.models import PurposeTag
from core.forms import DateInput, VersionedFormMixin
from decisions.enums import DecisionHow, DecisionStatus, ResponseKind
from decisions.models import Decision
from decisions.services.procedures import deadline_from_local
from meetings.enums import Level
from members.models import time_zone_options

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists with - or 1., links as [text](https://…).")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DeadlineMixin(forms.Form):
    """A deadline as a date and a time in a named zone; ``cleaned_data["deadline"]`` in UTC."""

    deadline_date = forms.DateField(label=_("Deadline: date"), widget=DateInput())
    deadline_time = forms.TimeField(label=_("Deadline: time"), widget=TimeInput())

    def deadline_zone(self) -> str:
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        day, time, zone = data.get("deadline_date"), data.get("deadline_time"), self.deadline_zone()
        if day and time and zone:
            try:
                data["deadline"] = deadline_from_local(day, time, zone)
            except ValidationError as exc:
                for field, errors in exc.error_dict.items():
                    self.add_error(field, errors)
        return data


class ProcedureForm(DeadlineMixin):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Draft decision"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HELP,
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why the decision is proposed now; Markdown too."),
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    purposes = forms.ModelMultipleChoiceField(
        label=_("Purposes of the Terms of Reference it serves"),
        queryset=PurposeTag.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone of the deadline"), choices=time_zone_options, initial="Europe/Zurich"
    )
    supersedes = forms.ModelChoiceField(
        label=_("Supersedes the decision (optional)"),
        queryset=Decision.objects.filter(status=DecisionStatus.IN_FORCE).order_by(
            "-year", "-number"
        ),
        required=False,
        help_text=_("If adopted, that decision is marked superseded by this one."),
    )
    field_order = [
        "title",
        "text",
        "explanation",
        "level",
        "purposes",
        "deadline_date",
        "deadline_time",
        "time_zone",
        "supersedes",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offered_purposes(self)

    def deadline_zone(self) -> str:
        return self.cleaned_data.get("time_zone", "")

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "text": data["text"],
            "explanation": data["explanation"],
            "level": data["level"],
            "deadline": data["deadline"],
            "time_zone": data["time_zone"],
            "supersedes": data["supersedes"],
            "purposes": data["purposes"],
        }


class ProcedureEditForm(VersionedFormMixin, ProcedureForm):
    pass


def _offered_purposes(form) -> None:
    named = [getattr(p, "pk", p) for p in form.initial.get("purposes") or ()]
    form.fields["purposes"].queryset = PurposeTag.objects.filter(
        Q(retired=False) | Q(pk__in=named)
    ).order_by("position")


class ExtendForm(DeadlineMixin):
    reason = forms.CharField(
        label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, zone: str, **kwargs):
        self.zone = zone
        super().__init__(*args, **kwargs)
        for name in ("deadline_date", "deadline_time"):
            self.fields[name].help_text = _("In %(zone)s, the procedure's time zone.") % {
                "zone": zone
            }

    def deadline_zone(self) -> str:
        return self.zone


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Your agency's response"), choices=ResponseKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for an objection or a comment."),
    )


class PaperForm(forms.Form):
    file = forms.FileField(
        label=_("Paper"), help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument.")
    )


class SupersedeForm(forms.Form):
    by = forms.ModelChoiceField(
        label=_("Superseded by"), queryset=Decision.objects.order_by("-year", "-number")
    )
    reason = forms.CharField(label=_("Note"), required=False)


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    purpose = forms.ModelChoiceField(
        label=_("Purpose"), queryset=PurposeTag.objects.all(), required=False, empty_label=_("Any")
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("Any")), *Level.choices], required=False
    )
    how = forms.ChoiceField(
        label=_("How"), choices=[("", _("Any")), *DecisionHow.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *DecisionStatus.choices], required=False
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any")), *((y, y) for y in years)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"] or "",
            "year": data["year"],
            "purpose": data["purpose"].pk if data["purpose"] else "",
            "level": data["level"],
            "how": data["how"],
            "status": data["status"],
        }
