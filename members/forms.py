from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.clock import group_today
from core.forms import DateInput, VersionedFormMixin
from core.i18n import language_choices
from core.submissions import OnceFormMixin
from members.enums import AgencyKind, Audience, Role
from members.models import Agency, Announcement, Organization, Person, time_zone_options


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "acronym", "kind", "website"]


class AgencyCreateForm(AgencyForm):
    member_from = forms.DateField(label=_("Member from"), widget=DateInput(), initial=group_today)


class AgencyEditForm(VersionedFormMixin, AgencyForm):
    pass


class EndMembershipForm(forms.Form):
    end = forms.DateField(label=_("Member until"), widget=DateInput(), initial=group_today)


class RejoinForm(forms.Form):
    start = forms.DateField(label=_("Member again from"), widget=DateInput(), initial=group_today)


class AgencyFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("current", _("Current members")),
        ("former", _("Former members")),
        ("all", _("All")),
    ]
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *AgencyKind.choices]
    )
    status = forms.ChoiceField(label=_("Membership"), required=False, choices=STATUS_CHOICES)


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "acronym", "website", "contact_name", "contact_email"]


class PersonFormMixin:
    """The role and the affiliation must fit: a clear message next to the field."""

    def clean(self):
        data = super().clean()
        role, agency, organization = data.get("role"), data.get("agency"), data.get("organization")
        if role in Role.delegation_roles():
            if not agency:
                self.add_error("agency", _("A focal point or principal belongs to an agency."))
            if organization:
                self.add_error("organization", _("Leave this empty for agency staff."))
        elif role == Role.GUEST:
            if not organization:
                self.add_error("organization", _("A guest belongs to a guest organization."))
            if agency:
                self.add_error("agency", _("Leave this empty for a guest."))
        elif role == Role.SECRETARIAT and organization:
            self.add_error("organization", _("Secretariat staff are not guests."))
        return data


class PersonInviteForm(OnceFormMixin, PersonFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "email",
            "full_name",
            "title",
            "role",
            "agency",
            "organization",
            "phone",
            "language",
            "time_zone",
        ]
        help_texts = {"email": _("They will receive a link to choose a password.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["time_zone"].choices = time_zone_options()

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class PersonEditForm(VersionedFormMixin, PersonInviteForm):
    submission = None  # an edit sends no mail; its version already catches a second save

    class Meta(PersonInviteForm.Meta):
        help_texts = {}


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *Role.choices]
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        required=False,
        queryset=Agency.objects.all(),
        empty_label=_("Any agency"),
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Active")), ("inactive", _("Deactivated")), ("all", _("All"))],
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "title", "phone", "language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["time_zone"].choices = time_zone_options()


class AnnouncementForm(OnceFormMixin, forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["audience", "agency", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"agency": _("Only for “One agency's people”.")}

    def clean(self):
        data = super().clean()
        if data.get("audience") == Audience.AGENCY and not data.get("agency"):
            self.add_error("agency", _("Choose the agency whose people should receive it."))
        return data
