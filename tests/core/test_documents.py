"""The rendered-document machinery: request, render, limits, attempts, sweep, views."""

import datetime
import hashlib

import pytest
import time_machine
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.documents.enums import DocumentState
from core.documents.models import Document
from core.documents.services import (
    HAND_OUT,
    document_render,
    document_request,
    document_retry,
    documents_hand_out,
    documents_sweep,
)
from core.documents.tasks import render_document
from tests.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _request(owner, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return document_request(owner=owner, kind="tests.note", **kwargs)


def test_a_requested_document_is_rendered_after_commit_with_its_checksum(
    note_kind, owner, renderer, django_capture_on_commit_callbacks
):
    document = _request(owner, django_capture_on_commit_callbacks)

    document.refresh_from_db()
    assert document.state == DocumentState.READY
    data = document.file.read()
    assert data == b"%PDF-1.4 ILO en"
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.language == "en"
    assert document.attempts == 1
    assert document.rendered_at is not None
    assert document.file.name.endswith("note-ILO-en.pdf")


def test_a_second_language_is_a_second_document_of_the_same_owner(
    note_kind, owner, django_capture_on_commit_callbacks
):
    english = _request(owner, django_capture_on_commit_callbacks)
    french = _request(owner, django_capture_on_commit_callbacks, language="fr")

    assert english.pk != french.pk
    french.refresh_from_db()
    assert french.file.read() == b"%PDF-1.4 ILO fr"
    assert french.file.name.endswith("note-ILO-fr.pdf")
    assert Document.objects.filter(owner_id=owner.pk, kind="tests.note").count() == 2


def test_asking_again_renders_the_same_document_again(
    note_kind, owner, renderer, django_capture_on_commit_callbacks
):
    first = _request(owner, django_capture_on_commit_callbacks)
    again = _request(owner, django_capture_on_commit_callbacks)

    assert again.pk == first.pk
    assert renderer.calls == 2


def test_a_failed_render_is_recorded_not_raised(
    note_kind, owner, renderer, django_capture_on_commit_callbacks
):
    renderer.fails_with = RuntimeError("fonts missing")

    document = _request(owner, django_capture_on_commit_callbacks)

    document.refresh_from_db()
    assert document.state == DocumentState.FAILED
    assert document.error == "RuntimeError: fonts missing"
    assert not document.file


def test_a_render_over_the_time_limit_ends_failed_and_is_not_tried_again(
    note_kind, owner, renderer, settings, django_capture_on_commit_callbacks
):
    # Celery raises SoftTimeLimitExceeded in the render once the soft limit passes.
    renderer.fails_with = SoftTimeLimitExceeded()
    document = _request(owner, django_capture_on_commit_callbacks)

    render_document.delay(document.pk)  # the same message delivered again

    document.refresh_from_db()
    assert document.state == DocumentState.FAILED
    limit = settings.GMG_DOCUMENT_RENDER_SOFT_LIMIT
    assert document.error == f"The render took longer than {limit} seconds and was stopped."
    assert renderer.calls == 1
    assert document.attempts == 1


def test_the_render_task_carries_the_time_limits_of_the_settings(settings):
    assert render_document.soft_time_limit == settings.GMG_DOCUMENT_RENDER_SOFT_LIMIT
    assert render_document.time_limit == settings.GMG_DOCUMENT_RENDER_HARD_LIMIT
    assert render_document.soft_time_limit < render_document.time_limit


def test_attempts_are_bounded_when_renders_keep_dying(note_kind, owner, renderer, settings):
    # Each attempt that killed its worker left the document pending, its attempt counted.
    settings.GMG_DOCUMENT_RENDER_ATTEMPTS = 3
    document = Document.objects.create(kind="tests.note", owner=owner, attempts=3)

    assert document_render(document_id=document.pk) == DocumentState.FAILED

    document.refresh_from_db()
    assert renderer.calls == 0
    assert document.error.startswith("Gave up after 3 attempts")


def test_a_render_in_progress_elsewhere_is_not_started_twice(note_kind, owner, renderer):
    document = Document.objects.create(
        kind="tests.note", owner=owner, attempts=1, started_at=timezone.now()
    )

    assert document_render(document_id=document.pk) == DocumentState.PENDING
    assert renderer.calls == 0


def test_the_sweep_hands_a_lost_render_over_again_then_gives_up(
    note_kind, owner, renderer, settings
):
    settings.GMG_DOCUMENT_RENDER_ATTEMPTS = 2
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    died_once = Document.objects.create(
        kind="tests.note", owner=owner, attempts=1, requested_at=long_ago, started_at=long_ago
    )
    other = AgencyFactory()
    died_twice = Document.objects.create(
        kind="tests.note", owner=other, attempts=2, requested_at=long_ago, started_at=long_ago
    )
    fresh = Document.objects.create(kind="tests.note", owner=AgencyFactory())

    assert documents_sweep() == {"requeued": 1, "failed": 1}

    died_once.refresh_from_db()
    died_twice.refresh_from_db()
    fresh.refresh_from_db()
    assert died_once.state == DocumentState.READY  # rendered again (tasks run inline here)
    assert died_once.attempts == 2
    assert died_twice.state == DocumentState.FAILED
    assert died_twice.error.startswith("Gave up after 2 attempts")
    assert fresh.state == DocumentState.PENDING  # its task is still to come
    assert renderer.calls == 1


def test_a_lost_message_is_handed_over_again_once_it_is_late(note_kind, owner, renderer):
    document = Document.objects.create(kind="tests.note", owner=owner)
    assert documents_sweep() == {"requeued": 0, "failed": 0}

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        assert documents_sweep() == {"requeued": 1, "failed": 0}

    document.refresh_from_db()
    assert document.state == DocumentState.READY


def test_a_gone_document_is_left_alone_and_a_gone_owner_fails_it(note_kind, owner, renderer):
    assert document_render(document_id=12345) is None
    document = Document.objects.create(kind="tests.note", owner=owner)
    owner.delete()

    assert document_render(document_id=document.pk) == DocumentState.FAILED
    document.refresh_from_db()
    assert document.error == "The record this document was made from is gone."
    assert renderer.calls == 0


# --- Retry ----------------------------------------------------------------------


def _failed(owner):
    return Document.objects.create(
        kind="tests.note", owner=owner, state=DocumentState.FAILED, error="x", attempts=1
    )


def test_the_secretariat_prepares_a_failed_document_again(
    note_kind, owner, secretariat, django_capture_on_commit_callbacks
):
    document = _failed(owner)

    with django_capture_on_commit_callbacks(execute=True):
        document_retry(document=document, actor=secretariat)

    document.refresh_from_db()
    assert document.state == DocumentState.READY
    assert document.error == ""
    assert document.attempts == 1


def test_a_focal_point_may_not_prepare_it_again(note_kind, owner):
    document = _failed(owner)
    with pytest.raises(PermissionDenied):
        document_retry(document=document, actor=PersonFactory(agency=owner))
    document.refresh_from_db()
    assert document.state == DocumentState.FAILED


def test_only_a_failed_document_is_prepared_again(note_kind, owner, secretariat):
    document = Document.objects.create(kind="tests.note", owner=owner)
    with pytest.raises(ValidationError):
        document_retry(document=document, actor=secretariat)


# --- Views ----------------------------------------------------------------------


def _ready(owner, django_capture_on_commit_callbacks):
    document = _request(owner, django_capture_on_commit_callbacks)
    document.refresh_from_db()
    return document


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat", 200), ("own focal point", 200), ("other focal point", 403), ("guest", 403)],
)
def test_download_follows_the_kinds_permission_on_the_owner(
    client, note_kind, owner, who, status, django_capture_on_commit_callbacks
):
    document = _ready(owner, django_capture_on_commit_callbacks)
    person = {
        "secretariat": lambda: PersonFactory(secretariat=True),
        "own focal point": lambda: PersonFactory(agency=owner),
        "other focal point": lambda: PersonFactory(),
        "guest": lambda: PersonFactory(guest=True),
    }[who]()
    client.force_login(person)

    response = client.get(reverse("documents:download", args=[document.pk]))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == b"%PDF-1.4 ILO en"
        assert 'filename="note-ILO-en.pdf"' in response["Content-Disposition"]


def test_download_asks_for_sign_in(client, note_kind, owner, django_capture_on_commit_callbacks):
    document = _ready(owner, django_capture_on_commit_callbacks)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_download_of_a_pending_document_or_an_unknown_one_is_not_found(
    client, note_kind, owner, secretariat
):
    document = Document.objects.create(kind="tests.note", owner=owner)
    client.force_login(secretariat)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:download", args=[document.pk + 99])).status_code == 404


def test_the_status_piece_polls_while_pending_and_stops_once_ready(
    client, note_kind, owner, secretariat
):
    document = Document.objects.create(kind="tests.note", owner=owner)
    url = reverse("documents:status", args=[document.pk])
    client.force_login(secretariat)

    pending = client.get(url, headers={"HX-Request": "true"})
    document_render(document_id=document.pk)
    ready = client.get(url, headers={"HX-Request": "true"})

    assert pending.status_code == 200
    text = pending.content.decode()
    assert f'hx-get="{url}"' in text
    assert 'hx-trigger="every 3s"' in text
    assert "The PDF is being prepared." in text
    assert "<html" not in text  # the piece alone, not a page
    text = ready.content.decode()
    assert "hx-trigger" not in text
    assert reverse("documents:download", args=[document.pk]) in text


def test_the_status_piece_without_htmx_goes_to_the_owners_page(
    client, note_kind, owner, secretariat
):
    document = Document.objects.create(kind="tests.note", owner=owner)
    client.force_login(secretariat)
    response = client.get(reverse("documents:status", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"] == owner.get_absolute_url()


def test_the_status_piece_is_refused_to_who_may_not_read_the_document(client, note_kind, owner):
    document = Document.objects.create(kind="tests.note", owner=owner)
    client.force_login(PersonFactory())
    response = client.get(
        reverse("documents:status", args=[document.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 403


def test_retry_by_htmx_answers_with_the_polling_piece(
    client, note_kind, owner, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(render_document, "delay", queued.append)  # the worker is busy
    document = _failed(owner)
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:retry", args=[document.pk]), headers={"HX-Request": "true"}
        )

    assert response.status_code == 200
    assert 'hx-trigger="every 3s"' in response.content.decode()
    document.refresh_from_db()
    assert document.state == DocumentState.PENDING
    assert queued == [document.pk]


@pytest.mark.parametrize(("who", "status"), [("secretariat", 302), ("own focal point", 403)])
def test_retry_view_follows_the_kinds_retry_permission(
    client, note_kind, owner, who, status, django_capture_on_commit_callbacks
):
    document = _failed(owner)
    person = (
        PersonFactory(secretariat=True) if who == "secretariat" else PersonFactory(agency=owner)
    )
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:retry", args=[document.pk]))

    assert response.status_code == status
    document.refresh_from_db()
    assert document.state == (DocumentState.READY if status == 302 else DocumentState.FAILED)


def _lost_documents(count: int, *, attempts: int = 0) -> list[Document]:
    """``count`` renders whose task never ran (asked for an hour ago), each of its own agency."""
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    return [
        Document.objects.create(
            kind="tests.note", owner=AgencyFactory(), attempts=attempts, requested_at=long_ago
        )
        for _ in range(count)
    ]


@pytest.fixture
def handed(monkeypatch):
    """What the sweep hands to the worker, instead of handing it (the sweep's own cost)."""
    sent = []
    monkeypatch.setattr(
        "core.documents.services.task_queue", lambda name, *args: sent.append((name, *args))
    )
    return sent


def _sweep_queries() -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        counts = documents_sweep()
    return counts, len(queries)


def test_the_sweep_costs_the_same_queries_for_one_lost_render_or_a_hundred_and_twenty(
    note_kind, handed
):
    Document.objects.create(kind="tests.note", owner=AgencyFactory())  # not late: left alone
    _lost_documents(1)
    _lost_documents(1, attempts=3)
    one, few_queries = _sweep_queries()
    assert one == {"requeued": 1, "failed": 1}
    handed.clear()

    lost = _lost_documents(120)
    _lost_documents(40, attempts=3)
    many, many_queries = _sweep_queries()

    assert many == {"requeued": 120, "failed": 40}
    assert many_queries == few_queries
    # Fifty documents a message: three messages, not 120.
    assert [(name, len(ids)) for name, ids in handed] == [
        (HAND_OUT, 50),
        (HAND_OUT, 50),
        (HAND_OUT, 20),
    ]
    assert sorted(pk for _name, ids in handed for pk in ids) == [d.pk for d in lost]
    # Handed over from now: the next sweep finds nothing new, in fewer queries still.
    handed.clear()
    again, idle_queries = _sweep_queries()
    assert again == {"requeued": 0, "failed": 0}
    assert handed == []
    assert idle_queries <= few_queries


def test_the_sweep_gives_up_on_spent_renders_saying_after_how_many_attempts(
    note_kind, handed, settings
):
    settings.GMG_DOCUMENT_RENDER_ATTEMPTS = 2
    twice = _lost_documents(2, attempts=2)
    thrice = _lost_documents(1, attempts=3)  # spent under an earlier, higher limit

    assert documents_sweep() == {"requeued": 0, "failed": 3}

    errors = dict(Document.objects.values_list("pk", "error"))
    states = set(Document.objects.values_list("state", flat=True))
    assert states == {DocumentState.FAILED}
    assert {errors[d.pk] for d in twice} == {
        "Gave up after 2 attempts: the render never finished (it may stop the worker)."
    }
    assert errors[thrice[0].pk].startswith("Gave up after 3 attempts")
    assert handed == []


def test_a_sweep_hands_over_the_oldest_lost_renders_first_and_the_next_the_rest(
    note_kind, handed, monkeypatch
):
    monkeypatch.setattr("core.documents.services.SWEEP_LIMIT", 3)
    lost = _lost_documents(5)
    Document.objects.filter(pk=lost[4].pk).update(
        requested_at=timezone.now() - datetime.timedelta(hours=2)
    )

    assert documents_sweep() == {"requeued": 3, "failed": 0}
    assert handed == [(HAND_OUT, [lost[4].pk, lost[0].pk, lost[1].pk])]

    handed.clear()
    assert documents_sweep() == {"requeued": 2, "failed": 0}
    assert handed == [(HAND_OUT, [lost[2].pk, lost[3].pk])]


def test_a_render_being_begun_is_not_lost_and_a_handed_out_chunk_is_rendered(
    note_kind, renderer, django_capture_on_commit_callbacks
):
    begun, lost = _lost_documents(2)
    Document.objects.filter(pk=begun.pk).update(started_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        assert documents_sweep() == {"requeued": 1, "failed": 0}

    begun.refresh_from_db()
    lost.refresh_from_db()
    assert begun.state == DocumentState.PENDING  # its worker is on it
    assert lost.state == DocumentState.READY  # the chunk's task queued its render (inline here)
    assert (lost.attempts, renderer.calls) == (1, 1)
    # The same chunk delivered again renders nothing twice.
    documents_hand_out(document_ids=[lost.pk])
    assert renderer.calls == 1
