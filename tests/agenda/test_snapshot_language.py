"""A published version holds codes, not the publisher's words, and reads in the reader's."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from agenda import services
from agenda.models import Agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(meeting):
    return Agenda.objects.get(meeting=meeting)


def test_publishing_again_in_another_language_is_nothing_changed(agenda, chair_office):
    with translation.override("fr"):
        first = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    agenda.refresh_from_db()

    with translation.override("en"), pytest.raises(ValidationError, match="Nothing changed"):
        services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    assert first.snapshot["level"] == "principals"
    assert agenda.versions.count() == 1


def test_the_changes_are_read_in_the_readers_language(agenda, chair_office):
    services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    agenda.refresh_from_db()
    services.agenda_item_save(
        agenda=agenda, actor=chair_office, version=agenda.version, title="Climate", minutes=20
    )
    agenda.refresh_from_db()
    with translation.override("fr"):
        second = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    with translation.override("en"):
        english = second.changes_in_words

    # Stored as codes: the French publisher's words are not frozen into the version.
    assert second.changes[0] == {"kind": "added", "n": 4, "title": "Climate"}
    assert english[0] == "Added: 4. Climate"


def test_a_version_published_in_french_reads_in_english_for_an_english_reader(
    client, agenda, chair_office, proposer
):
    with translation.override("fr"):
        version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    proposer.language = "en"
    proposer.save()
    client.force_login(proposer)

    page = client.get(version.get_absolute_url()).content.decode()

    assert "Any other business" in page
    assert version.level_label == "Principals"
    with translation.override("fr"):
        assert version.level_label != "Principals"


def test_a_renamed_standing_item_keeps_its_new_name(agenda, chair_office, meeting):
    item = agenda.items.get(standing="aob")
    services.agenda_item_save(
        agenda=agenda,
        actor=chair_office,
        version=agenda.version,
        item=item,
        title="Other matters and closing",
        minutes=10,
    )
    agenda.refresh_from_db()
    version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    assert version.items_for_display[-1]["title"] == "Other matters and closing"
    assert reverse("agenda:version", args=[meeting.pk, 1]) == version.get_absolute_url()
