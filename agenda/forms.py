from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.enums import ProposalState
from agenda.models import AgendaItem, Proposal, purpose_choices
from meetings.enums import MeetingStatus
from meetings.models import Meeting
from meetings.titles import meeting_choice_label
from members.enums import Role
from members.models import Agency, Organization, Person


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the service that stores it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class HeldPapersField(forms.CharField):
    """The ids of papers already uploaded while this form was being corrected."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return [int(part) for part in (value or "").split(",") if part.strip().isdigit()]


def _presenter_label(person) -> str:
    if person.agency_id:
        return f"{person.full_name} ({person.agency.acronym})"
    organization = person.organization.name if person.organization_id else "—"
    return _("%(name)s (guest, %(organization)s)") % {
        "name": person.full_name,
        "organization": organization,
    }


def _purposes_initial(form, kwargs) -> None:
    """Tick the object's purposes: the ModelForm's own initial holds PurposeTag rows, which a
    choice field of codes never matches, so the edit form showed none ticked and saved none."""
    if form.instance.pk and "purposes" not in (kwargs.get("initial") or {}):
        form.initial["purposes"] = [p.code for p in form.instance.purposes.all()]
    form.fields["purposes"].choices = purpose_choices(keep=form.initial.get("purposes") or ())


def upcoming_meetings():
    return Meeting.objects.filter(status=MeetingStatus.PLANNED, start__gte=timezone.now()).order_by(
        "start"
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return meeting_choice_label(meeting)


class ProposalForm(forms.ModelForm):
    meeting = MeetingChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("The next suitable meeting (chosen when you submit)"),
    )
    purposes = forms.MultipleChoiceField(
        label=_("Purposes of the Terms of Reference it serves"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one purpose.")},
    )
    guest_organizations = forms.ModelMultipleChoiceField(
        label=_("Guest organizations wished"),
        queryset=Organization.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_papers = MultipleFileField(
        label=_("Papers"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument files, at most 20 MB each."),
    )
    held_papers = HeldPapersField()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Proposal
        fields = [
            "level",
            "meeting",
            "title",
            "summary",
            "rationale",
            "purposes",
            "minutes_wished",
            "guest_organizations",
            "guest_wish",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "guest_wish": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = upcoming_meetings()
        self.fields["minutes_wished"].widget.attrs["min"] = 5
        _purposes_initial(self, kwargs)
        if self.instance.pk and self.instance.state != ProposalState.DRAFT:
            # With the chair already: the meeting changes only by the chair deferring it.
            for name in ("meeting", "level"):
                self.fields[name].disabled = True
            self.fields["meeting"].queryset = Meeting.objects.filter(pk=self.instance.meeting_id)

    def clean(self):
        data = super().clean()
        meeting, level = data.get("meeting"), data.get("level")
        if meeting and level and meeting.level != level:
            self.add_error("meeting", _("This meeting is of the other level."))
        return data


class DecisionForm(forms.Form):
    DECISIONS = [
        ("accepted", _("Accept: it becomes an agenda item")),
        ("deferred", _("Defer to a later meeting")),
        ("declined", _("Decline")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    defer_to = forms.ChoiceField(label=_("Later meeting (when deferring)"), required=False)
    note = forms.CharField(
        label=_("Note to the proposer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, later_meetings, **kwargs):
        """``later_meetings``: the meetings it may be deferred to, read once for a whole queue."""
        super().__init__(*args, **kwargs)
        self.later = {str(m.pk): m for m in later_meetings}
        self.fields["defer_to"].choices = [("", "---------")] + [
            (str(m.pk), meeting_choice_label(m)) for m in later_meetings
        ]

    def clean_defer_to(self):
        return self.later.get(self.cleaned_data.get("defer_to") or "")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "deferred" and not data.get("defer_to"):
            self.add_error("defer_to", _("Choose the later meeting to defer the topic to."))
        return data


def later_meetings_than(meeting) -> list:
    return list(upcoming_meetings().filter(start__gt=meeting.start, level=meeting.level))


class AgendaItemForm(forms.ModelForm):
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    new_papers = MultipleFileField(
        label=_("Papers"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument files, at most 20 MB each."),
    )
    held_papers = HeldPapersField()
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AgendaItem
        fields = ["title", "description", "presenter_agency", "presenter", "minutes", "purposes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter_agency"].queryset = Agency.objects.members_on()
        self.fields["presenter"].queryset = (
            Person.objects.filter(
                is_active=True, role__in=[Role.FOCAL_POINT, Role.PRINCIPAL, Role.GUEST]
            )
            .select_related("agency", "organization")
            .order_by("agency__acronym", "organization__name", "full_name")
        )
        self.fields["presenter"].label_from_instance = _presenter_label
        self.fields["presenter"].help_text = _(
            "A person of the presenting agency, or a guest of an organization invited for "
            "this item. Left without an agency, the item takes the presenter's."
        )
        _purposes_initial(self, kwargs)


class GuestOrganizationForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.all()
    )
    items = forms.ModelMultipleChoiceField(
        label=_("For the items"),
        queryset=AgendaItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one item.")},
    )

    def __init__(self, *args, agenda, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = agenda.items.order_by("position", "pk")
        if items is not None:
            # The page has read the items already: the boxes need no second query.
            self.fields["items"].widget.choices = [(item.pk, str(item)) for item in items]
        self.fields["organization"].label_from_instance = lambda org: org.name


class GuestPersonForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
