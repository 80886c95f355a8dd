from django import forms
from django.utils.translation import gettext_lazy as _

from notices.enums import NoticeState
from notices.kinds import kind_label


class NoticeFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *NoticeState.choices]
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    q = forms.CharField(label=_("Recipient or subject"), required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *((k, kind_label(k)) for k in kinds)]
