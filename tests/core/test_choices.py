"""core.choices: the labels long lists show are Django's own, in every language."""

import pytest
from django.conf import settings
from django.utils import translation

from agenda.enums import ProposalState
from agenda.models import Proposal
from meetings.enums import Kind, Level, MeetingStatus
from meetings.models import Meeting
from minutes.enums import ActionStatus
from minutes.models import ActionPoint

CASES = [
    (ActionPoint, "status", ActionStatus),
    (Proposal, "state", ProposalState),
    (Meeting, "level", Level),
    (Meeting, "kind", Kind),
    (Meeting, "status", MeetingStatus),
]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize(("model", "field", "choices"), CASES)
def test_get_display_is_what_django_shows(model, field, choices, language):
    django_display = model._meta.get_field(field)
    for value in [*choices.values, "no-such-value"]:
        row = model(**{field: value})
        with translation.override(language):
            shown = getattr(row, f"get_{field}_display")()
            expected = row._get_FIELD_display(django_display)
        assert shown == expected
        assert type(shown) is str
