"""Each role's dashboard says what it has to do next, with counts and links."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from agenda.models import Proposal
from meetings.models import Delegate
from minutes import services
from tests.factories import AgencyFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2027, 5, 12, 10, 0, tzinfo=datetime.UTC)


def _upcoming(n, chair_office, proposer):
    """``n`` meetings ahead in the chair's term, each with a topic to decide."""
    for k in range(n):
        meeting = MeetingFactory(
            title=f"Ad hoc {k}", start=datetime.datetime(2027, 6, 1 + k, 8, tzinfo=datetime.UTC)
        )
        proposal = Proposal.objects.create(
            meeting=meeting,
            agency=proposer.agency,
            author=proposer,
            title=f"Topic {k}",
            summary="s",
            state="submitted",
        )
        proposal.purposes.set(["research-data"])


def test_the_chair_office_sees_topics_agenda_minutes_and_comments_to_handle(
    client, chair_office, circulated, member_focal, section, meeting
):
    services.comment_add(section=section, actor=member_focal, text="Add the data.")
    _upcoming(1, chair_office, member_focal)
    client.force_login(chair_office)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Your chair's office: what to do next" in page
    assert "1 topic to decide" in page
    assert "Publish the agenda: 20 days left" in page
    assert "1 comment to answer" in page
    assert reverse("agenda:queue", args=[Proposal.objects.get().meeting_id]) in page


def test_finalise_and_publish_appear_when_due(client, chair_office, circulated, meeting):
    with time_machine.travel(TODAY + datetime.timedelta(days=11)):
        client.force_login(chair_office)
        assert "Finalise the minutes" in client.get(reverse("dashboard")).content.decode()
        services.minutes_transition(minutes=circulated, to="final", actor=chair_office)
        assert "Publish the final minutes" in client.get(reverse("dashboard")).content.decode()


def test_others_see_no_chair_work(client, member_focal, circulated, secretariat):
    for person in (member_focal, secretariat):
        client.force_login(person)
        assert "what to do next" not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_the_chair_dashboard_queries_do_not_grow(
    client, chair_office, member_focal, circulated, count, django_assert_max_num_queries
):
    _upcoming(count, chair_office, member_focal)
    client.force_login(chair_office)

    with django_assert_max_num_queries(30):
        page = client.get(reverse("dashboard")).content.decode()

    assert page.count("topic to decide") == count


def test_the_secretariat_sees_meetings_without_invitation_or_chair(client, secretariat, meeting):
    chairless = MeetingFactory(
        title="Principals' meeting, Q4 2028",
        start=datetime.datetime(2028, 11, 9, 9, tzinfo=datetime.UTC),
    )
    client.force_login(secretariat)

    page = client.get(reverse("dashboard")).content.decode()

    assert "1 meeting without an invitation sent" in page  # the one of May is past
    assert "1 meeting without a chair" in page
    assert chairless.get_absolute_url() in page


def test_a_focal_point_sees_the_delegations_to_register(client, meeting):
    with time_machine.travel(datetime.datetime(2027, 4, 1, 9, tzinfo=datetime.UTC)):
        agency = AgencyFactory(acronym="REG")
        focal = PersonFactory(agency=agency)
        client.force_login(focal)
        page = client.get(reverse("dashboard")).content.decode()
        Delegate.objects.create(meeting=meeting, agency=agency, person=focal, rsvp="online")
        after = client.get(reverse("dashboard")).content.decode()

    assert "1 delegation to register" in page
    assert reverse("meetings:delegation", args=[meeting.pk]) in page
    assert "delegation to register" not in after


def test_a_chair_office_with_everything_done_is_told_so(client, chair_office, published):
    client.force_login(chair_office)

    assert "Nothing waits for your chair" in client.get(reverse("dashboard")).content.decode()
