"""Every meetings page, per role: allowed, refused (403 / sign-in), not found."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory
from tests.pages import RENDER

NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
ROLES = ["secretariat", "chair_office", "focal_point", "principal", "guest", "anonymous"]


@pytest.fixture
def world(db):
    with time_machine.travel(NOW, tick=False):
        chair, other = AgencyFactory(acronym="CHR"), AgencyFactory(acronym="OTH")
        ChairTermFactory(
            agency=chair, start=datetime.date(2027, 1, 1), end=datetime.date(2027, 6, 30)
        )
        meeting = MeetingFactory(start=datetime.datetime(2027, 5, 11, 8, 0, tzinfo=datetime.UTC))
        people = {
            "secretariat": PersonFactory(secretariat=True),
            "chair_office": PersonFactory(agency=chair),
            "focal_point": PersonFactory(agency=other),
            "principal": PersonFactory(agency=other, role="principal"),
            "guest": PersonFactory(guest=True),
            "anonymous": None,
        }
        yield {"meeting": meeting, "people": people, "chair": chair, "other": other}


def _client(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    return client


ALL_MEMBERS = dict.fromkeys(["secretariat", "chair_office", "focal_point", "principal"], 200) | {
    "guest": 403,
    "anonymous": 302,
}
ORGANIZERS = {
    "secretariat": 200,
    "chair_office": 200,
    "focal_point": 403,
    "principal": 403,
    "guest": 403,
    "anonymous": 302,
}
SECRETARIAT = {"secretariat": 200} | dict.fromkeys(ROLES[1:5], 403) | {"anonymous": 302}

PAGES = [
    ("meetings:upcoming", False, ALL_MEMBERS),
    ("meetings:archive", False, ALL_MEMBERS),
    ("meetings:month_current", False, ALL_MEMBERS),
    ("meetings:year_current", False, ALL_MEMBERS),
    ("meetings:rotation", False, ALL_MEMBERS),
    ("meetings:feed_settings", False, ALL_MEMBERS),
    ("meetings:detail", True, ALL_MEMBERS),
    ("meetings:ics", True, ALL_MEMBERS),
    ("meetings:plan", False, SECRETARIAT),
    ("meetings:create", False, ORGANIZERS),
    ("meetings:edit", True, ORGANIZERS),
    ("meetings:cancel", True, ORGANIZERS),
    ("meetings:document_add", True, ORGANIZERS),
    ("meetings:participants", True, ORGANIZERS),
    ("meetings:participants_csv", True, ORGANIZERS),
    (
        "meetings:delegation",
        True,
        ORGANIZERS | {"focal_point": 200},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "with_meeting", "expected"), PAGES)
def test_page_answers_each_role(client, world, role, name, with_meeting, expected):
    args = [world["meeting"].pk] if with_meeting else []
    with time_machine.travel(NOW, tick=False):
        response = _client(client, world, role).get(reverse(name, args=args))

    assert response.status_code == expected[role]
    if expected[role] == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name", ["meetings:detail", "meetings:ics", "meetings:edit", "meetings:delegation"]
)
def test_meeting_page_is_not_found_for_a_missing_meeting(client, world, name):
    client.force_login(world["people"]["secretariat"])

    assert client.get(reverse(name, args=[999999])).status_code == 404


POSTS = [
    ("meetings:invite", True, {}),
    ("meetings:rotation_extend", False, {"until": "2027-12-31"}),
]


@pytest.mark.parametrize("role", ROLES)
def test_invitation_can_be_sent_by_organizers_only(client, world, role):
    with time_machine.travel(NOW, tick=False):
        response = _client(client, world, role).post(
            reverse("meetings:invite", args=[world["meeting"].pk])
        )

    assert response.status_code == {**ORGANIZERS, "secretariat": 302, "chair_office": 302}[role]


@pytest.mark.parametrize("role", ROLES)
def test_rotation_extend_is_the_secretariats(client, world, role):
    with time_machine.travel(NOW, tick=False):
        response = _client(client, world, role).post(
            reverse("meetings:rotation_extend"), {"until": "2027-12-31"}
        )

    assert response.status_code == {**SECRETARIAT, "secretariat": 302}[role]


@pytest.mark.parametrize(
    ("role", "status"),
    [("secretariat", 200), ("chair_office", 200), ("focal_point", 403), ("principal", 403)],
)
def test_attendance_after_the_meeting_is_the_organizers(client, world, role, status):
    with time_machine.travel(datetime.datetime(2027, 5, 12, 9, 0, tzinfo=datetime.UTC), tick=False):
        response = _client(client, world, role).get(
            reverse("meetings:attendance", args=[world["meeting"].pk])
        )

    assert response.status_code == status


def test_attendance_before_the_meeting_is_refused(client, world):
    with time_machine.travel(NOW, tick=False):
        response = _client(client, world, "secretariat").get(
            reverse("meetings:attendance", args=[world["meeting"].pk])
        )

    assert response.status_code == 403


def test_meeting_page_shows_the_chair_and_both_time_zones(client, world):
    person = world["people"]["focal_point"]
    person.time_zone = "America/New_York"
    person.save()
    client.force_login(person)

    with time_machine.travel(NOW, tick=False):
        body = client.get(reverse("meetings:detail", args=[world["meeting"].pk])).content.decode()

    assert "CHR" in body
    assert "10:00" in body  # 08:00 UTC in Zurich (summer time)
    assert "04:00" in body  # and in New York
    assert "America/New_York" in body


@pytest.mark.parametrize("count", [1, 100])
@pytest.mark.parametrize(
    "name",
    ["meetings:upcoming", "meetings:month_current", "meetings:year_current", "meetings:archive"],
)
def test_calendar_pages_query_count_does_not_grow(
    client, world, django_assert_max_num_queries, count, name
):
    base = datetime.datetime(2027, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(NOW, tick=False):
        for i in range(count):
            MeetingFactory(
                start=base
                + datetime.timedelta(hours=i * 2 - (100 if name.endswith("archive") else 0))
            )
    client.force_login(world["people"]["focal_point"])

    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(8):
        assert client.get(reverse(name), headers=RENDER).status_code == 200


@pytest.mark.parametrize("count", [1, 100])
def test_meeting_page_query_count_does_not_grow(
    client, world, django_assert_max_num_queries, count
):
    meeting = world["meeting"]
    with time_machine.travel(NOW, tick=False):
        for i in range(count):
            MeetingFactory(level="working", related_meeting=meeting, title=f"W{i}")
    client.force_login(world["people"]["chair_office"])

    # 10 for the page and the agenda panel, 4 for the minutes panel (its minutes and the
    # adopted ones, the adoption item, the follow-up list, "may start" for the chair's office),
    # 1 for the decisions panel (decisions by silence since the previous meeting of the level).
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(15):
        assert (
            client.get(reverse("meetings:detail", args=[meeting.pk]), headers=RENDER).status_code
            == 200
        )
    assert Meeting.objects.count() == count + 1


def test_dashboard_shows_current_and_next_chair_with_handover(client, world):
    ChairTermFactory(
        agency=world["other"], start=datetime.date(2027, 7, 1), end=datetime.date(2027, 12, 31)
    )
    client.force_login(world["people"]["principal"])

    with time_machine.travel(NOW, tick=False):
        body = client.get(reverse("dashboard")).content.decode()

    assert "Chair of the group" in body
    assert "CHR" in body
    assert "handover on 1 July 2027" in body


@pytest.mark.parametrize(
    ("language", "next_chair", "next_page"),
    [("zh-hans", "<dt>下一任</dt>", "下一页"), ("ru", "<dt>Затем</dt>", "Далее")],
)
def test_the_next_chair_is_not_the_next_page(client, world, language, next_chair, next_page):
    """ "Next" in the chair panel is the chair after the current one, not the pager's link."""
    ChairTermFactory(
        agency=world["other"], start=datetime.date(2027, 7, 1), end=datetime.date(2027, 12, 31)
    )
    principal = world["people"]["principal"]
    principal.language = language
    principal.save(update_fields=["language"])
    client.force_login(principal)

    with time_machine.travel(NOW, tick=False):
        body = client.get(reverse("dashboard")).content.decode()

    assert next_chair in body
    assert next_page not in body


def test_navigation_marks_only_the_closest_entry_current(client, world):
    client.force_login(world["people"]["secretariat"])

    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("meetings:rotation"))

    current = [item["label"] for item in response.context["navigation"] if item["current"]]
    assert [str(label) for label in current] == ["Chair rotation"]


@pytest.mark.parametrize("count", [1, 100])
def test_rotation_page_query_count_does_not_grow(
    client, world, django_assert_max_num_queries, count
):
    with time_machine.travel(NOW, tick=False):
        start = datetime.date(2027, 7, 1)
        for _ in range(count):
            ChairTermFactory(
                agency=world["other"], start=start, end=start + datetime.timedelta(days=9)
            )
            start += datetime.timedelta(days=20)  # a gap after each term
        client.force_login(world["people"]["secretariat"])

        with django_assert_max_num_queries(12):
            response = client.get(reverse("meetings:rotation"), headers=RENDER)

    assert response.status_code == 200
    assert len([row for row in response.context["rows"] if row["gap"]]) == count - 1


def _post_cases(world):
    meeting = world["meeting"]
    return {
        "meetings:term_swap": ([], {"swap-reason": "x"}),
        "meetings:term_skip": ([], {"skip-reason": "x"}),
        "meetings:rotation_regenerate": (
            [],
            {"regenerate-from_date": "2027-07-01", "regenerate-reason": "x"},
        ),
        "meetings:rotation_up": ([world["other"].pk], {}),
        "meetings:cancel": ([meeting.pk], {"reason": ""}),
        "meetings:edit": ([meeting.pk], {}),
        "meetings:document_add": ([meeting.pk], {}),
        "meetings:delegation": ([meeting.pk], {}),
    }


ROTATION_EDIT = {"secretariat": (200, 302, 400)} | dict.fromkeys(ROLES[1:5], (403,))
MEETING_EDIT = {"secretariat": (200,), "chair_office": (200,)} | dict.fromkeys(
    ["focal_point", "principal", "guest"], (403,)
)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("meetings:term_swap", ROTATION_EDIT),
        ("meetings:term_skip", ROTATION_EDIT),
        ("meetings:rotation_regenerate", ROTATION_EDIT),
        ("meetings:rotation_up", ROTATION_EDIT),
        ("meetings:cancel", MEETING_EDIT),
        ("meetings:edit", MEETING_EDIT),
        ("meetings:document_add", MEETING_EDIT),
        ("meetings:delegation", MEETING_EDIT | {"focal_point": (200,)}),
    ],
)
def test_posting_answers_each_role(client, world, role, name, expected):
    args, data = _post_cases(world)[name]
    with time_machine.travel(NOW, tick=False):
        response = _client(client, world, role).post(reverse(name, args=args), data)

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code in expected[role]


def test_rotation_edits_only_by_post(client, world):
    client.force_login(world["people"]["secretariat"])

    assert client.get(reverse("meetings:rotation_up", args=[world["other"].pk])).status_code == 405
    assert client.get(reverse("meetings:invite", args=[world["meeting"].pk])).status_code == 405


@pytest.mark.parametrize(
    ("name", "args"),
    [("meetings:month", [2027, 13]), ("meetings:year", [1800]), ("meetings:month", [3000, 1])],
)
def test_calendar_pages_outside_the_calendar_are_not_found(client, world, name, args):
    client.force_login(world["people"]["principal"])

    assert client.get(reverse(name, args=args)).status_code == 404


def test_rotation_page_builds_the_rarer_forms_only_when_asked(client, world):
    client.force_login(world["people"]["secretariat"])
    url = reverse("meetings:rotation")

    with time_machine.travel(NOW, tick=False):
        plain = client.get(url)
        asked = client.get(url, {"change": "swap"})

    assert "extend_form" in plain.context
    assert not {"swap_form", "skip_form", "regenerate_form"} & set(plain.context.keys())
    assert 'href="?change=skip#skip-title"' in plain.content.decode()
    assert "swap_form" in asked.context
    assert 'name="swap-term"' in asked.content.decode()
