"""The outbox says each kind in words; all failed notices of a kind are re-sent at once;
a re-sent notice no longer shows its last error."""

import pytest
from django.urls import reverse

from notices import services
from notices.kinds import kinds_sent
from notices.models import Notice
from tests.notices.factories import NoticeFactory

pytestmark = pytest.mark.django_db


def test_the_outbox_shows_kinds_in_words(client, secretariat):
    NoticeFactory(kind="meeting_rescheduled")
    NoticeFactory(kind="proposal_receipt")
    client.force_login(secretariat)

    page = client.get(reverse("notices:outbox")).content.decode()

    assert "New date, time or place" in page
    assert "Proposal received" in page
    assert ">meeting_rescheduled<" not in page


def test_the_kind_filter_offers_each_kind_held_once_in_order(client, secretariat):
    assert kinds_sent() == []
    for kind in ["proposal_receipt", "announcement", "proposal_receipt", "agenda_published"]:
        NoticeFactory(kind=kind)

    assert kinds_sent() == ["agenda_published", "announcement", "proposal_receipt"]
    client.force_login(secretariat)
    form = client.get(reverse("notices:outbox")).context["filter_form"]
    assert [value for value, _ in form.fields["kind"].choices] == [
        "",
        "agenda_published",
        "announcement",
        "proposal_receipt",
    ]


def test_all_failed_notices_of_a_kind_are_re_sent_at_once(
    client, secretariat, django_capture_on_commit_callbacks
):
    failed = [
        NoticeFactory(kind="agenda_published", state="failed", last_error="SMTP 550")
        for _ in range(3)
    ]
    other = NoticeFactory(kind="announcement", state="failed", last_error="SMTP 550")
    client.force_login(secretariat)
    page = client.get(reverse("notices:outbox"), {"kind": "agenda_published"}).content.decode()
    assert "3 notices of the kind “Agenda published” failed." in page

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("notices:resend_failed"), {"kind": "agenda_published"})

    for notice in failed:
        notice.refresh_from_db()
        assert (notice.state, notice.last_error) == ("queued", "")
    other.refresh_from_db()
    assert other.state == "failed"
    assert len(callbacks) == 3


def test_a_re_sent_notice_clears_its_last_error(secretariat):
    notice = NoticeFactory(state="failed", last_error="SMTP 550 mailbox unavailable")

    services.notice_resend(notice=notice, actor=secretariat)

    notice.refresh_from_db()
    assert notice.last_error == ""


def test_only_the_secretariat_re_sends(client, focal_point):
    NoticeFactory(kind="agenda_published", state="failed")
    client.force_login(focal_point)

    response = client.post(reverse("notices:resend_failed"), {"kind": "agenda_published"})

    assert response.status_code == 403
    assert Notice.objects.get().state == "failed"
