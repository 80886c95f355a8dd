import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agenda.models import PurposeTag
from core.clock import group_today
from core.group import reference_prefix
from meetings.models import Meeting
from members.models import Agency
from minutes.enums import ActionStatus, CommentOutcome
from minutes.models import ActionPoint

RECENT_MEETINGS_DAYS = 730


class SectionForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the discussion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Markdown: **bold**, *italic*, lists with - or 1., links as [text](https://…)."
        ),
    )
    decisions = forms.CharField(
        label=_("Decisions and common positions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown, as above."),
    )
    decision_marked = forms.BooleanField(
        label=_("Record this text as a decision of the group"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_marked"].help_text = gettext(
            "When the minutes are published, it enters the register of decisions "
            "with its reference (%(prefix)s/DEC/year/number)."
        ) % {"prefix": reference_prefix()}


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in CommentOutcome.choices if c[0]],
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(
        label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionPointForm(forms.Form):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    agencies = forms.ModelMultipleChoiceField(
        label=_("Owned by"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    person = forms.CharField(
        label=_("Person responsible (optional)"),
        required=False,
        max_length=ActionPoint._meta.get_field("person").max_length,
    )
    due = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, section_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.members_on().order_by("acronym")
        self.fields["section"] = forms.TypedChoiceField(
            label=_("From the section"), choices=section_choices, coerce=int
        )
        self.order_fields(["section", "text", "agencies", "person", "due"])


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done, or why the action is dropped."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CirculateForm(forms.Form):
    comment_days = forms.IntegerField(
        label=_("Days for comments"), min_value=1, max_value=60, initial=10
    )


class CorrigendumForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the corrigendum"), widget=forms.Textarea(attrs={"rows": 2})
    )


class RegisterFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.order_by("acronym"),
        required=False,
        empty_label=_("Any"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *ActionStatus.choices], required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.filter(minutes__isnull=False).order_by("-start"),
        required=False,
        empty_label=_("Any"),
    )
    purpose = forms.ModelChoiceField(
        label=_("Purpose"), queryset=PurposeTag.objects.all(), required=False, empty_label=_("Any")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any meeting with minutes is accepted (a link from its minutes names it), but the
        # list offers the last two years and the one chosen: ten years made 500 options.
        field = self.fields["meeting"]
        since = group_today() - datetime.timedelta(days=RECENT_MEETINGS_DAYS)
        shown = field.queryset.filter(Q(local_date__gte=since) | Q(pk__in=self._chosen_meeting()))
        # A callable: read only when the list is rendered (the CSV export never is).
        field.widget.choices = lambda: [("", field.empty_label), *((m.pk, str(m)) for m in shown)]

    def _chosen_meeting(self) -> list[int]:
        value = self.data.get(self.add_prefix("meeting"), "") if self.is_bound else ""
        return [int(value)] if str(value).isdigit() else []
