import csv
import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings import services
from meetings.enums import MeetingStatus, Rsvp
from meetings.models import Delegate
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

BEFORE = datetime.datetime(2027, 4, 1, 9, 0, tzinfo=datetime.UTC)
AFTER_DEADLINE = datetime.datetime(2027, 5, 6, 9, 0, tzinfo=datetime.UTC)
AFTER_MEETING = datetime.datetime(2027, 5, 12, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def setup(db):
    chair, other = AgencyFactory(acronym="CHR"), AgencyFactory(acronym="OTH")
    ChairTermFactory(agency=chair, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30))
    return {
        # 11 May 2027, registration until 4 May.
        "meeting": MeetingFactory(start=datetime.datetime(2027, 5, 11, 8, tzinfo=datetime.UTC)),
        "secretariat": PersonFactory(secretariat=True),
        "chair_fp": PersonFactory(agency=chair),
        "fp": PersonFactory(agency=other, full_name="Ana Focal"),
        "head": PersonFactory(agency=other, role="principal", full_name="Bo Head"),
        "other": other,
        "chair": chair,
    }


def test_focal_point_registers_its_delegation_before_the_deadline(setup):
    s = setup
    with time_machine.travel(BEFORE, tick=False):
        services.delegation_save(
            meeting=s["meeting"],
            agency=s["other"],
            actor=s["fp"],
            entries=[
                services.Entry(person=s["head"], rsvp=Rsvp.IN_PERSON, is_head=True),
                services.Entry(person=s["fp"], rsvp=Rsvp.ONLINE),
            ],
        )

    assert Delegate.objects.filter(meeting=s["meeting"], agency=s["other"]).count() == 2
    assert Delegate.objects.get(is_head=True).person == s["head"]


def test_delegation_refused_after_the_deadline_except_for_the_secretariat(setup):
    s = setup
    entries = [services.Entry(person=s["fp"], rsvp=Rsvp.IN_PERSON)]
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        with pytest.raises(ValidationError, match="Registration closed"):
            services.delegation_save(
                meeting=s["meeting"], agency=s["other"], actor=s["fp"], entries=entries
            )
        services.delegation_save(
            meeting=s["meeting"], agency=s["other"], actor=s["secretariat"], entries=entries
        )

    assert Delegate.objects.count() == 1


def test_delegation_refuses_people_of_another_agency_and_other_agencies_focal_points(setup):
    s = setup
    with time_machine.travel(BEFORE, tick=False):
        with pytest.raises(ValidationError, match="Only people of OTH"):
            services.delegation_save(
                meeting=s["meeting"],
                agency=s["other"],
                actor=s["fp"],
                entries=[services.Entry(person=s["chair_fp"], rsvp=Rsvp.ONLINE)],
            )
        with pytest.raises(PermissionDenied):
            services.delegation_save(
                meeting=s["meeting"], agency=s["other"], actor=s["chair_fp"], entries=[]
            )


def test_delegation_page_saves_rsvps_and_head(client, setup):
    s = setup
    url = reverse("meetings:delegation", args=[s["meeting"].pk])
    data = {
        f"rsvp_{s['fp'].pk}": Rsvp.ONLINE,
        f"rsvp_{s['head'].pk}": Rsvp.IN_PERSON,
        "head": s["head"].pk,
    }

    with time_machine.travel(BEFORE, tick=False):
        client.force_login(s["fp"])
        assert client.get(url).status_code == 200
        response = client.post(url, data)

    assert response.status_code == 302
    assert set(Delegate.objects.values_list("person__full_name", "rsvp", "is_head")) == {
        ("Ana Focal", Rsvp.ONLINE, False),
        ("Bo Head", Rsvp.IN_PERSON, True),
    }


def test_participants_csv_lists_the_delegates(client, setup):
    s = setup
    with time_machine.travel(BEFORE, tick=False):
        services.delegation_save(
            meeting=s["meeting"],
            agency=s["other"],
            actor=s["fp"],
            entries=[services.Entry(person=s["head"], rsvp=Rsvp.IN_PERSON, is_head=True)],
        )
    client.force_login(s["chair_fp"])

    response = client.get(reverse("meetings:participants_csv", args=[s["meeting"].pk]))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][:2] == ["OTH", "Bo Head"]
    assert rows[1][5] == "yes"


def test_attendance_defaults_to_registrations_and_marks_the_meeting_held(client, setup):
    s = setup
    with time_machine.travel(BEFORE, tick=False):
        services.delegation_save(
            meeting=s["meeting"],
            agency=s["other"],
            actor=s["fp"],
            entries=[
                services.Entry(person=s["head"], rsvp=Rsvp.IN_PERSON),
                services.Entry(person=s["fp"], rsvp=Rsvp.NOT_ATTENDING),
            ],
        )
    head = Delegate.objects.get(person=s["head"])
    url = reverse("meetings:attendance", args=[s["meeting"].pk])

    with time_machine.travel(AFTER_MEETING, tick=False):
        client.force_login(s["chair_fp"])
        form = client.get(url).context["form"]
        assert form.fields["attended"].initial == [head.pk]
        response = client.post(url, {"attended": [head.pk]})

    assert response.status_code == 302
    assert dict(Delegate.objects.values_list("person__full_name", "attended")) == {
        "Bo Head": True,
        "Ana Focal": False,
    }
    s["meeting"].refresh_from_db()
    assert s["meeting"].status == MeetingStatus.HELD


def test_secretariat_adds_to_a_delegation_after_the_deadline_through_the_page(client, setup):
    s = setup
    url = reverse("meetings:delegation", args=[s["meeting"].pk])

    with time_machine.travel(AFTER_DEADLINE, tick=False):
        client.force_login(s["secretariat"])
        chooser = client.get(url)
        form_page = client.get(url, {"agency": s["other"].pk})
        response = client.post(
            f"{url}?agency={s['other'].pk}", {f"rsvp_{s['head'].pk}": Rsvp.IN_PERSON}
        )
        client.force_login(s["fp"])
        refused = client.get(url)

    assert "agency" in chooser.context["form"].fields
    assert form_page.context["agency"] == s["other"]
    assert response.status_code == 302
    assert Delegate.objects.get().person == s["head"]
    # The focal point is told why and whom to ask, with the delegation as registered.
    assert refused.status_code == 200
    assert "Registration closed on 4 May 2027" in refused.content.decode()
    assert "Bo Head" in refused.content.decode()


@pytest.mark.django_db
def test_changing_a_delegation_keeps_recorded_attendance():

    agency = AgencyFactory()
    secretariat = PersonFactory(secretariat=True)
    first, late = PersonFactory(agency=agency), PersonFactory(agency=agency)
    meeting = MeetingFactory(
        start=datetime.datetime(2020, 5, 12, 8, 0, tzinfo=datetime.UTC), status="held"
    )
    services.delegation_save(
        meeting=meeting,
        agency=agency,
        actor=secretariat,
        entries=[services.Entry(first, "in_person", True)],
    )
    services.attendance_record(
        meeting=meeting, actor=secretariat, attended_ids=[Delegate.objects.get(person=first).pk]
    )

    services.delegation_save(
        meeting=meeting,
        agency=agency,
        actor=secretariat,
        entries=[
            services.Entry(first, "in_person", True),
            services.Entry(late, "online", False),
        ],
    )

    assert dict(Delegate.objects.values_list("person_id", "attended")) == {
        first.pk: True,
        late.pk: None,
    }
