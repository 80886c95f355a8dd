import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.clock import group_today
from core.forms import DateInput
from meetings.enums import Level
from reports.selectors import MEASURES


class ReportForm(forms.Form):
    """A year, or a period of one's own, a level, and the measure the chart draws."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2200)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Both levels")), *Level.choices]
    )
    measure = forms.ChoiceField(
        label=_("Chart"), required=False, choices=[(m.key, m.label) for m in MEASURES]
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period ends before it starts."))
        return data

    def period_bounds(self) -> tuple[datetime.date, datetime.date]:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("start") or data.get("end"):
            return (
                data.get("start") or datetime.date(2000, 1, 1),
                data.get("end") or group_today(),
            )
        year = data.get("year") or group_today().year
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
