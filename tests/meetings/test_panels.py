import datetime

import pytest
from django.urls import reverse

from core.permissions import SYSTEM
from core.registry import Panel
from meetings import panels, services
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory


@pytest.fixture
def panel_template(settings, tmp_path, monkeypatch):
    """A higher floor's panel, registered without this floor knowing it."""
    (tmp_path / "agenda_panel.html").write_text(
        '<section aria-label="Agenda">Agenda of {{ panel.title }}</section>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    monkeypatch.setattr(panels.meeting_panels, "_entries", [])
    panels.meeting_panels.register(
        Panel(
            template="agenda_panel.html",
            permission="meetings.view_meeting",
            context=lambda request, meeting: {"title": meeting.title},
        )
    )


def test_meeting_page_shows_panels_registered_by_higher_floors(client, db, panel_template):
    meeting = MeetingFactory(title="Q2 meeting")
    client.force_login(PersonFactory())

    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    assert "Agenda of Q2 meeting" in body


def test_rotation_page_warns_about_meetings_with_a_frozen_chair(client, db):
    agency = AgencyFactory(acronym="FRZ")
    ChairTermFactory(agency=agency, start=datetime.date(2030, 1, 1), end=datetime.date(2030, 6, 30))
    meeting = MeetingFactory(
        title="Published one", start=datetime.datetime(2030, 5, 14, 8, tzinfo=datetime.UTC)
    )
    services.meeting_freeze_chair(meeting=meeting, actor=SYSTEM)
    client.force_login(PersonFactory(secretariat=True))

    body = client.get(reverse("meetings:rotation")).content.decode()

    assert "have a published agenda" in body
    assert "Published one" in body
