"""The standing items of new agendas are data the secretariat edits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from agenda.models import Agenda, StandingItemSetting, standing_title
from core.models import AuditEntry
from tests.factories import MeetingFactory
from tests.unchanged import post_unchanged, state_of

pytestmark = pytest.mark.django_db


def _items(meeting):
    return list(
        Agenda.objects.get(meeting=meeting)
        .items.order_by("position")
        .values_list("standing", "title", "minutes")
    )


def _new_meeting():
    return MeetingFactory(
        title="Principals' meeting, Q4 2027",
        start=datetime.datetime(2027, 11, 9, 9, tzinfo=datetime.UTC),
    )


def test_new_agendas_start_with_the_four_by_default(meeting):
    assert _items(meeting) == [
        ("adopt-agenda", "Adoption of the agenda", 5),
        ("adopt-minutes", "Adoption of the minutes of the previous meeting", 5),
        ("follow-up", "Follow-up on action points", 15),
        ("aob", "Any other business", 10),
    ]


def test_the_secretariat_renames_retimes_and_leaves_out_standing_items(
    client, secretariat, meeting
):
    before = _items(meeting)
    client.force_login(secretariat)
    aob = StandingItemSetting.objects.get(code="aob")
    follow_up = StandingItemSetting.objects.get(code="follow-up")

    client.post(
        reverse("agenda:standing_item_edit", args=["aob"]),
        {"title": "Other matters", "minutes": 20, "included": "on", "version": aob.version},
    )
    client.post(
        reverse("agenda:standing_item_edit", args=["follow-up"]),
        {"title": "", "minutes": 15, "version": follow_up.version},
    )

    assert _items(_new_meeting()) == [
        ("adopt-agenda", "Adoption of the agenda", 5),
        ("adopt-minutes", "Adoption of the minutes of the previous meeting", 5),
        ("aob", "Other matters", 20),
    ]
    assert _items(meeting) == before  # an agenda already made keeps its items
    page = client.get(reverse("agenda:purposes")).content.decode()
    assert "Other matters" in page
    assert AuditEntry.objects.filter(action="standing_item.update").count() == 2
    with translation.override("fr"):
        assert standing_title("aob", "Other matters") == "Other matters"  # typed: as typed


def test_an_untouched_standing_item_reads_in_each_language(meeting):
    with translation.override("fr"):
        item = Agenda.objects.get(meeting=meeting).items.get(standing="aob")
        assert standing_title(item.standing, item.title) != "Any other business"


def test_the_standing_item_form_saved_unchanged_changes_nothing(client, secretariat):
    setting = StandingItemSetting.objects.get(code="adopt-minutes")
    before = state_of(setting)
    client.force_login(secretariat)

    response = post_unchanged(
        client, reverse("agenda:standing_item_edit", args=["adopt-minutes"]), with_field="minutes"
    )

    assert response.status_code == 302
    assert state_of(setting) == before
    assert not AuditEntry.objects.filter(action="standing_item.update").exists()


@pytest.mark.parametrize("role", ["focal_point", "principal", "guest", "chair_office"])
def test_only_the_secretariat_changes_standing_items(client, role, request):
    client.force_login(request.getfixturevalue(role))
    url = reverse("agenda:standing_item_edit", args=["aob"])

    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Mine", "minutes": 1, "version": 1}).status_code == 403
    assert StandingItemSetting.objects.get(code="aob").title == ""
