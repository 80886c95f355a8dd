import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agenda import services
from agenda.enums import PROPOSAL_TRANSITIONS, ProposalState, StandingItem
from agenda.models import Agenda, AgendaItem, GuestInvitation, Proposal, ProposalDecision
from core.errors import ConflictError
from core.permissions import SYSTEM
from notices.models import Notice
from tests.factories import MeetingFactory, OrganizationFactory, PersonFactory
from tests.pdfs import plain_pdf

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = datetime.datetime(2027, 4, 1, 9, 0, tzinfo=datetime.UTC)
AFTER_DEADLINE = datetime.datetime(2027, 5, 1, 9, 0, tzinfo=datetime.UTC)


def pdf_upload(name="paper.pdf", size_pad=0):
    return SimpleUploadedFile(name, plain_pdf(size_pad), "application/pdf")


# --- The state table ------------------------------------------------------------


def _actor_for(target, proposer, chair_office):
    return (
        proposer if target in (ProposalState.SUBMITTED, ProposalState.WITHDRAWN) else chair_office
    )


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for s in ProposalState.values for t in ProposalState.values],
)
def test_proposal_state_table_walked_in_full(
    source, target, make_proposal, proposer, chair_office, later_meeting
):
    proposal = make_proposal(state=source)
    allowed = target in PROPOSAL_TRANSITIONS[source]

    with time_machine.travel(BEFORE_DEADLINE):
        if allowed:
            services.proposal_transition(
                proposal=proposal,
                to=target,
                actor=_actor_for(target, proposer, chair_office),
                meeting=later_meeting,
            )
            assert Proposal.objects.get(pk=proposal.pk).state == target
            assert ProposalDecision.objects.filter(proposal=proposal, to_state=target).exists()
        else:
            with pytest.raises(ValidationError, match="cannot become"):
                services.proposal_transition(
                    proposal=proposal,
                    to=target,
                    actor=_actor_for(target, proposer, chair_office),
                    meeting=later_meeting,
                )
            assert Proposal.objects.get(pk=proposal.pk).state == source


def test_only_the_chair_office_of_the_meeting_decides(make_proposal, proposer, secretariat):
    other_focal_point = PersonFactory()
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    for person in (proposer, secretariat, other_focal_point):
        with pytest.raises(PermissionDenied):
            services.proposal_transition(proposal=proposal, to=ProposalState.DECLINED, actor=person)


def test_another_agency_cannot_submit_or_withdraw(make_proposal):
    proposal = make_proposal()
    stranger = PersonFactory()
    with pytest.raises(PermissionDenied):
        services.proposal_transition(proposal=proposal, to=ProposalState.SUBMITTED, actor=stranger)


# --- Submitting -----------------------------------------------------------------


def test_submit_without_a_meeting_takes_the_next_open_one(make_proposal, proposer, meeting):
    proposal = make_proposal(meeting=None)
    with time_machine.travel(BEFORE_DEADLINE):
        services.proposal_transition(proposal=proposal, to=ProposalState.SUBMITTED, actor=proposer)
    proposal.refresh_from_db()
    assert proposal.meeting == meeting
    assert proposal.is_late is False


def test_submit_after_the_deadline_is_taken_and_marked_late(
    make_proposal, proposer, django_capture_on_commit_callbacks, mailoutbox
):
    proposal = make_proposal()
    with time_machine.travel(AFTER_DEADLINE), django_capture_on_commit_callbacks(execute=True):
        services.proposal_transition(proposal=proposal, to=ProposalState.SUBMITTED, actor=proposer)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.is_late is True
    # A receipt to the agency's focal points.
    assert [m.to for m in mailoutbox] == [[proposer.email]]
    assert "marked late" in mailoutbox[0].body


def test_submit_with_no_meeting_open_says_so(make_proposal, proposer, meeting):
    proposal = make_proposal(meeting=None)
    with time_machine.travel(AFTER_DEADLINE), pytest.raises(ValidationError, match="No upcoming"):
        services.proposal_transition(proposal=proposal, to=ProposalState.SUBMITTED, actor=proposer)


# --- Deciding -------------------------------------------------------------------


def test_accept_makes_an_agenda_item_with_papers_and_guests(
    make_proposal, proposer, chair_office, meeting
):
    organization = OrganizationFactory(name="Migration Research Network")
    proposal = make_proposal(state=ProposalState.SUBMITTED, minutes_wished=25)
    proposal.guest_organizations.add(organization)
    paper = services.paper_upload(file=pdf_upload(), actor=proposer)
    paper.proposal = proposal
    paper.save()

    services.proposal_transition(
        proposal=proposal, to=ProposalState.ACCEPTED, actor=chair_office, note="Welcome"
    )

    item = AgendaItem.objects.get(proposal=proposal)
    assert (item.title, item.minutes, item.presenter_agency) == (
        "Data on labour migration",
        25,
        proposer.agency,
    )
    assert list(item.papers.all()) == [paper]
    assert [p.code for p in item.purposes.all()] == ["research-data"]
    invitation = GuestInvitation.objects.get(meeting=meeting, organization=organization)
    assert list(invitation.items.all()) == [item]
    # The item goes before "any other business".
    titles = [i.standing or i.title for i in item.agenda.items.order_by("position")]
    assert titles[-2:] == ["Data on labour migration", StandingItem.AOB]


def test_defer_moves_the_proposal_to_the_later_meeting_queue(
    make_proposal, chair_office, meeting, later_meeting
):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    services.proposal_transition(
        proposal=proposal, to=ProposalState.DEFERRED, actor=chair_office, meeting=later_meeting
    )
    proposal.refresh_from_db()
    assert (proposal.meeting, proposal.deferred_from) == (later_meeting, meeting)
    # The old chair can no longer decide it: it belongs to the later meeting's chair now.
    with pytest.raises(PermissionDenied):
        services.proposal_transition(
            proposal=proposal, to=ProposalState.ACCEPTED, actor=chair_office
        )


def test_defer_needs_a_later_meeting(make_proposal, chair_office, meeting):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    earlier = MeetingFactory(start=datetime.datetime(2027, 2, 1, 9, 0, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError):
        services.proposal_transition(
            proposal=proposal, to=ProposalState.DEFERRED, actor=chair_office, meeting=earlier
        )


def test_decision_tells_the_proposing_agency(
    make_proposal, proposer, chair_office, django_capture_on_commit_callbacks, mailoutbox
):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_transition(
            proposal=proposal, to=ProposalState.DECLINED, actor=chair_office, note="Out of scope"
        )
    assert "Out of scope" in mailoutbox[0].body
    assert Notice.objects.filter(kind="proposal_decision", recipient=proposer).count() == 1


# --- The agenda -----------------------------------------------------------------


def test_every_agenda_starts_with_the_standing_items(meeting):
    previous = MeetingFactory(start=datetime.datetime(2027, 2, 9, 9, 0, tzinfo=datetime.UTC))
    agenda = Agenda.objects.get(meeting=meeting)
    items = list(agenda.items.order_by("position"))
    assert [i.standing for i in items] == [
        StandingItem.ADOPT_AGENDA,
        StandingItem.ADOPT_MINUTES,
        StandingItem.FOLLOW_UP,
        StandingItem.AOB,
    ]
    assert items[1].linked_meeting == previous
    # Idempotent.
    services.agenda_create(meeting=meeting, actor=SYSTEM)
    assert agenda.items.count() == 4


def test_moving_an_item_renumbers_and_a_stale_move_is_refused(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    follow_up = agenda.items.get(standing=StandingItem.FOLLOW_UP)

    services.agenda_item_move(item=follow_up, actor=chair_office, version=1, direction="up")

    order = list(agenda.items.order_by("position").values_list("standing", flat=True))
    assert order[:3] == [
        StandingItem.ADOPT_AGENDA,
        StandingItem.FOLLOW_UP,
        StandingItem.ADOPT_MINUTES,
    ]
    with pytest.raises(ConflictError):
        services.agenda_item_move(item=follow_up, actor=chair_office, version=1, direction="down")


def test_only_the_chair_office_edits_the_agenda(meeting, proposer, secretariat):
    agenda = Agenda.objects.get(meeting=meeting)
    for person in (proposer, secretariat):
        with pytest.raises(PermissionDenied):
            services.agenda_item_save(
                agenda=agenda, actor=person, version=1, title="Mine", minutes=5
            )


def test_publish_gives_the_reference_freezes_the_chair_and_tells_participants(
    meeting, chair_office, chair_agency, django_capture_on_commit_callbacks
):
    other_focal_point = PersonFactory()
    MeetingFactory()  # another principals' meeting with no agenda: no reference
    agenda = Agenda.objects.get(meeting=meeting)

    with django_capture_on_commit_callbacks(execute=True):
        version = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    agenda.refresh_from_db()
    meeting.refresh_from_db()
    assert agenda.reference == "GMG/PM/2027/1"
    assert version.reference == "GMG/PM/2027/1"
    assert meeting.frozen_chair == chair_agency
    recipients = set(
        Notice.objects.filter(kind="agenda_published").values_list("recipient", flat=True)
    )
    assert {chair_office.pk, other_focal_point.pk} <= recipients
    version.refresh_from_db()
    assert version.pdf_state == "ready"
    assert len(version.pdf_sha256) == 64


def test_a_change_after_publishing_makes_a_revision_listing_what_changed(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    agenda.refresh_from_db()
    services.agenda_item_save(
        agenda=agenda,
        actor=chair_office,
        version=agenda.version,
        title="Climate and mobility",
        minutes=20,
    )
    agenda.refresh_from_db()

    second = services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)

    assert second.reference == "GMG/PM/2027/1/Rev.1"
    assert any("Climate and mobility" in change for change in second.changes_in_words)
    assert agenda.versions.count() == 2
    assert agenda.reference == "GMG/PM/2027/1"


def test_publishing_nothing_new_is_refused(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    with pytest.raises(ValidationError, match="Nothing changed"):
        services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)


def test_references_follow_the_order_of_dates_within_level_and_year(chair_office, meeting):
    june = MeetingFactory(start=datetime.datetime(2027, 6, 8, 9, 0, tzinfo=datetime.UTC))
    working = MeetingFactory(
        level="working", start=datetime.datetime(2027, 4, 20, 9, 0, tzinfo=datetime.UTC)
    )
    # June's agenda is published first, yet May's meeting comes first in the year.
    for m in (june, meeting, working):
        agenda = Agenda.objects.get(meeting=m)
        services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    references = {a.meeting_id: a.reference for a in Agenda.objects.all()}
    assert references == {
        meeting.pk: "GMG/PM/2027/1",
        june.pk: "GMG/PM/2027/2",
        working.pk: "GMG/WL/2027/1",
    }


def test_a_meeting_added_later_takes_the_next_free_number(chair_office, meeting):
    june = MeetingFactory(start=datetime.datetime(2027, 6, 8, 9, 0, tzinfo=datetime.UTC))
    for m in (meeting, june):
        agenda = Agenda.objects.get(meeting=m)
        services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    ad_hoc = MeetingFactory(
        kind="ad_hoc", start=datetime.datetime(2027, 5, 25, 9, 0, tzinfo=datetime.UTC)
    )
    agenda = Agenda.objects.get(meeting=ad_hoc)
    services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    agenda.refresh_from_db()
    # Place 2 is June's already: references never change, so the ad hoc one gets 3.
    assert agenda.reference == "GMG/PM/2027/3"


# --- Papers and guests ----------------------------------------------------------


def test_paper_checked_by_content_not_by_name(proposer):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    with pytest.raises(ValidationError, match="not an accepted file"):
        services.paper_upload(file=fake, actor=proposer)


def test_paper_over_the_size_limit_is_refused(proposer, settings):
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024 + 1), "application/pdf"
    )
    with pytest.raises(ValidationError, match="larger than 20 MB"):
        services.paper_upload(file=big, actor=proposer)


def test_guest_person_invite_creates_a_guest_of_the_organization(meeting, chair_office):
    organization = OrganizationFactory()
    invitation = GuestInvitation.objects.create(meeting=meeting, organization=organization)

    person = services.guest_person_invite(
        invitation=invitation,
        actor=chair_office,
        email="guest.one@example.org",
        full_name="Guest One",
    )

    assert person.role == "guest"
    assert person.organization == organization
    assert list(invitation.people.all()) == [person]
    assert Notice.objects.filter(kind="invitation", recipient=person).exists()


def test_guest_person_of_another_body_is_refused(meeting, chair_office, proposer):
    invitation = GuestInvitation.objects.create(meeting=meeting, organization=OrganizationFactory())
    with pytest.raises(ValidationError):
        services.guest_person_invite(
            invitation=invitation, actor=chair_office, email=proposer.email, full_name="x"
        )


def test_a_new_item_goes_before_any_other_business_after_a_reordering(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    follow_up = agenda.items.get(standing=StandingItem.FOLLOW_UP)
    services.agenda_item_move(item=follow_up, actor=chair_office, version=1, direction="up")
    agenda.refresh_from_db()

    services.agenda_item_save(
        agenda=agenda, actor=chair_office, version=agenda.version, title="New topic", minutes=10
    )

    order = [i.standing or i.title for i in agenda.items.order_by("position", "pk")]
    assert order[-2:] == ["New topic", StandingItem.AOB]


def test_standing_items_cannot_be_removed(meeting, chair_office):
    agenda = Agenda.objects.get(meeting=meeting)
    item = agenda.items.get(standing=StandingItem.ADOPT_MINUTES)
    with pytest.raises(ValidationError, match="standing item"):
        services.agenda_item_remove(item=item, actor=chair_office, version=agenda.version)
    assert agenda.items.filter(pk=item.pk).exists()


def test_defer_to_a_meeting_of_the_other_level_is_refused(make_proposal, chair_office):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    working = MeetingFactory(
        level="working", start=datetime.datetime(2027, 11, 2, 9, 0, tzinfo=datetime.UTC)
    )
    with pytest.raises(ValidationError):
        services.proposal_transition(
            proposal=proposal, to=ProposalState.DEFERRED, actor=chair_office, meeting=working
        )
