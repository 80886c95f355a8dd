"""Each minutes form that edits an existing object, saved unchanged, changes nothing."""

import pytest
from django.urls import reverse

from minutes import services
from tests.unchanged import post_unchanged, state_of

pytestmark = pytest.mark.django_db


def test_section_saved_unchanged_keeps_its_text_and_adds_no_revision(
    client, chair_office, minutes, section
):
    services.section_save(
        section=section,
        actor=chair_office,
        version=section.version,
        summary="Members raised:\n- the data gap",
        decisions="**Agreed** to share data.",
    )
    before = state_of(section)
    revisions = section.revisions.count()
    client.force_login(chair_office)

    response = post_unchanged(
        client,
        reverse("minutes:section_edit", args=[minutes.meeting_id, section.pk]),
        with_field="summary",
    )

    assert response.status_code == 302
    assert state_of(section) == before
    assert section.revisions.count() == revisions


def test_action_point_saved_unchanged(client, chair_office, minutes, action_point):
    before = state_of(action_point)
    history = action_point.changes.count()
    client.force_login(chair_office)

    response = post_unchanged(
        client,
        reverse("minutes:action_point_edit", args=[minutes.meeting_id, action_point.pk]),
        with_field="text",
    )

    assert response.status_code == 302
    assert state_of(action_point) == before
    assert action_point.changes.count() == history


def test_action_point_status_saved_unchanged(client, member_focal, circulated, action_point):
    before = state_of(action_point)
    history = action_point.changes.count()
    client.force_login(member_focal)

    response = post_unchanged(
        client, reverse("minutes:action_point", args=[action_point.pk]), with_field="status"
    )

    assert response.status_code == 302
    assert state_of(action_point) == before
    assert action_point.changes.count() == history
