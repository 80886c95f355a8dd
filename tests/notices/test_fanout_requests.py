"""Every request that tells many people costs the same for ten of them as for a thousand.

The request records one batch (``notices.services.notice_fanout``) and the
worker writes the notices afterwards, in chunks. Each test makes the same
occasion twice through the page that makes it, first with about ten people
to tell, then with a thousand more in twenty more agencies (with their
delegations), and compares the queries of the two requests. The agenda's
publication and the announcement have theirs in ``test_fanout.py``.
"""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda import services as agenda_services
from agenda.enums import ProposalState
from agenda.models import Agenda, Proposal, PurposeTag
from decisions import services as decision_services
from meetings.enums import Rsvp
from meetings.models import Delegate
from members.enums import Role
from members.models import Person
from minutes import services as minutes_services
from notices.models import Notice, NoticeBatch
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

UTC = datetime.UTC
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
FEW, MANY, MANY_AGENCIES = 10, 1000, 20

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def chair_office(db):
    agency = AgencyFactory(acronym="CHAIR", name="Chairing Agency")
    ChairTermFactory(agency=agency, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30))
    return PersonFactory(agency=agency, full_name="Chair Focal")


def _crowd(count: int, *, agencies: int = 1, meeting=None, roles=(Role.FOCAL_POINT,)) -> int:
    """``count`` people of new member agencies (their roles in turn); with ``meeting``, each
    agency's first person is registered to attend it. Returns how many were made."""
    made = 0
    for number in range(agencies):
        agency = AgencyFactory()
        size = count // agencies + (1 if number < count % agencies else 0)
        people = Person.objects.bulk_create(
            Person(
                email=f"p{n}@{agency.acronym.lower()}.example.org",
                full_name=f"Person {n} of {agency.acronym}",
                role=roles[n % len(roles)],
                agency=agency,
                password="!",
            )
            for n in range(size)
        )
        if meeting is not None:
            Delegate.objects.create(
                meeting=meeting, agency=agency, person=people[0], rsvp=Rsvp.IN_PERSON, is_head=True
            )
        made += len(people)
    return made


def _grow(**kwargs) -> None:
    """From ten people to tell to a thousand more, in twenty more agencies."""
    _crowd(MANY, agencies=MANY_AGENCIES, **kwargs)


def _post(client, url: str, data: dict, capture, *, kind: str) -> tuple[int, int]:
    """One request that tells people: its queries, and how many people its batch tells."""
    ContentType.objects.clear_cache()  # each request starts cold
    notices_before = Notice.objects.count()
    with capture(execute=False) as callbacks, CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert not response.url.startswith("/accounts/"), response.url
    refused = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert refused == []
    assert callbacks  # the fan-out waits for the commit
    assert Notice.objects.count() == notices_before  # nothing written for anyone in the request
    batch = NoticeBatch.objects.filter(kind=kind).order_by("-pk").first()
    return len(queries), len(batch.recipient_ids)


# --- Minutes: circulation (the attending agencies) and publication (every member) -------


def _minutes_of(meeting, chair_office):
    """The meeting's agenda published (one item) and its minutes started, one section a decision."""
    agenda = Agenda.objects.get(meeting=meeting)
    agenda_services.agenda_item_save(
        agenda=agenda, actor=chair_office, version=agenda.version, title="Labour data", minutes=30
    )
    agenda.refresh_from_db()
    agenda_services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    minutes = minutes_services.minutes_start(meeting=meeting, actor=chair_office)
    section = minutes.sections.get(number=4)
    minutes_services.section_save(
        section=section,
        actor=chair_office,
        version=section.version,
        summary="Discussed.",
        decisions="The group pools its data.",
        decision_marked=True,
    )
    minutes.refresh_from_db()
    return minutes


def _minutes_requests(client, chair_office, meeting, capture) -> dict[str, tuple[int, int]]:
    minutes = _minutes_of(meeting, chair_office)
    after = meeting.end + datetime.timedelta(days=1)
    figures = {}
    with time_machine.travel(after, tick=False):
        client.force_login(chair_office)  # a session of that day
        figures["circulate"] = _post(
            client,
            reverse("minutes:circulate", args=[meeting.pk]),
            {"version": minutes.version, "comment_days": 10},
            capture,
            kind="minutes_circulated",
        )
    minutes.refresh_from_db()
    with time_machine.travel(after + datetime.timedelta(days=11), tick=False):
        minutes_services.minutes_transition(
            minutes=minutes, to="final", actor=chair_office, version=minutes.version
        )
    minutes.refresh_from_db()
    with time_machine.travel(after + datetime.timedelta(days=12), tick=False):
        client.force_login(chair_office)
        figures["publish"] = _post(
            client,
            reverse("minutes:publish", args=[meeting.pk]),
            {"version": minutes.version},
            capture,
            kind="minutes_published",
        )
    return figures


def test_circulating_and_publishing_minutes_cost_the_same_for_10_and_1000_people(
    client, chair_office, django_capture_on_commit_callbacks
):
    client.force_login(chair_office)
    first = MeetingFactory(start=datetime.datetime(2027, 4, 13, 8, 0, tzinfo=UTC))
    _crowd(FEW - 1, meeting=first, roles=(Role.FOCAL_POINT, Role.PRINCIPAL))
    few = _minutes_requests(client, chair_office, first, django_capture_on_commit_callbacks)

    second = MeetingFactory(start=datetime.datetime(2027, 5, 11, 8, 0, tzinfo=UTC))
    _grow(meeting=second, roles=(Role.FOCAL_POINT, Role.PRINCIPAL))
    many = _minutes_requests(client, chair_office, second, django_capture_on_commit_callbacks)

    # Circulation tells the attending agencies' focal points; publication every member's
    # focal points and principals (the chair's office among them).
    assert few["circulate"][1] == 5
    assert many["circulate"][1] == MANY // 2
    assert few["publish"][1] == 1 + FEW - 1
    assert many["publish"][1] == 1 + FEW - 1 + MANY
    assert many["circulate"][0] == few["circulate"][0]
    assert many["publish"][0] == few["publish"][0]


# --- Silence procedures: circulation, extension, withdrawal ---------------------------


def _procedure(chair_office):
    return decision_services.procedure_create(
        actor=chair_office,
        purposes=list(PurposeTag.objects.filter(code="research-data")),
        title="Joint statement",
        text="The group adopts the statement.",
        explanation="Agreed at the working level.",
        level="principals",
        deadline=NOW + datetime.timedelta(hours=72),
        time_zone="Europe/Zurich",
    )


def _procedure_requests(client, chair_office, capture) -> dict[str, tuple[int, int]]:
    procedure = _procedure(chair_office)
    figures = {
        "circulate": _post(
            client,
            reverse("decisions:circulate", args=[procedure.pk]),
            {"version": procedure.version},
            capture,
            kind="silence_circulated",
        ),
        "extend": _post(
            client,
            reverse("decisions:extend", args=[procedure.pk]),
            {"deadline_date": "2027-03-08", "deadline_time": "12:00", "reason": "Holidays."},
            capture,
            kind="silence_extended",
        ),
        "withdraw": _post(
            client,
            reverse("decisions:withdraw", args=[procedure.pk]),
            {"reason": "Overtaken by events."},
            capture,
            kind="silence_withdrawn",
        ),
    }
    # The outcome is the closing sweep's (beat, every minute), told to everyone told before.
    adopted = _procedure(chair_office)
    with capture(execute=False):
        decision_services.procedure_transition(
            procedure=adopted, to="circulated", actor=chair_office
        )
    ContentType.objects.clear_cache()
    with (
        time_machine.travel(adopted.deadline, tick=False),
        capture(execute=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert decision_services.procedures_close_due() == {"adopted": 1, "broken": 0}
    batch = NoticeBatch.objects.filter(kind="silence_adopted").order_by("-pk").first()
    figures["outcome"] = (len(queries), len(batch.recipient_ids))
    return figures


def test_a_silence_procedures_notices_cost_the_same_for_10_and_1000_people(
    client, chair_office, django_capture_on_commit_callbacks
):
    client.force_login(chair_office)
    _crowd(FEW - 1, roles=(Role.FOCAL_POINT, Role.PRINCIPAL))
    few = _procedure_requests(client, chair_office, django_capture_on_commit_callbacks)

    _grow(roles=(Role.FOCAL_POINT, Role.PRINCIPAL))
    many = _procedure_requests(client, chair_office, django_capture_on_commit_callbacks)

    for occasion in ("circulate", "extend", "withdraw", "outcome"):
        assert few[occasion][1] == FEW, occasion
        assert many[occasion][1] == FEW + MANY, occasion
        assert many[occasion][0] == few[occasion][0], occasion


# --- Meetings: invitation, new date, cancellation ---------------------------------------


def _meeting_requests(client, meeting, capture) -> dict[str, tuple[int, int]]:
    figures = {
        "invite": _post(
            client,
            reverse("meetings:invite", args=[meeting.pk]),
            {},
            capture,
            kind="meeting_invitation",
        )
    }
    meeting.refresh_from_db()
    local = meeting.start.astimezone(meeting.zone)
    figures["reschedule"] = _post(
        client,
        reverse("meetings:edit", args=[meeting.pk]),
        {
            "title": meeting.title,
            "date": (local.date() + datetime.timedelta(days=1)).isoformat(),
            "start_time": "10:00",
            "end_time": "13:00",
            "time_zone": meeting.time_zone,
            "proposal_deadline": meeting.proposal_deadline.isoformat(),
            "registration_deadline": meeting.registration_deadline.isoformat(),
            "version": meeting.version,
        },
        capture,
        kind="meeting_rescheduled",
    )
    figures["cancel"] = _post(
        client,
        reverse("meetings:cancel", args=[meeting.pk]),
        {"reason": "The venue is closed."},
        capture,
        kind="meeting_cancelled",
    )
    return figures


def test_inviting_rescheduling_and_cancelling_cost_the_same_for_10_and_1000_people(
    client, chair_office, django_capture_on_commit_callbacks
):
    client.force_login(PersonFactory(secretariat=True))
    first = MeetingFactory(start=datetime.datetime(2027, 4, 13, 8, 0, tzinfo=UTC))
    _crowd(FEW - 1, meeting=first, roles=(Role.FOCAL_POINT, Role.PRINCIPAL))
    few = _meeting_requests(client, first, django_capture_on_commit_callbacks)

    second = MeetingFactory(start=datetime.datetime(2027, 5, 11, 8, 0, tzinfo=UTC))
    _grow(meeting=second, roles=(Role.FOCAL_POINT, Role.PRINCIPAL))
    many = _meeting_requests(client, second, django_capture_on_commit_callbacks)

    for occasion in ("invite", "reschedule", "cancel"):
        assert few[occasion][1] == FEW, occasion
        assert many[occasion][1] == FEW + MANY, occasion
        assert many[occasion][0] == few[occasion][0], occasion


# --- Proposals: the receipt and the chair's decision (the proposing agency) -------------


def _proposal_requests(client, chair_office, author, meeting, capture) -> dict:
    proposal = Proposal.objects.create(
        meeting=meeting,
        agency=author.agency,
        author=author,
        title="Data on labour migration",
        summary="Pooling our data.",
    )
    proposal.purposes.set(["research-data"])
    client.force_login(author)
    figures = {
        "submit": _post(
            client,
            reverse("agenda:proposal_submit", args=[proposal.pk]),
            {},
            capture,
            kind="proposal_receipt",
        )
    }
    client.force_login(chair_office)
    figures["decide"] = _post(
        client,
        reverse("agenda:proposal_decide", args=[proposal.pk]),
        {"decision": ProposalState.DECLINED, "note": "Not this time."},
        capture,
        kind="proposal_decision",
    )
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.DECLINED
    return figures


def test_a_proposals_receipt_and_decision_cost_the_same_for_10_and_1000_focal_points(
    client, chair_office, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(start=datetime.datetime(2027, 5, 11, 8, 0, tzinfo=UTC))
    small, large = PersonFactory(), PersonFactory()
    for author, count in ((small, FEW - 1), (large, MANY - 1)):
        Person.objects.bulk_create(
            Person(
                email=f"colleague{n}@{author.agency.acronym.lower()}.example.org",
                full_name=f"Colleague {n}",
                role=Role.FOCAL_POINT,
                agency=author.agency,
                password="!",
            )
            for n in range(count)
        )

    few = _proposal_requests(
        client, chair_office, small, meeting, django_capture_on_commit_callbacks
    )
    many = _proposal_requests(
        client, chair_office, large, meeting, django_capture_on_commit_callbacks
    )

    for occasion in ("submit", "decide"):
        assert (few[occasion][1], many[occasion][1]) == (FEW, MANY), occasion
        assert many[occasion][0] == few[occasion][0], occasion
