"""System work passes ``core.permissions.SYSTEM``; a missing actor is an error, not a skip."""

import datetime

import pytest
from django.core.management import call_command

from agenda import services as agenda_services
from agenda.models import Agenda, AgendaItem
from core.models import AuditEntry
from meetings import services as meeting_services
from meetings.models import ChairTerm, Delegate, Meeting
from members import services as member_services
from members.models import Agency, Person
from notices import services as notice_services
from notices.models import Notice
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2027, 9, 14, 8, 0, tzinfo=datetime.UTC)


def _meeting_create():
    meeting_services.meeting_create(
        actor=None,
        level="principals",
        kind="ad_hoc",
        start=START,
        end=START + datetime.timedelta(hours=2),
        time_zone="Europe/Zurich",
    )


def _meeting_cancel():
    meeting_services.meeting_cancel(meeting=MeetingFactory(), actor=None, reason="Storm")


def _rotation_extend():
    meeting_services.chair_rotation_extend(until=datetime.date(2030, 1, 1), actor=None)


def _agency_create():
    member_services.agency_create(
        actor=None, name="New", acronym="NEW", kind="fund", member_from=datetime.date(2027, 1, 1)
    )


def _agenda_item_save():
    agenda = Agenda.objects.get(meeting=MeetingFactory())
    agenda_services.agenda_item_save(
        agenda=agenda, actor=None, version=agenda.version, title="Sneaked in", minutes=5
    )


def _notice_cancel():
    notice, _new = notice_services.notice_queue(
        to=notice_services.Recipient(email="x@example.org"),
        kind="announcement",
        key="test:1",
        template="members/email/announcement",
        context={"announcement": {"subject": "S", "body": "B", "author": {"full_name": "A"}}},
    )
    notice_services.notice_cancel(notice=notice, actor=None)


@pytest.mark.parametrize(
    "call",
    [
        _meeting_create,
        _meeting_cancel,
        _rotation_extend,
        _agency_create,
        _agenda_item_save,
        _notice_cancel,
    ],
    ids=lambda call: call.__name__.strip("_"),
)
def test_a_service_called_without_an_actor_refuses_and_writes_nothing(call, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with pytest.raises(TypeError, match="SYSTEM"):
        call()

    assert not AuditEntry.objects.exists()
    assert not Agency.objects.filter(acronym="NEW").exists()
    assert not ChairTerm.objects.exists()
    assert not Meeting.objects.filter(start=START).exists()
    assert not Meeting.objects.filter(status="cancelled").exists()
    assert not AgendaItem.objects.filter(title="Sneaked in").exists()
    assert not Notice.objects.filter(state="cancelled").exists()


def test_seed_demo_is_system_work_done_in_nobodys_name(db):
    call_command("seed_demo", quiet=True)

    assert Person.objects.filter(role="secretariat").exists()
    created = AuditEntry.objects.filter(action__in=["meeting.create", "rotation.extend"])
    assert created.exists()
    assert not created.filter(actor__isnull=False).exists()
    assert Delegate.objects.exists()
    assert not Delegate.objects.filter(registered_by__isnull=False).exists()


def test_the_first_publication_freezes_the_chair_as_system_work(db):
    chair = AgencyFactory()
    ChairTermFactory(agency=chair)
    meeting = MeetingFactory()
    office = PersonFactory(agency=chair)
    agenda = Agenda.objects.get(meeting=meeting)

    agenda_services.agenda_publish(agenda=agenda, actor=office, version=agenda.version)

    frozen = AuditEntry.objects.get(action="meeting.freeze_chair")
    assert frozen.actor is None
    assert AuditEntry.objects.get(action="agenda.publish").actor == office
    assert Meeting.objects.get(pk=meeting.pk).frozen_chair == chair
