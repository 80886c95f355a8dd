"""Retention: unused guest accounts and old outbox texts go, audited; the rest stays."""

import datetime as dt

import pytest
from django.utils import timezone

from access.retention import BODY_REMOVED, retention_run
from access.tasks import retention
from core.models import AuditEntry, Change
from members.models import Person
from notices.enums import NoticeState
from tests.factories import PersonFactory
from tests.notices.factories import NoticeFactory


def _ago(days):
    return timezone.now() - dt.timedelta(days=days)


def test_unused_guests_are_deleted_others_stay(db):
    old_guest = PersonFactory(guest=True, date_joined=_ago(800), last_login=_ago(400))
    never = PersonFactory(guest=True, date_joined=_ago(500), last_login=None)
    recent_guest = PersonFactory(guest=True, date_joined=_ago(800), last_login=_ago(30))
    new_guest = PersonFactory(guest=True, date_joined=_ago(10), last_login=None)
    old_member = PersonFactory(date_joined=_ago(800), last_login=_ago(400))
    NoticeFactory(recipient=old_guest, state=NoticeState.SENT)

    counts = retention.delay().get()

    assert counts["guests"] == 2
    left = set(Person.objects.values_list("pk", flat=True))
    assert {recent_guest.pk, new_guest.pk, old_member.pk} <= left
    assert old_guest.pk not in left
    assert never.pk not in left
    entries = AuditEntry.objects.filter(action="retention.guest")
    assert sorted(e.details["person"] for e in entries) == sorted([old_guest.pk, never.pk])
    assert {e.details["outcome"] for e in entries} == {"deleted"}
    assert not Person.objects.filter(email=old_guest.email).exists()


def test_old_outbox_texts_are_removed_recent_and_pending_kept(db):
    old = NoticeFactory(state=NoticeState.SENT, created_at=_ago(400), body_html="<p>x</p>")
    recent = NoticeFactory(state=NoticeState.SENT, created_at=_ago(10))
    pending = NoticeFactory(state=NoticeState.UNCERTAIN, created_at=_ago(400))

    first = retention_run()
    second = retention_run()

    old.refresh_from_db()
    assert (old.body_text, old.body_html) == (BODY_REMOVED, "")
    assert old.subject
    assert old.to_email
    recent.refresh_from_db()
    pending.refresh_from_db()
    assert BODY_REMOVED not in (recent.body_text, pending.body_text)
    assert (first["notice_bodies"], second["notice_bodies"]) == (1, 0)
    assert AuditEntry.objects.get(action="retention.notice_bodies").details["notices"] == 1


def test_a_guest_whose_record_must_stay_is_emptied_not_deleted(db):
    from agenda.models import Proposal
    from tests.factories import AgencyFactory, MeetingFactory

    guest = PersonFactory(guest=True, date_joined=_ago(800), last_login=_ago(400))
    Proposal.objects.create(
        meeting=MeetingFactory(), agency=AgencyFactory(), author=guest, title="T", summary="S"
    )

    retention_run()

    guest.refresh_from_db()
    assert guest.email == f"former-guest-{guest.pk}@retention.invalid"
    assert guest.full_name == "Former guest"
    assert not guest.is_active
    assert not guest.has_usable_password()
    assert AuditEntry.objects.get(action="retention.guest").details["outcome"] == "emptied"
    assert retention_run()["guests"] == 0


@pytest.mark.postgres
def test_the_page_caches_change_rows_go_but_the_newest(db):
    NoticeFactory.create_batch(3)
    newest = Change.objects.latest("id").id

    removed = retention_run()["change_rows"]

    assert removed >= 3
    kept = list(Change.objects.values_list("id", flat=True))
    assert len(kept) == 1
    assert kept[0] >= newest
