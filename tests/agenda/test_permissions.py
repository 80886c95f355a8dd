"""The permission policy on the agenda floor: state in the rules, one answer everywhere."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda import services
from agenda.enums import ProposalState
from agenda.models import Agenda, AgendaVersion, Proposal
from meetings.enums import MeetingStatus
from notices.models import NoticeBatch
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _cancel(meeting):
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])


# --- A cancelled meeting publishes nothing -----------------------------------------


def test_a_cancelled_meetings_agenda_is_not_published_by_the_service(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    _cancel(meeting)

    with pytest.raises(PermissionDenied):
        services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    agenda.refresh_from_db()
    assert agenda.number is None
    assert not AgendaVersion.objects.filter(agenda=agenda).exists()
    assert not NoticeBatch.objects.exists()


def test_a_cancelled_meetings_agenda_is_not_published_through_the_page(
    client, meeting, chair_office
):
    agenda = Agenda.objects.get(meeting=meeting)
    _cancel(meeting)
    client.force_login(chair_office)

    page = client.get(reverse("agenda:agenda", args=[meeting.pk]))
    response = client.post(
        reverse("agenda:publish", args=[meeting.pk]), {"version": agenda.version}
    )

    assert page.status_code == 200
    assert reverse("agenda:publish", args=[meeting.pk]) not in page.content.decode()
    assert response.status_code == 403
    assert not AgendaVersion.objects.filter(agenda=agenda).exists()


def test_a_cancelled_meetings_agenda_takes_no_new_item(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    _cancel(meeting)

    with pytest.raises(PermissionDenied):
        services.agenda_item_save(
            agenda=agenda, actor=chair_office, version=agenda.version, title="Late", minutes=5
        )
    assert not agenda.items.filter(title="Late").exists()


# --- The publish button asks what the service enforces -----------------------------


@pytest.mark.parametrize("status", [MeetingStatus.PLANNED, MeetingStatus.CANCELLED])
@pytest.mark.parametrize("who", ["chair_office", "secretariat", "other_focal_point"])
def test_the_publish_button_shows_exactly_when_publishing_is_allowed(
    client, meeting, chair_office, secretariat, who, status
):
    people = {
        "chair_office": chair_office,
        "secretariat": secretariat,
        "other_focal_point": PersonFactory(),
    }
    person = people[who]
    agenda = Agenda.objects.get(meeting=meeting)
    if status == MeetingStatus.CANCELLED:
        _cancel(meeting)
    client.force_login(person)
    publish_url = reverse("agenda:publish", args=[meeting.pk])

    page = client.get(reverse("agenda:agenda", args=[meeting.pk]))
    shown = publish_url in page.content.decode()
    allowed = person.has_perm("agenda.publish_agenda", meeting)
    response = client.post(publish_url, {"version": agenda.version})

    assert shown == allowed
    assert (response.status_code == 302) == allowed
    assert AgendaVersion.objects.filter(agenda=agenda).exists() == allowed
    # Who may publish here at all: the chair's office of a meeting still planned.
    assert allowed == (who == "chair_office" and status == MeetingStatus.PLANNED)


# --- A draft is its agency's alone ---------------------------------------------------


def test_the_chair_office_cannot_open_another_agencys_draft(client, make_proposal, chair_office):
    draft = make_proposal(state=ProposalState.DRAFT)
    client.force_login(chair_office)

    assert not chair_office.has_perm("agenda.view_proposal", draft)
    assert client.get(reverse("agenda:proposal_detail", args=[draft.pk])).status_code == 403
    for action in ("submit", "withdraw", "decide"):
        url = reverse(f"agenda:proposal_{action}", args=[draft.pk])
        assert client.post(url, {"decision": "declined"}).status_code == 403
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.DRAFT


def test_the_chair_office_sees_the_same_proposal_once_submitted(
    client, make_proposal, chair_office
):
    submitted = make_proposal(state=ProposalState.SUBMITTED)
    client.force_login(chair_office)

    assert client.get(reverse("agenda:proposal_detail", args=[submitted.pk])).status_code == 200


def test_the_services_refuse_another_agencys_draft_to_the_chair_office(make_proposal, chair_office):
    draft = make_proposal(state=ProposalState.DRAFT)

    with pytest.raises(PermissionDenied):
        services.proposal_transition(proposal=draft, to=ProposalState.SUBMITTED, actor=chair_office)
    with pytest.raises(PermissionDenied):
        services.proposal_update(
            proposal=draft, actor=chair_office, version=draft.version, purposes=["capacity"]
        )
    with pytest.raises(ValidationError, match="cannot become"):
        services.proposal_transition(proposal=draft, to=ProposalState.DECLINED, actor=chair_office)
    draft.refresh_from_db()
    assert (draft.state, draft.version) == (ProposalState.DRAFT, 1)


# --- A decision loads its proposal once ------------------------------------------------


def test_a_decision_works_out_the_chair_once(client, make_proposal, chair_office):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    client.force_login(chair_office)
    url = reverse("agenda:proposal_decide", args=[proposal.pk])

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"decision": "declined", "note": "Not this time."})

    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.DECLINED
    sql = [q["sql"] for q in queries.captured_queries]
    chair_lookups = [q for q in sql if 'FROM "meetings_chairterm"' in q]
    full_loads = [q for q in sql if q.startswith("SELECT") and 'FROM "agenda_proposal"' in q]
    assert len(chair_lookups) == 1
    # The view's load, and the service's lock (state and version only).
    assert len(full_loads) == 2
