import re

import pytest
from django.urls import reverse

from notices.models import SECRET_LINK_MARKER, Notice
from tests.pages import RENDER

pytestmark = pytest.mark.django_db


def _notice(**fields):
    defaults = {
        "to_email": "someone@example.org",
        "subject": "A subject",
        "body_text": "Body",
        "kind": "announcement",
    }
    defaults.update(fields)
    defaults.setdefault("idempotency_key", f"test:{Notice.objects.count()}")
    return Notice.objects.create(**defaults)


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat", 200), ("focal_point", 403), ("principal", 403), ("guest", 403)],
)
def test_outbox_access_per_role(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("notices:outbox")).status_code == status


def test_outbox_filters_by_state_and_kind(client, secretariat):
    _notice(subject="Failed one", state="failed")
    _notice(subject="Sent one", state="sent")
    _notice(subject="Invitation one", kind="invitation", state="failed")
    client.force_login(secretariat)

    failed = _text(
        client.get(reverse("notices:outbox"), {"state": "failed", "kind": "announcement"})
    )

    assert "Failed one" in failed
    assert "Sent one" not in failed
    assert "Invitation one" not in failed


@pytest.mark.parametrize("rows", [1, 60])
def test_outbox_query_count_does_not_grow(client, secretariat, django_assert_max_num_queries, rows):
    for _ in range(rows):
        _notice()
    client.force_login(secretariat)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("notices:outbox"), headers=RENDER).status_code == 200


def test_notice_page_hides_a_secret_link(client, secretariat):
    notice = _notice(body_text=f"Choose a password: {SECRET_LINK_MARKER}", secret_link="invitation")
    client.force_login(secretariat)
    text = _text(client.get(reverse("notices:detail", args=[notice.pk])))
    assert "(link hidden)" in text
    assert SECRET_LINK_MARKER not in text


def test_notice_page_not_found(client, secretariat):
    client.force_login(secretariat)
    assert client.get(reverse("notices:detail", args=[999999])).status_code == 404


def test_resend_a_failed_notice_sends_it(
    client, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    notice = _notice(state="failed", last_error="550 mailbox unavailable")
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notices:resend", args=[notice.pk]), follow=True)
    notice.refresh_from_db()
    assert "queued again" in _text(response)
    assert notice.state == "sent"
    assert [m.to for m in mailoutbox] == [["someone@example.org"]]


def test_resend_a_sent_notice_is_refused_with_a_message(client, secretariat, mailoutbox):
    notice = _notice(state="sent")
    client.force_login(secretariat)
    response = client.post(reverse("notices:resend", args=[notice.pk]), follow=True)
    assert "Only a failed, uncertain or cancelled notice can be re-sent." in _text(response)
    assert mailoutbox == []


def test_mark_an_uncertain_notice_sent(client, secretariat):
    notice = _notice(state="uncertain")
    client.force_login(secretariat)
    client.post(reverse("notices:mark-sent", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.state == "sent"


def test_focal_point_cannot_resend(client, focal_point):
    notice = _notice(state="failed")
    client.force_login(focal_point)
    assert client.post(reverse("notices:resend", args=[notice.pk])).status_code == 403
    notice.refresh_from_db()
    assert notice.state == "failed"


def test_plain_text_mail_is_not_html_escaped(
    secretariat, django_capture_on_commit_callbacks, mailoutbox
):
    from members.services import announcement_send
    from tests.factories import PersonFactory

    PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        announcement_send(
            actor=secretariat,
            audience="focal_points",
            subject="Principals' meeting & retreat",
            body='Bring <your> notes & "ideas".',
        )
    mail = mailoutbox[0]
    assert mail.subject == "Principals' meeting & retreat"
    assert 'Bring <your> notes & "ideas".' in mail.body
    html = mail.alternatives[0][0]
    assert "Bring &lt;your&gt; notes &amp; &quot;ideas&quot;." in html


def test_the_confirmation_follows_the_language_of_the_request(client, secretariat):
    # The messages live in a module-level table: lazy, so each request reads its own language.
    secretariat.language = "fr"
    secretariat.save(update_fields=["language"])
    notice = _notice(state="queued")
    client.force_login(secretariat)

    response = client.post(
        reverse("notices:cancel", args=[notice.pk]), HTTP_ACCEPT_LANGUAGE="fr", follow=True
    )

    assert "L'avis est annulé." in _text(response).replace("&#x27;", "'")
    assert Notice.objects.get(pk=notice.pk).state == "cancelled"
