"""One message to many people: the request records a batch, the worker writes the notices."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.models import Agenda
from members import services as member_services
from members.enums import Audience, Role
from members.models import Person
from notices import services
from notices.enums import NoticeState
from notices.models import Notice, NoticeBatch
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory


def _people(agency, count: int, *, role=Role.FOCAL_POINT) -> list[Person]:
    start = Person.objects.count()
    return Person.objects.bulk_create(
        Person(
            email=f"person{start + n}@{agency.acronym.lower()}.example.org",
            full_name=f"Person {start + n}",
            role=role,
            agency=agency,
            password="!",
        )
        for n in range(count)
    )


def _fanout(people, key="test:occasion"):
    return services.notice_fanout(
        recipients=Person.objects.filter(pk__in=[p.pk for p in people]),
        kind="announcement",
        key=key,
        template="members/email/announcement",
        context={"announcement": {"subject": "Retreat", "body": "Dates to follow."}},
    )


def test_fanout_writes_one_notice_per_person_after_commit(db, django_capture_on_commit_callbacks):
    people = [PersonFactory(), PersonFactory(language="fr")]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        told = _fanout(people)
    # Nothing is written inside the request: only the batch.
    assert told == 2
    assert Notice.objects.count() == 0
    assert NoticeBatch.objects.get().recipient_ids == [p.pk for p in people]

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    notices = Notice.objects.order_by("recipient_id")
    assert [(n.recipient_id, n.language, n.to_email) for n in notices] == [
        (p.pk, p.language, p.email) for p in people
    ]
    assert {n.idempotency_key for n in notices} == {f"test:occasion:to:{p.pk}" for p in people}
    assert all(n.state == NoticeState.SENT for n in notices)
    assert NoticeBatch.objects.get().finished_at is not None


def test_fanout_with_the_same_key_again_queues_nothing(db, django_capture_on_commit_callbacks):
    people = [PersonFactory(), PersonFactory()]
    with django_capture_on_commit_callbacks(execute=True):
        _fanout(people)
        again = _fanout(people)

    assert again == 0
    assert Notice.objects.count() == 2
    assert NoticeBatch.objects.count() == 1


def test_fanout_resumes_where_a_dead_worker_stopped_and_tells_each_person_once(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    agency = AgencyFactory()
    people = _people(agency, 7)
    with django_capture_on_commit_callbacks(execute=False):
        _fanout(people)
    batch = NoticeBatch.objects.get()
    real_render = services._render
    rendered = []

    def dies_at_the_sixth(*args):
        rendered.append(1)
        if len(rendered) == 6:
            raise SystemExit("worker killed")
        return real_render(*args)

    monkeypatch.setattr(services, "_render", dies_at_the_sixth)

    # Act: the worker dies in the middle of the second chunk of three people.
    with pytest.raises(SystemExit), django_capture_on_commit_callbacks(execute=True):
        services.notice_fanout_run(batch_id=batch.pk, chunk=3)

    batch.refresh_from_db()
    assert batch.done == 3
    assert Notice.objects.count() == 3
    # The broker hands the task over again; a second worker runs it too.
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_fanout_run(batch_id=batch.pk, chunk=3)
        services.notice_fanout_run(batch_id=batch.pk, chunk=3)

    assert sorted(Notice.objects.values_list("recipient_id", flat=True)) == sorted(
        p.pk for p in people
    )
    batch.refresh_from_db()
    assert batch.done == 7
    assert batch.finished_at is not None


def test_sweep_resumes_a_stalled_fanout(db, django_capture_on_commit_callbacks, settings):
    settings.NOTICE_REQUEUE_AFTER_SECONDS = 0
    people = [PersonFactory(), PersonFactory()]
    with django_capture_on_commit_callbacks(execute=False):
        _fanout(people)

    with django_capture_on_commit_callbacks(execute=True):
        counts = services.notices_sweep()

    assert counts["resumed"] == 1
    assert Notice.objects.count() == 2


def test_fanout_skips_a_person_deactivated_before_the_worker_ran(
    db, django_capture_on_commit_callbacks
):
    stays, leaves = PersonFactory(), PersonFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _fanout([stays, leaves])
    Person.objects.filter(pk=leaves.pk).update(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    assert list(Notice.objects.values_list("recipient_id", flat=True)) == [stays.pk]


def _publish_queries(client, chair_office, count: int, capture) -> int:
    meeting = MeetingFactory()
    _people(AgencyFactory(), count - 1)
    agenda = Agenda.objects.get(meeting=meeting)
    url = reverse("agenda:publish", args=[meeting.pk])
    ContentType.objects.clear_cache()  # both runs start cold
    with capture(execute=False) as callbacks, CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"version": agenda.version})
    assert response.status_code == 302
    assert len(NoticeBatch.objects.get(kind="agenda_published").recipient_ids) == count
    assert Notice.objects.count() == 0
    assert callbacks  # the fan-out and the PDF wait for the commit
    return len(queries)


def test_agenda_publish_request_makes_the_same_queries_for_10_and_1000_people(
    client, db, django_capture_on_commit_callbacks
):
    chair = AgencyFactory()
    ChairTermFactory(agency=chair, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30))
    chair_office = PersonFactory(agency=chair)
    client.force_login(chair_office)
    few = _publish_queries(client, chair_office, 10, django_capture_on_commit_callbacks)
    NoticeBatch.objects.all().delete()
    Person.objects.filter(role=Role.FOCAL_POINT).exclude(pk=chair_office.pk).update(is_active=False)

    many = _publish_queries(client, chair_office, 1000, django_capture_on_commit_callbacks)

    assert few == many


def test_announcement_to_1000_people_costs_what_one_to_10_costs(
    db, secretariat, django_capture_on_commit_callbacks
):
    def send(count):
        agency = AgencyFactory()
        _people(agency, count)
        ContentType.objects.clear_cache()
        with (
            django_capture_on_commit_callbacks(execute=False),
            CaptureQueriesContext(connection) as queries,
        ):
            announcement = member_services.announcement_send(
                actor=secretariat,
                audience=Audience.AGENCY,
                agency=agency,
                subject="Retreat",
                body="Dates to follow.",
            )
        assert announcement.recipient_count == count
        return len(queries)

    assert send(10) == send(1000)
