"""Keeping personal data no longer than needed (run daily by beat, audited).

- A guest whose account has not been used (signed in, or added) for
  ``GMG_GUEST_RETENTION_DAYS`` is deleted; where the record must stay (they
  wrote something the minutes keep) the account is emptied instead: no
  address, no name, no way to sign in.
- The text of outbox e-mails older than ``GMG_OUTBOX_BODY_DAYS`` that are
  done with (sent, failed, cancelled) is removed; who, when and what kind stay.
- A directory import file (members.imports) that was previewed but never
  confirmed is deleted after ``GMG_IMPORT_KEEP_DAYS`` (a confirmed one keeps
  no data already).
- The page cache's change rows (core.pagecache) but the newest: only it makes a key.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from core.audit import audit_record
from core.pagecache import prune_changes
from core.permissions import SYSTEM
from members.enums import Role
from members.models import DirectoryImport, Person
from notices.enums import NoticeState
from notices.models import Notice

BODY_REMOVED = "(text removed after the retention period)"
BATCH = 500


def retention_run(*, now=None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "guests": _inactive_guests(now),
        "notice_bodies": _old_bodies(now),
        "import_files": _unconfirmed_imports(now),
        "change_rows": prune_changes(),
    }


def _inactive_guests(now) -> int:
    cutoff = now - timedelta(days=settings.GMG_GUEST_RETENTION_DAYS)
    stale = (
        Person.objects.filter(role=Role.GUEST, date_joined__lt=cutoff)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
        .exclude(email__endswith="@retention.invalid")
    )
    removed = 0
    for person in stale[:BATCH]:
        with transaction.atomic():
            pk, email = person.pk, person.email
            # The outbox keeps that e-mails went, not to whom.
            Notice.objects.filter(recipient=person).update(
                to_email=f"former-guest-{pk}@retention.invalid"
            )
            try:
                with transaction.atomic():
                    person.delete()
                outcome = "deleted"
            except ProtectedError:
                _empty(person)
                outcome = "emptied"
            audit_record(
                actor=SYSTEM,
                action="retention.guest",
                target=None,
                person=pk,
                email_domain=email.rsplit("@", 1)[-1],
                outcome=outcome,
            )
        removed += 1
    return removed


def _empty(person: Person) -> None:
    person.email = f"former-guest-{person.pk}@retention.invalid"
    person.full_name = "Former guest"
    person.title = ""
    person.phone = ""
    person.is_active = False
    person.set_unusable_password()
    person.save()


def _old_bodies(now) -> int:
    cutoff = now - timedelta(days=settings.GMG_OUTBOX_BODY_DAYS)
    done = (NoticeState.SENT, NoticeState.FAILED, NoticeState.CANCELLED)
    with transaction.atomic():
        ids = list(
            Notice.objects.filter(state__in=done, created_at__lt=cutoff)
            .exclude(body_text=BODY_REMOVED)
            .values_list("pk", flat=True)[: BATCH * 10]
        )
        cleared = Notice.objects.filter(pk__in=ids).update(body_text=BODY_REMOVED, body_html="")
        if cleared:
            audit_record(
                actor=SYSTEM,
                action="retention.notice_bodies",
                target=None,
                notices=cleared,
                older_than_days=settings.GMG_OUTBOX_BODY_DAYS,
            )
    return cleared


def _unconfirmed_imports(now) -> int:
    cutoff = now - timedelta(days=settings.GMG_IMPORT_KEEP_DAYS)
    with transaction.atomic():
        removed, _by_model = DirectoryImport.objects.filter(
            applied_at__isnull=True, uploaded_at__lt=cutoff
        ).delete()
        if removed:
            audit_record(actor=SYSTEM, action="retention.import_files", target=None, files=removed)
    return removed
