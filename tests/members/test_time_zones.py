"""Time-zone menus offer the canonical zones, the group's usual ones first."""

import pytest
from django.urls import reverse

from members.models import time_zone_options

pytestmark = pytest.mark.django_db


def test_the_menu_has_no_aliases_and_the_usual_zones_first():
    (_most, common), (_all, every) = time_zone_options()
    names = [value for value, _label in every]

    assert common[0][0] == "Europe/Zurich"
    assert "America/New_York" in [value for value, _label in common]
    for alias in ("Africa/Asmera", "Factory", "localtime", "US/Eastern", "Etc/GMT+5"):
        assert alias not in names
    assert {"Africa/Asmara", "Europe/Zurich", "UTC"} <= set(names)


def test_the_profile_meeting_and_silence_forms_offer_that_menu(client, secretariat):
    client.force_login(secretariat)

    profile = client.get(reverse("profile")).content.decode()
    meeting = client.get(reverse("meetings:create")).content.decode()
    procedure = client.get(reverse("decisions:procedure_add")).content.decode()

    for page in (profile, meeting, procedure):
        assert '<optgroup label="Most used">' in page
        assert 'value="Africa/Asmera"' not in page
