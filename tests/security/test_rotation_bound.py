"""'Extend the rotation until 9999-12-31' is refused at once with a message."""

import time

from django.urls import reverse

from meetings.models import ChairTerm
from tests.factories import AgencyFactory


def test_rotation_extend_far_future_refused_quickly_with_message(client, secretariat):
    for position, acronym in enumerate(["AAA", "BBB"], start=1):
        AgencyFactory(acronym=acronym, rotation_position=position)
    client.force_login(secretariat)

    started = time.monotonic()
    response = client.post(
        reverse("meetings:rotation_extend"), {"until": "9999-12-31", "reason": "far"}
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 400
    assert elapsed < 2
    page = response.content.decode()
    assert "at most 25 years ahead" in page
    assert 'value="9999-12-31"' in page
    assert ChairTerm.objects.count() == 0


def test_rotation_extend_within_bound_still_works(client, secretariat):
    AgencyFactory(acronym="AAA", rotation_position=1)
    client.force_login(secretariat)

    response = client.post(reverse("meetings:rotation_extend"), {"until": "2040-01-01"})

    assert response.status_code == 302
    assert ChairTerm.objects.count() > 20
