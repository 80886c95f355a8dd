"""A new date, time or place after publication: everyone holding the agenda is told, the
published version is marked out of date, and one click publishes a corrected version."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agenda import services
from agenda.models import Agenda, AgendaVersion
from agenda.pdf import agenda_version_render
from meetings import services as meeting_services
from meetings.models import Delegate
from notices.models import Notice
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    return services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)


def _move(meeting, secretariat, **fields):
    meeting.refresh_from_db()
    return meeting_services.meeting_update(
        meeting=meeting, actor=secretariat, version=meeting.version, **fields
    )


def test_a_new_date_tells_agenda_holders_and_delegates_though_no_invitation_went(
    meeting, published, secretariat, proposer, run_fanouts
):
    assert meeting.invited_at is None
    delegate = PersonFactory(agency=proposer.agency, role="principal")
    Delegate.objects.create(meeting=meeting, agency=proposer.agency, person=delegate, rsvp="online")

    _move(
        meeting,
        secretariat,
        start=meeting.start + datetime.timedelta(days=1),
        end=meeting.end + datetime.timedelta(days=1),
    )
    run_fanouts()

    told = set(
        Notice.objects.filter(kind="meeting_rescheduled").values_list("recipient", flat=True)
    )
    assert {proposer.pk, delegate.pk} <= told


def test_a_new_venue_is_told_too_and_nothing_when_only_the_description_changes(
    meeting, published, secretariat, proposer, run_fanouts
):
    _move(meeting, secretariat, description="Bring the data.")
    run_fanouts()
    assert not Notice.objects.filter(kind="meeting_rescheduled").exists()

    _move(meeting, secretariat, venue="Room XX, Palais des Nations")
    run_fanouts()
    assert Notice.objects.filter(kind="meeting_rescheduled", recipient=proposer).count() == 1


def test_before_any_publication_or_invitation_nobody_is_told(
    meeting, secretariat, proposer, run_fanouts
):
    _move(meeting, secretariat, venue="Room XX")
    run_fanouts()

    assert not Notice.objects.filter(kind="meeting_rescheduled").exists()


def test_the_published_version_is_marked_out_of_date_and_one_click_corrects_it(
    client, meeting, published, secretariat, chair_office, proposer
):
    _move(meeting, secretariat, venue="Room XX, Palais des Nations")
    url = reverse("agenda:agenda", args=[meeting.pk])

    client.force_login(chair_office)
    page = client.get(url).content.decode()
    assert "gives the meeting's earlier date, time or place" in page
    assert "Publish a corrected version" in page
    client.force_login(proposer)
    assert "This version is out of date" in client.get(url).content.decode()

    client.force_login(chair_office)
    agenda = published.agenda
    agenda.refresh_from_db()
    client.post(reverse("agenda:publish", args=[meeting.pk]), {"version": agenda.version})

    latest = AgendaVersion.objects.filter(agenda=agenda).order_by("-number").first()
    assert latest.number == 2
    assert latest.snapshot["venue"] == "Room XX, Palais des Nations"
    assert "earlier date, time or place" not in client.get(url).content.decode()


def test_the_agenda_pdf_names_no_venue_it_does_not_have(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    assert (meeting.venue, meeting.online_link) == ("", "")

    assert agenda_version_render(version_id=version.pk) == "ready"
    version.refresh_from_db()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(version.pdf.read())).pages)

    assert "Online" not in text
    assert "To be announced" in text
