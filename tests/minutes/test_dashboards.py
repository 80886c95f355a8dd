"""Each role's dashboard says what it has to do next, with counts and links."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from agenda.models import Proposal
from meetings.models import Delegate
from minutes import services
from minutes.models import ActionPoint
from tests.factories import AgencyFactory, MeetingFactory, PersonFactory
from tests.pages import RENDER

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
        page = client.get(reverse("dashboard"), headers=RENDER).content.decode()

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


def test_a_focal_point_sees_the_minutes_open_for_comment_and_whether_it_answered(
    client, member_focal, circulated, section
):
    client.force_login(member_focal)
    before = client.get(reverse("dashboard")).content.decode()
    services.comment_add(section=section, actor=member_focal, text="Add the data.")
    after = client.get(reverse("dashboard")).content.decode()

    assert "1 set of minutes open for comment" in before
    assert reverse("minutes:minutes", args=[circulated.meeting_id]) in before
    assert f"comments until {circulated.comments_until:%-d %b %Y}" in before
    assert "your agency has not commented yet" in before
    assert "your agency has answered" in after
    assert "not commented yet" not in after


def test_saying_no_comments_counts_as_an_answer(client, member_focal, circulated):
    services.minutes_no_comments(minutes=circulated, actor=member_focal)
    client.force_login(member_focal)

    assert "your agency has answered" in client.get(reverse("dashboard")).content.decode()


def test_minutes_are_not_listed_to_an_agency_that_did_not_attend(
    client, member_focal, circulated, meeting
):
    absent = PersonFactory(agency=AgencyFactory(acronym="ABS"))
    Delegate.objects.create(
        meeting=meeting, agency=absent.agency, person=absent, rsvp="not_attending"
    )
    for person in (absent, PersonFactory(agency=AgencyFactory(acronym="NONE"))):
        client.force_login(person)
        assert "open for comment" not in client.get(reverse("dashboard")).content.decode()


def test_recorded_attendance_decides_who_comments(client, member_focal, circulated, meeting):
    """Registered but marked absent once attendance is recorded: not listed."""
    Delegate.objects.filter(meeting=meeting, agency=member_focal.agency).update(attended=False)
    client.force_login(member_focal)

    assert "open for comment" not in client.get(reverse("dashboard")).content.decode()


def test_minutes_leave_the_list_when_the_comment_period_ends(client, member_focal, circulated):
    with time_machine.travel(TODAY + datetime.timedelta(days=30)):
        client.force_login(member_focal)
        assert "open for comment" not in client.get(reverse("dashboard")).content.decode()


def test_principals_secretariat_and_guests_see_no_minutes_or_drafts_to_handle(
    client, member_focal, circulated, secretariat
):
    Proposal.objects.create(
        agency=member_focal.agency, author=member_focal, title="Our draft", summary="s"
    )
    principal = PersonFactory(agency=member_focal.agency, role="principal")
    for person in (principal, secretariat):
        client.force_login(person)
        page = client.get(reverse("dashboard")).content.decode()
        assert "open for comment" not in page
        assert "Our draft" not in page
        assert "in draft" not in page


def test_a_focal_point_sees_its_agency_topics_in_draft_with_links(client, member_focal):
    own = [
        Proposal.objects.create(
            agency=member_focal.agency, author=member_focal, title=f"Draft {k}", summary="s"
        )
        for k in range(12)
    ]
    Proposal.objects.create(
        agency=member_focal.agency,
        author=member_focal,
        title="Sent",
        summary="s",
        state="submitted",
    )
    other = PersonFactory(agency=AgencyFactory(acronym="OTH"))
    Proposal.objects.create(agency=other.agency, author=other, title="Their draft", summary="s")
    client.force_login(member_focal)

    page = client.get(reverse("dashboard")).content.decode()

    assert "12 topics in draft" in page
    assert own[-1].get_absolute_url() in page  # the latest ten
    assert own[0].get_absolute_url() not in page
    assert reverse("agenda:proposal_list") + "?state=draft" in page
    assert "Sent</a>: Submitted" in page
    assert "Their draft" not in page


@pytest.mark.parametrize("count", [1, 15])
def test_the_focal_point_dashboard_queries_do_not_grow(
    client, member_focal, circulated, section, count, django_assert_num_queries
):
    """Drafts, minutes to comment on, delegations, action points, colleagues: nine queries
    whatever their number."""
    for k in range(count):
        Proposal.objects.create(
            agency=member_focal.agency, author=member_focal, title=f"Draft {k}", summary="s"
        )
        services.comment_add(section=section, actor=member_focal, text=f"Comment {k}")
        PersonFactory(agency=member_focal.agency)
    client.force_login(member_focal)
    client.get(reverse("dashboard"))  # the per-process caches

    with django_assert_num_queries(9):
        page = client.get(reverse("dashboard"), headers=RENDER).content.decode()

    assert f"{count} topic" in page


def _points(section, chair_office, agencies, n, *, first_due=datetime.date(2027, 6, 1)):
    return [
        services.action_point_save(
            section=section,
            actor=chair_office,
            text=f"Task {k} for {agencies[0].acronym}",
            agencies=agencies,
            due=first_due + datetime.timedelta(days=k),
        )
        for k in range(n)
    ]


def test_a_focal_point_sees_the_latest_ten_open_action_points_and_the_count_of_all(
    client, member_focal, circulated, section, chair_office, chair_agency
):
    own = _points(section, chair_office, [member_focal.agency], 12)
    shared = _points(
        section,
        chair_office,
        [member_focal.agency, chair_agency],
        1,
        first_due=datetime.date(2027, 7, 1),
    )
    done = _points(section, chair_office, [member_focal.agency], 1)
    ActionPoint.objects.filter(pk=done[0].pk).update(status="done")
    _points(section, chair_office, [chair_agency], 3)  # another agency's
    client.force_login(member_focal)

    page = client.get(reverse("dashboard")).content.decode()

    assert "All 13 open action points in the register" in page
    assert own[-1].get_absolute_url() in page  # the latest due first
    assert shared[0].get_absolute_url() in page
    assert own[0].get_absolute_url() not in page  # beyond the ten
    assert done[0].get_absolute_url() not in page


def test_open_action_points_of_minutes_a_focal_point_cannot_read_are_not_counted(
    client, member_focal, minutes, section, chair_office
):
    _points(section, chair_office, [member_focal.agency], 2)  # the draft is the chair's
    client.force_login(member_focal)
    before = client.get(reverse("dashboard")).content.decode()
    services.minutes_transition(minutes=minutes, to="circulated", actor=chair_office)
    after = client.get(reverse("dashboard")).content.decode()

    assert "None open." in before
    assert "All 0 open action points in the register" in before
    assert "All 2 open action points in the register" in after
