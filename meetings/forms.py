import datetime
import zoneinfo

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.clock import group_today
from core.forms import DateInput, VersionedFormMixin
from meetings.enums import Kind, Level, Rsvp
from meetings.models import ChairTerm, Meeting
from members.enums import Role
from members.models import Agency, Person, time_zone_options


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _unbegun_terms():
    return ChairTerm.objects.select_related("agency").filter(start__gt=group_today())


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.agency.acronym}: {obj.start:%d %b %Y} – {obj.end:%d %b %Y}"


# --- Rotation -----------------------------------------------------------------


class ExtendForm(forms.Form):
    start = forms.DateField(
        label=_("First new term starts"),
        required=False,
        widget=DateInput(),
    )
    until = forms.DateField(label=_("Extend until"), widget=DateInput())
    reason = forms.CharField(label=_("Note for the history"), required=False, max_length=500)

    def __init__(self, *args, default_start=None, default_reason="", **kwargs):
        super().__init__(*args, **kwargs)
        if default_start:
            self.fields["start"].help_text = _("Leave empty to start on %(date)s (%(why)s).") % {
                "date": date_format(default_start, _("j F Y")),
                "why": default_reason,
            }

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("until") and data["until"] < data["start"]:
            self.add_error("until", _("Choose a date after the start."))
        return data


class SwapForm(forms.Form):
    # Three forms share a page: a prefix keeps their field ids (and labels) apart.
    prefix = "swap"
    term = TermChoiceField(label=_("Term"), queryset=ChairTerm.objects.none())
    other = TermChoiceField(label=_("Swap with"), queryset=ChairTerm.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = self.fields["other"].queryset = _unbegun_terms()


class SkipForm(forms.Form):
    # Three forms share a page: a prefix keeps their field ids (and labels) apart.
    prefix = "skip"
    term = TermChoiceField(label=_("Term"), queryset=ChairTerm.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = _unbegun_terms()


class RegenerateForm(forms.Form):
    # Three forms share a page: a prefix keeps their field ids (and labels) apart.
    prefix = "regenerate"
    from_date = forms.DateField(
        label=_("Regenerate the terms starting on or after"), widget=DateInput()
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


# --- Meetings -----------------------------------------------------------------


class MeetingFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices]
    )


class MeetingTimesMixin(forms.Form):
    """Date and times entered in the meeting's own time zone; stored in UTC."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_options,
        initial="Europe/Zurich",
        help_text=_("The date and times above are in this zone."),
    )

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in ("date", "start_time", "end_time", "time_zone")):
            zone = zoneinfo.ZoneInfo(data["time_zone"])
            data["start"] = datetime.datetime.combine(data["date"], data["start_time"], tzinfo=zone)
            data["end"] = datetime.datetime.combine(data["date"], data["end_time"], tzinfo=zone)
            if data["end"] <= data["start"]:
                self.add_error("end_time", _("The meeting must end after it starts."))
        return data


MEETING_FIELDS = [
    "level",
    "kind",
    "title",
    "venue",
    "online_link",
    "related_meeting",
    "proposal_deadline",
    "registration_deadline",
    "description",
]


class MeetingCreateForm(MeetingTimesMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = MEETING_FIELDS
        widgets = {
            "proposal_deadline": DateInput(),
            "registration_deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("Leave empty for a title from the level and date."),
            "proposal_deadline": _("Leave empty for 21 days before."),
            "registration_deadline": _("Leave empty for a week before."),
        }

    field_order = ["level", "kind", "title", "date", "start_time", "end_time", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "proposal_deadline", "registration_deadline"):
            self.fields[name].required = False
        self.fields["related_meeting"].queryset = Meeting.objects.filter(level=Level.PRINCIPALS)
        # The deadlines' rule (on or before the meeting) is the service's: its error
        # comes back next to the field through ``apply_service_errors``.

    def deadline_warnings(self) -> list[str]:
        """Deadlines already past for a meeting still ahead: saved, but said (nobody could
        then propose a topic or register)."""
        data, today = self.cleaned_data, group_today()
        if not data.get("date") or data["date"] < today:
            return []
        labels = {
            "proposal_deadline": _("The proposal deadline (%(date)s) has already passed."),
            "registration_deadline": _("The registration deadline (%(date)s) has already passed."),
        }
        return [
            labels[name] % {"date": date_format(data[name], _("j F Y"))}
            for name in labels
            if data.get(name) and data[name] < today
        ]


class MeetingEditForm(VersionedFormMixin, MeetingCreateForm):
    class Meta(MeetingCreateForm.Meta):
        fields = [f for f in MEETING_FIELDS if f not in ("level", "kind")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("proposal_deadline", "registration_deadline"):
            self.fields[name].required = True
        self.fields["title"].help_text = _(
            "Leave empty for a title from the level and date. A title made from the date "
            "follows the date when the meeting moves; a title you type stays."
        )
        meeting = self.instance
        if meeting.pk and not self.is_bound:
            self.initial.update(
                date=meeting.local_start.date(),
                start_time=meeting.local_start.time(),
                end_time=meeting.local_end.time(),
                time_zone=meeting.time_zone,
            )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, office documents or images."))


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
]


class PlanYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    nth = forms.TypedChoiceField(
        label=_("Which"),
        coerce=int,
        initial=2,
        choices=[
            (1, _("First")),
            (2, _("Second")),
            (3, _("Third")),
            (4, _("Fourth")),
            (-1, _("Last")),
        ],
    )
    weekday = forms.TypedChoiceField(label=_("Weekday"), coerce=int, initial=1, choices=WEEKDAYS)
    month_in_quarter = forms.TypedChoiceField(
        label=_("Month of the quarter"),
        coerce=int,
        initial=2,
        choices=[(1, _("First month")), (2, _("Middle month")), (3, _("Last month"))],
    )
    start_time = forms.TimeField(label=_("Starts at"), initial="10:00", widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), initial="13:00", widget=TimeInput())
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=time_zone_options, initial="Europe/Zurich"
    )
    working_weeks_before = forms.IntegerField(
        label=_("Working-level meeting, weeks before"),
        min_value=0,
        max_value=12,
        initial=3,
        help_text=_("0: no working-level meetings."),
    )
    working_start_time = forms.TimeField(
        label=_("Working level starts at"), initial="14:00", widget=TimeInput()
    )
    working_end_time = forms.TimeField(
        label=_("Working level ends at"), initial="16:00", widget=TimeInput()
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", _("The meeting must end after it starts."))
        if (
            data.get("working_start_time")
            and data.get("working_end_time")
            and data["working_end_time"] <= data["working_start_time"]
        ):
            self.add_error("working_end_time", _("The meeting must end after it starts."))
        return data


class DelegateRowForm(forms.Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput)
    rsvp = forms.ChoiceField(
        label=_("Attendance"), required=False, choices=[("", _("Not registered")), *Rsvp.choices]
    )


class AgencyChoiceForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.members_on().order_by("acronym")


class DelegationForm(forms.Form):
    """One attendance choice per person of the agency, and the head of delegation."""

    def __init__(self, *args, people, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        by_person = {d.person_id: d for d in current}
        for person in self.people:
            self.fields[f"rsvp_{person.pk}"] = forms.ChoiceField(
                label=person.full_name,
                required=False,
                choices=[("", _("Not registered")), *Rsvp.choices],
                initial=by_person[person.pk].rsvp if person.pk in by_person else "",
            )
        head = next((d.person_id for d in current if d.is_head), "")
        self.fields["head"] = forms.TypedChoiceField(
            label=_("Head of delegation"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("Nobody named")), *((p.pk, p.full_name) for p in self.people)],
            initial=head,
        )

    def rows(self):
        return [self[f"rsvp_{p.pk}"] for p in self.people]

    def entries(self):
        from meetings.services import Entry

        head = self.cleaned_data.get("head")
        return [
            Entry(person=p, rsvp=self.cleaned_data[f"rsvp_{p.pk}"], is_head=p.pk == head)
            for p in self.people
            if self.cleaned_data.get(f"rsvp_{p.pk}")
        ]

    def clean(self):
        data = super().clean()
        head = data.get("head")
        if head and not data.get(f"rsvp_{head}"):
            self.add_error("head", _("The head of delegation must be registered."))
        return data


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label=_("Attended"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (d.pk, f"{d.person.full_name} ({d.agency.acronym})") for d in delegates
        ]
        # Defaults to the registrations: whoever said they would come.
        self.fields["attended"].initial = [
            d.pk
            for d in delegates
            if (d.attended if d.attended is not None else d.rsvp in Rsvp.attending())
        ]


class AddAttendeeForm(forms.Form):
    """Someone who attended without being registered (or when nobody registered)."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    rsvp = forms.ChoiceField(
        label=_("Attended"),
        choices=[(Rsvp.IN_PERSON, _("In person")), (Rsvp.ONLINE, _("Online"))],
        initial=Rsvp.IN_PERSON,
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.filter(
                is_active=True,
                role__in=Role.delegation_roles(),
                agency__in=Agency.objects.members_on(meeting.local_date),
            )
            .exclude(pk__in=meeting.delegates.values("person_id"))
            .select_related("agency")
            .order_by("agency__acronym", "full_name")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.agency.acronym})"


class AddDelegateForm(forms.Form):
    """Someone of the agency not in the directory yet, named for this delegation."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"))
    rsvp = forms.ChoiceField(
        label=_("Attending"),
        choices=[(Rsvp.IN_PERSON, _("In person")), (Rsvp.ONLINE, _("Online"))],
        initial=Rsvp.IN_PERSON,
    )
    invite = forms.BooleanField(
        label=_("Also invite them to use this site"),
        required=False,
        help_text=_("Without this they get no e-mail and no account; they are on the list."),
    )
