"""Every page per role: chair's office of the current term, of an earlier term, other focal
points, principals, guests, signed out; refusals included; query counts pinned."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from core.documents.models import Document
from decisions import services
from decisions.models import Decision, Response, SilenceProcedure
from decisions.pdf import OUTCOME_PDF
from tests.documents import pdf_of
from tests.factories import AgencyFactory, PersonFactory

MEMBER_ROLES = ["chair_office", "earlier_chair_office", "focal_a", "principal_a", "secretariat"]
ALL_ROLES = [*MEMBER_ROLES, "guest"]


@pytest.fixture
def as_role(client, request):
    def sign_in(role):
        if role is None:
            client.logout()
            return None
        person = request.getfixturevalue(role)
        client.force_login(person)
        return person

    return sign_in


@pytest.fixture
def adopted(circulated, worker):
    with time_machine.travel(circulated.deadline, tick=False), worker():
        services.procedures_close_due()
    circulated.refresh_from_db()
    return circulated


def _status(client, url, method="get", **data):
    return getattr(client, method)(url, data).status_code


@pytest.mark.parametrize("role", [*ALL_ROLES, None])
def test_register_and_decision_pages_per_role(role, as_role, client, adopted):
    as_role(role)
    decision = adopted.decision
    urls = [
        reverse("decisions:register"),
        reverse("decisions:register_csv"),
        decision.get_absolute_url(),
        reverse("decisions:procedures"),
        adopted.get_absolute_url(),
    ]
    expected = {None: 302, "guest": 403}.get(role, 200)
    assert [_status(client, url) for url in urls] == [expected] * len(urls)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("chair_office", 200),
        ("secretariat", 200),
        ("earlier_chair_office", 403),
        ("focal_a", 403),
        ("principal_a", 403),
        ("guest", 403),
        (None, 302),
    ],
)
def test_who_may_start_a_procedure_and_see_a_draft(role, expected, as_role, client, draft):
    as_role(role)
    assert _status(client, reverse("decisions:procedure_add")) == expected
    assert _status(client, draft.get_absolute_url()) == expected
    assert _status(client, reverse("decisions:procedure_edit", args=[draft.pk])) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("chair_office", 200),
        ("secretariat", 200),
        ("earlier_chair_office", 403),
        ("focal_a", 403),
        ("principal_a", 403),
        ("guest", 403),
    ],
)
def test_who_may_extend_or_withdraw(role, expected, as_role, client, circulated):
    as_role(role)
    assert _status(client, reverse("decisions:extend", args=[circulated.pk])) == expected
    assert _status(client, reverse("decisions:withdraw", args=[circulated.pk])) == expected


def test_the_chair_office_starts_and_circulates_from_the_pages(
    as_role, client, purposes, focal_a, worker
):
    as_role("chair_office")
    form = {
        "title": "Statement on labour migration",
        "text": "The group endorses the statement.",
        "explanation": "",
        "level": "principals",
        "purposes": [purposes[0].pk],
        "deadline_date": "2027-03-23",
        "deadline_time": "12:00",
        "time_zone": "America/New_York",
    }
    response = client.post(reverse("decisions:procedure_add"), form)
    procedure = SilenceProcedure.objects.get()
    assert response.status_code == 302
    assert procedure.deadline == datetime.datetime(2027, 3, 23, 16, tzinfo=datetime.UTC)
    page = client.get(procedure.get_absolute_url()).content.decode()
    assert "23 March 2027, 12:00 (America/New_York)" in page
    assert "23 March 2027, 17:00 your time (Europe/Zurich)" in page
    with worker():
        client.post(reverse("decisions:circulate", args=[procedure.pk]), {"version": 1})
    assert SilenceProcedure.objects.get().state == "circulated"


def test_bad_input_keeps_what_was_typed(as_role, client, purposes):
    as_role("chair_office")
    response = client.post(
        reverse("decisions:procedure_add"),
        {
            "title": "Keep me",
            "text": "My typed draft",
            "level": "principals",
            "purposes": [purposes[0].pk],
            "deadline_date": "2027-03-20",
            "deadline_time": "12:00",
            "time_zone": "Europe/Zurich",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "at least 24 hours ahead" in page
    assert "My typed draft" in page
    assert 'value="Keep me"' in page
    assert not SilenceProcedure.objects.exists()


def test_a_draft_form_saved_unchanged_changes_nothing(as_role, client, draft):
    as_role("chair_office")
    url = reverse("decisions:procedure_edit", args=[draft.pk])
    initial = client.get(url).context["form"].initial
    data = {
        **{k: v for k, v in initial.items() if v is not None},
        "purposes": [p.pk for p in initial["purposes"]],
        "deadline_date": initial["deadline_date"].isoformat(),
        "deadline_time": initial["deadline_time"].strftime("%H:%M"),
    }
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.version == 1


def test_a_focal_point_responds_and_sees_only_its_agency_until_the_end(
    as_role, client, circulated, focal_b, worker
):
    services.response_add(procedure=circulated, actor=focal_b, kind="comment", text="From B")
    as_role("focal_a")
    response = client.post(
        reverse("decisions:respond", args=[circulated.pk]),
        {"kind": "objection", "text": "From A: we object"},
    )
    assert response.status_code == 302
    page = client.get(circulated.get_absolute_url()).content.decode()
    assert "From A: we object" in page
    assert "From B" not in page
    assert "Withdraw our objection" in page
    with time_machine.travel(circulated.deadline, tick=False), worker():
        services.procedures_close_due()
    page = client.get(circulated.get_absolute_url()).content.decode()
    assert "From B" in page
    assert "Silence was broken" in page


def test_the_chair_office_sees_every_response_at_once(as_role, client, circulated, focal_b):
    services.response_add(procedure=circulated, actor=focal_b, kind="comment", text="From B")
    as_role("chair_office")
    assert "From B" in client.get(circulated.get_absolute_url()).content.decode()
    as_role("principal_a")
    assert "From B" not in client.get(circulated.get_absolute_url()).content.decode()


def test_an_objection_without_text_or_too_late_is_refused_and_the_text_kept(
    as_role, client, circulated
):
    as_role("focal_a")
    url = reverse("decisions:respond", args=[circulated.pk])
    response = client.post(url, {"kind": "objection", "text": ""})
    assert response.status_code == 400
    assert "write what your agency objects to" in response.content.decode()
    with time_machine.travel(circulated.deadline + datetime.timedelta(seconds=1), tick=False):
        response = client.post(url, {"kind": "objection", "text": "My late objection"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "does not change the outcome" in page
    assert "My late objection" in page
    assert not Response.objects.exists()


@pytest.mark.parametrize("role", ["principal_a", "secretariat", "guest"])
def test_only_focal_points_post_a_response(role, as_role, client, circulated):
    as_role(role)
    url = reverse("decisions:respond", args=[circulated.pk])
    assert client.post(url, {"kind": "no_objection"}).status_code == 403
    assert not Response.objects.exists()


def test_an_agency_withdraws_its_objection_from_the_page(as_role, client, circulated, focal_a):
    objection = services.response_add(
        procedure=circulated, actor=focal_a, kind="objection", text="No"
    )
    as_role("focal_a")
    client.post(reverse("decisions:objection_withdraw", args=[circulated.pk, objection.pk]))
    assert Response.objects.get().withdrawn_by == focal_a


def test_the_outcome_pdf_is_downloaded_by_readers_only(as_role, client, adopted):
    url = reverse("documents:download", args=[pdf_of(adopted, OUTCOME_PDF).pk])
    as_role("principal_a")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="GMG-DEC-2027-1-en.pdf"' in response["Content-Disposition"]
    as_role("guest")
    assert client.get(url).status_code == 403


def test_the_procedure_and_the_decision_link_the_outcome_pdf(as_role, client, adopted):
    download = reverse("documents:download", args=[pdf_of(adopted, OUTCOME_PDF).pk])
    as_role("principal_a")
    procedure_page = client.get(adopted.get_absolute_url()).content.decode()
    language = '<span lang="en" dir="ltr">(English)</span>'
    assert (
        f'href="{download}" hreflang="en" type="application/pdf">Download the outcome (PDF)'
        f" {language}</a>"
    ) in procedure_page
    decision_page = client.get(adopted.decision.get_absolute_url()).content.decode()
    assert (
        f'href="{download}" hreflang="en" type="application/pdf">The outcome (PDF) {language}</a>'
    ) in decision_page


@pytest.mark.parametrize(
    ("role", "sees_retry", "retry_status"),
    [("secretariat", True, 302), ("chair_office", False, 403), ("principal_a", False, 403)],
)
def test_a_failed_outcome_pdf_is_prepared_again_by_the_secretariat_only(
    role, sees_retry, retry_status, as_role, client, adopted, worker
):
    document = pdf_of(adopted, OUTCOME_PDF)
    Document.objects.filter(pk=document.pk).update(state="failed", error="no fonts")
    retry = reverse("documents:retry", args=[document.pk])
    as_role(role)
    page = client.get(adopted.get_absolute_url()).content.decode()
    assert "The PDF could not be prepared." in page
    assert (retry in page) is sees_retry
    assert ("The secretariat can prepare it again." in page) is not sees_retry

    with worker():
        response = client.post(retry)

    assert response.status_code == retry_status
    document.refresh_from_db()
    assert document.state == ("ready" if sees_retry else "failed")


def test_the_meeting_page_lists_decisions_by_silence_since_the_previous_meeting(
    as_role, client, adopted
):
    from tests.factories import MeetingFactory

    MeetingFactory(start=datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC))
    following = MeetingFactory(start=datetime.datetime(2027, 6, 1, 8, tzinfo=datetime.UTC))
    as_role("principal_a")
    page = client.get(following.get_absolute_url()).content.decode()
    assert "Follow-up: decisions taken by silence procedure" in page
    assert adopted.decision.reference in page


def test_register_csv_streams_the_filtered_rows_for_a_spreadsheet(
    as_role, client, make_procedure, chair_office, worker
):
    # A title a spreadsheet would run as a formula, and one in Arabic.
    for title, hours in (('=HYPERLINK("http://x")', 30), ("بيان مشترك", 31)):
        procedure = make_procedure(title=title, hours=hours)
        services.procedure_transition(procedure=procedure, to="circulated", actor=chair_office)
    with time_machine.travel(datetime.datetime(2027, 4, 30, tzinfo=datetime.UTC)), worker():
        services.procedures_close_due()
    as_role("focal_a")

    response = client.get(reverse("decisions:register_csv"), {"q": "بيان"})
    everything = client.get(reverse("decisions:register_csv"))

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="decisions.csv"'
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffreference,title,adopted on,how,level,meeting,purposes,")
    rows = body.split("\r\n")
    # The header, the one match, and the last line end.
    assert (len(rows), rows[2]) == (3, "")
    assert re.match(r"GMG/DEC/2027/\d,بيان مشترك,2027-03-\d\d,By silence procedure,", rows[1])
    lines = b"".join(everything.streaming_content).decode("utf-8").split("\r\n")
    # Kept as text: the cell starts with a quote, never with "=".
    assert any(re.match(r'GMG/DEC/2027/\d,"\'=HYPERLINK\(""http://x""\)",', line) for line in lines)
    assert not any(',"=HYPERLINK' in line or ",=HYPERLINK" in line for line in lines)


def _many_decisions(make_procedure, chair_office, worker, n):
    for i in range(n):
        procedure = make_procedure(title=f"Decision {i}", hours=30 + i)
        services.procedure_transition(procedure=procedure, to="circulated", actor=chair_office)
    later = datetime.datetime(2027, 4, 30, tzinfo=datetime.UTC)
    with time_machine.travel(later, tick=False), worker():
        services.procedures_close_due()


@pytest.mark.parametrize("count", [1, 12])
def test_register_queries_do_not_grow(
    count, as_role, client, make_procedure, chair_office, worker, django_assert_max_num_queries
):
    _many_decisions(make_procedure, chair_office, worker, count)
    assert Decision.objects.count() == count
    as_role("focal_a")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("decisions:register")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("decisions:procedures")).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_procedure_page_queries_do_not_grow(
    count, as_role, client, circulated, django_assert_max_num_queries
):
    for _ in range(count):
        services.response_add(
            procedure=circulated,
            actor=PersonFactory(agency=AgencyFactory()),
            kind="comment",
            text="Comment",
        )
    as_role("chair_office")
    with django_assert_max_num_queries(22):
        assert client.get(circulated.get_absolute_url()).status_code == 200


def test_the_secretariat_reads_the_procedure_s_history_in_words(
    as_role, client, circulated, focal_a
):
    services.response_add(procedure=circulated, actor=focal_a, kind="no_objection")
    as_role("secretariat")
    page = client.get(circulated.get_absolute_url()).content.decode()
    assert "drafted the silence procedure" in page
    assert "from draft to circulated" in page
    assert "responded (no_objection)" in page
    as_role("focal_a")
    assert (
        "drafted the silence procedure"
        not in client.get(circulated.get_absolute_url()).content.decode()
    )


def test_the_dashboard_says_which_running_procedures_the_agency_has_answered(
    client, circulated, focal_a, focal_b
):
    services.response_add(procedure=circulated, actor=focal_a, kind="no_objection")

    client.force_login(focal_a)
    page = client.get(reverse("dashboard")).content.decode()
    client.force_login(focal_b)
    other = client.get(reverse("dashboard")).content.decode()

    assert "your agency has responded" in page
    assert "no response from your agency" in other
