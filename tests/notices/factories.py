import factory
from django.utils import timezone

from notices.enums import NoticeState
from notices.models import Notice
from tests.factories import PersonFactory


class NoticeFactory(factory.django.DjangoModelFactory):
    """A notice as the outbox stores it; ``state`` and ``attempts`` set where it stands."""

    class Meta:
        model = Notice

    recipient = factory.SubFactory(PersonFactory)
    to_email = factory.LazyAttribute(lambda notice: notice.recipient.email)
    subject = factory.Sequence(lambda n: f"Notice {n}")
    body_text = "The next meeting is on 12 March.\n"
    kind = "announcement"
    idempotency_key = factory.Sequence(lambda n: f"test-notice:{n}")
    state = NoticeState.QUEUED
    attempts = factory.LazyAttribute(lambda notice: 0 if notice.state == NoticeState.QUEUED else 1)
    last_attempt_at = factory.LazyAttribute(
        lambda notice: None if notice.state == NoticeState.QUEUED else timezone.now()
    )
