"""Time-zone menus offer the canonical zones, the group's usual ones first."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

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


def test_a_request_in_the_readers_zone_leaves_the_default_zone_behind(client, secretariat):
    # A page is shown in the reader's zone; what runs next in the thread (a task run
    # eagerly, a PDF rendered in a test) must not inherit it.
    secretariat.time_zone = "Asia/Tokyo"
    secretariat.save(update_fields=["time_zone"])
    client.force_login(secretariat)

    page = client.get(reverse("profile"))

    assert page.status_code == 200
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
