"""Many notices queued at once reach the worker a few per message, each still delivered once."""

from notices import services
from notices.services import SEND_CHUNK, TransientDeliveryError


class Recorder:
    def __init__(self):
        self.calls = []

    def delay(self, *args):
        self.calls.append(args)

    def apply_async(self, args, countdown=0):
        self.calls.append((args, countdown))


def test_sixty_notices_go_to_the_worker_in_three_messages(monkeypatch):
    send_many = Recorder()
    monkeypatch.setattr(services, "task_named", lambda name: send_many)

    services._enqueue_many(list(range(1, 61)))

    assert [len(ids) for (ids,) in send_many.calls] == [SEND_CHUNK, SEND_CHUNK, 10]
    assert [pk for (ids,) in send_many.calls for pk in ids] == list(range(1, 61))


def test_a_notice_the_mail_server_defers_is_retried_alone_and_the_others_go(monkeypatch):
    delivered = []
    send_notice = Recorder()

    def deliver(*, notice_id):
        if notice_id == 2:
            raise TransientDeliveryError("try later", retry_in=120)
        delivered.append(notice_id)

    monkeypatch.setattr(services, "notice_deliver", deliver)
    monkeypatch.setattr(services, "task_named", lambda name: send_notice)

    services.notices_deliver_many(notice_ids=[1, 2, 3])

    assert delivered == [1, 3]
    assert send_notice.calls == [((2,), 120)]
