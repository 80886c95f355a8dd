import csv
import datetime
import io

import pytest
from django.urls import reverse

from agenda.enums import ProposalState
from agenda.models import Proposal
from tests.factories import AgencyFactory, MeetingFactory, PersonFactory


@pytest.fixture
def topics(db):
    ilo, iom = AgencyFactory(acronym="ILO"), AgencyFactory(acronym="IOM")
    author = PersonFactory(agency=ilo)
    meeting = MeetingFactory(start=datetime.datetime(2027, 5, 11, 9, tzinfo=datetime.UTC))
    made = []
    for agency, state, purpose in [
        (ilo, ProposalState.ACCEPTED, "research-data"),
        (ilo, ProposalState.DECLINED, "research-data"),
        (iom, ProposalState.SUBMITTED, "research-data"),
        (iom, ProposalState.DRAFT, "research-data"),  # never counted: not proposed
        (iom, ProposalState.ACCEPTED, "leadership"),
    ]:
        proposal = Proposal.objects.create(
            meeting=meeting,
            agency=agency,
            author=author,
            title=f"{agency.acronym} {state}",
            summary="s",
            state=state,
            created_at=datetime.datetime(2027, 3, 1, tzinfo=datetime.UTC),
        )
        proposal.purposes.set([purpose])
        made.append(proposal)
    return made


def _row(response, purpose_label):
    return next(r for r in response.context["purposes"] if str(r["label"]) == purpose_label)


def test_report_counts_topics_by_purpose_and_leaves_drafts_out(client, topics, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("reports:report"), {"year": 2027})

    values = {
        m.key: v for m, v in _row(response, "Research, data collection and analysis")["values"]
    }
    assert values["proposed"] == 3
    assert values["accepted"] == 1
    assert values["declined"] == 1


def test_a_number_opens_the_rows_behind_it(client, topics, secretariat):
    client.force_login(secretariat)

    response = client.get(
        reverse("reports:rows", args=["proposed"]), {"year": 2027, "purpose": "research-data"}
    )

    assert response.status_code == 200
    assert sorted(r["text"] for r in response.context["rows"]) == [
        "ILO accepted",
        "ILO declined",
        "IOM submitted",
    ]


def test_the_chart_is_an_accessible_svg_with_the_table_beside_it(client, topics, secretariat):
    client.force_login(secretariat)

    body = client.get(
        reverse("reports:report"), {"year": 2027, "measure": "accepted"}
    ).content.decode()

    assert '<svg role="img" aria-labelledby="chart-svg-title chart-svg-desc"' in body
    assert "Topics accepted by purpose" in body
    assert "<table" in body


def test_tables_download_as_csv(client, topics, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("reports:csv", args=["agencies"]), {"year": 2027})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert rows[0][0] == "Agency"
    assert {r[0] for r in rows[1:]} == {"ILO", "IOM"}


def test_a_year_without_anything_counts_nothing(client, topics, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("reports:report"), {"year": 2030})

    assert all(v == 0 for row in response.context["purposes"] for _m, v in row["values"])


@pytest.mark.parametrize("role", ["focal_point", "principal", "guest"])
def test_reports_are_the_secretariats(client, db, role):
    person = PersonFactory(guest=True) if role == "guest" else PersonFactory(role=role)
    client.force_login(person)

    assert client.get(reverse("reports:report")).status_code == 403
    assert client.get(reverse("reports:rows", args=["proposed"])).status_code == 403


def test_bad_period_is_said_next_to_the_field(client, db, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("reports:report"), {"start": "2027-05-01", "end": "2027-01-01"})

    assert "The period ends before it starts." in response.content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_report_queries_do_not_grow(client, db, secretariat, count, django_assert_num_queries):
    agency = AgencyFactory()
    author = PersonFactory(agency=agency)
    for n in range(count):
        Proposal.objects.create(
            agency=agency, author=author, title=f"T{n}", summary="s", state=ProposalState.SUBMITTED
        )
    client.force_login(secretariat)

    # One grouped query a family of measures (topics, agenda time, decisions, action points by
    # purpose; the same but decisions by agency), the purposes (rows the secretariat edits)
    # and the session's two: the same for 1 or 20 rows.
    with django_assert_num_queries(10):
        client.get(reverse("reports:report"))


def test_agency_page_shows_its_participation(client, topics, secretariat):
    ilo = topics[0].agency
    client.force_login(secretariat)

    response = client.get(reverse("members:agency_detail", args=[ilo.pk]))

    body = response.content.decode()
    assert "Participation" in body
    assert "2 (1 accepted)" in body


def test_action_points_are_counted_opened_done_and_overdue_by_purpose_and_agency(
    client, db, secretariat
):
    from agenda.models import AgendaItem, AgendaVersion
    from minutes.enums import ActionStatus
    from minutes.models import ActionPoint, Minutes, MinutesSection

    ilo, iom = AgencyFactory(acronym="ILO"), AgencyFactory(acronym="IOM")
    meeting = MeetingFactory(start=datetime.datetime(2027, 5, 11, 9, tzinfo=datetime.UTC))
    item = AgendaItem.objects.create(agenda=meeting.agenda, title="Data", position=1)
    item.purposes.set(["research-data"])
    version = AgendaVersion.objects.create(agenda=meeting.agenda, number=1, snapshot={"items": []})
    minutes = Minutes.objects.create(meeting=meeting, agenda_version=version)
    section = MinutesSection.objects.create(
        minutes=minutes, number=1, title="Data", agenda_item=item
    )
    for status, due, owners in [
        (ActionStatus.DONE, datetime.date(2026, 1, 1), [ilo]),
        (ActionStatus.OPEN, datetime.date(2026, 1, 1), [ilo, iom]),  # overdue (today is later)
        (ActionStatus.OPEN, datetime.date(2099, 1, 1), [iom]),
    ]:
        point = ActionPoint.objects.create(
            minutes=minutes, meeting=meeting, section=section, text="t", due=due, status=status
        )
        point.agencies.set(owners)
    client.force_login(secretariat)

    response = client.get(reverse("reports:report"), {"year": 2027})

    values = {
        m.key: v for m, v in _row(response, "Research, data collection and analysis")["values"]
    }
    assert (values["points_opened"], values["points_done"], values["points_overdue"]) == (3, 1, 1)
    agencies = {
        row["acronym"]: {m.key: v for m, v in row["values"]} for row in response.context["agencies"]
    }
    assert {
        a: (v["points_opened"], v["points_done"], v["points_overdue"]) for a, v in agencies.items()
    } == {
        "ILO": (2, 1, 1),
        "IOM": (2, 0, 1),
    }
