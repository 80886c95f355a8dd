"""The outbox the reminder engine sends through, and the one sweep beat runs.

``core.reminders`` decides what is due; this module answers its three
questions in a fixed number of queries whatever the number of people: which
of these keys are already in the outbox (one ``IN`` query per 20,000 keys),
when did each person last get a digest of each kind (one grouped query), and
queue these notices (one insert per 500, then one hand-over to the worker per
notice once the sweep's transaction commits).
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils import timezone

from core.reminders import Due, reminders_run
from notices.enums import NoticeState
from notices.models import Notice
from notices.services import _enqueue_many, notice_build

KEY_CHUNK = 20_000  # under the parameter limits of PostgreSQL (65,535) and SQLite (32,766)
INSERT_CHUNK = 500


class NoticeOutbox:
    """The outbox as the reminder engine sees it."""

    def existing(self, keys: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), KEY_CHUNK):
            found.update(
                Notice.objects.filter(
                    idempotency_key__in=keys[start : start + KEY_CHUNK]
                ).values_list("idempotency_key", flat=True)
            )
        return found

    def last_sent(
        self, kinds: list[str], since: datetime.datetime
    ) -> dict[str, dict[int, datetime.datetime]]:
        rows = (
            Notice.objects.filter(kind__in=kinds, created_at__gte=since, recipient__isnull=False)
            .values("kind", "recipient_id")
            .annotate(last=Max("created_at"))
            .values_list("kind", "recipient_id", "last")
        )
        found: dict[str, dict[int, datetime.datetime]] = {}
        for kind, person, last in rows:
            found.setdefault(kind, {})[person] = last
        return found

    def queue(self, due: list[Due]) -> int:
        # A reminder that reads nothing of its recipient but ``shared_by`` is rendered once for
        # all the recipients alike (same language, same context): a call for topics to every
        # focal point is a few renderings, not thousands.
        rendered: dict = {}
        notices = [
            notice_build(
                to=item.person,
                kind=item.reminder.kind,
                key=item.key,
                template=item.reminder.template,
                context=item.context,
                about=item.occasion.about,
                rendered=rendered,
                shared=_shared(item),
            )
            for item in due
        ]
        return notices_insert(notices)


def _shared(item: Due):
    """What makes this notice's rendering the same as another's, or None (its own)."""
    if item.reminder.shared_by is None:
        return None
    try:
        return (item.reminder.shared_by(item.person), _hashable(item.context))
    except TypeError:  # something in the context that cannot be compared: render it alone
        return None


def _hashable(value):
    if isinstance(value, Model):
        return (value._meta.label_lower, value.pk)
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    hash(value)  # TypeError for what cannot be a key
    return value


def notices_insert(notices: list[Notice]) -> int:
    """Insert rendered notices in bulk, skipping any key already there; deliver after commit.

    A concurrent sweep (a second beat) may have inserted some of the same keys
    since they were checked: the insert then skips those rows, and the
    delivery of a notice handed over twice is still one e-mail (it claims the
    row under a lock).
    """
    if not notices:
        return 0
    try:
        with transaction.atomic():
            Notice.objects.bulk_create(notices, batch_size=INSERT_CHUNK)
        ids = [notice.pk for notice in notices]
    except IntegrityError:
        keys = [notice.idempotency_key for notice in notices]
        taken = NoticeOutbox().existing(keys)
        fresh = [notice for notice in notices if notice.idempotency_key not in taken]
        for notice in fresh:
            notice.pk = None  # a rolled-back batch may have numbered it
        Notice.objects.bulk_create(fresh, batch_size=INSERT_CHUNK, ignore_conflicts=True)
        ids = list(
            Notice.objects.filter(
                idempotency_key__in=[notice.idempotency_key for notice in fresh],
                state=NoticeState.QUEUED,
            ).values_list("pk", flat=True)
        )
    transaction.on_commit(lambda: _enqueue_many(ids))
    return len(ids)


def reminders_sweep(*, now: datetime.datetime | None = None, only=None) -> dict[str, int]:
    """Queue every registered reminder due now, in one transaction; counts per reminder."""
    with transaction.atomic():
        return reminders_run(outbox=NoticeOutbox(), now=now or timezone.now(), only=only)
