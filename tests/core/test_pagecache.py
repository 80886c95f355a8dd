"""The page cache: a main page is rendered once and served again until the data changes.

On PostgreSQL, where the change triggers are: the suite's database has them (migrate
installs them), so every other page test in the suite runs with the cache on as well.
"""

import datetime

import psycopg
import pytest
import time_machine
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Change
from core.pagecache import UNWATCHED_TABLES, prune_changes
from meetings.models import Meeting
from members.enums import Role
from members.models import Agency
from tests.factories import AgencyFactory, MeetingFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.postgres

NO_CACHE = {"cache-control": "no-cache"}


@pytest.fixture
def members_page(client, secretariat):
    """The agencies list, signed in as the secretariat, the browser holding its CSRF cookie."""
    client.force_login(secretariat)
    client.get(reverse("members:agency_list"))  # sets the CSRF cookie, as a browser keeps it
    return client, reverse("members:agency_list")


def _queries(client, path, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **kwargs)
    return response, [q["sql"] for q in captured.captured_queries]


def test_a_page_seen_again_is_served_without_rendering_it(members_page):
    client, path = members_page
    AgencyFactory(acronym="WXYZ")

    first, rendered = _queries(client, path)
    again, served = _queries(client, path)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert "WXYZ" in again.content.decode()
    # Served: the session (read with the newest change) and the person; nothing of the page's.
    assert len(served) == 2
    assert "django_session" in served[0]
    assert "core_change" in served[0]
    assert not any("members_agency" in sql for sql in served)
    assert len(rendered) > len(served)


def test_an_edit_through_the_orm_is_on_the_next_page(members_page):
    client, path = members_page
    agency = AgencyFactory(name="Old name of the agency")
    assert "Old name of the agency" in client.get(path).content.decode()

    agency.name = "New name of the agency"
    agency.save()

    page = client.get(path).content.decode()
    assert "New name of the agency" in page
    assert "Old name of the agency" not in page


def test_a_bulk_update_and_raw_sql_are_on_the_next_page(members_page):
    client, path = members_page
    agency = AgencyFactory(name="Before any update")
    client.get(path)

    Agency.objects.filter(pk=agency.pk).update(name="After a bulk update")
    assert "After a bulk update" in client.get(path).content.decode()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_agency SET name = %s WHERE id = %s", ["After raw SQL", agency.pk]
        )
    assert "After raw SQL" in client.get(path).content.decode()


def test_each_person_and_each_session_gets_its_own_page(client, secretariat, db):
    other = PersonFactory(secretariat=True, full_name="Another Secretary")
    path = reverse("members:agency_list")
    client.force_login(secretariat)
    client.get(path)
    mine = client.get(path).content.decode()

    client.force_login(other)  # a new session
    client.get(path)
    theirs = client.get(path).content.decode()

    assert secretariat.full_name in mine
    assert "Another Secretary" not in mine
    assert "Another Secretary" in theirs


def test_the_same_person_in_another_browser_gets_a_page_of_its_own(secretariat, db):
    """Another session (another CSRF cookie): its page carries its own form token."""
    path = reverse("members:agency_list")
    first, second = Client(), Client()
    for browser in (first, second):
        browser.force_login(secretariat)
    first.get(path)
    first.get(path)  # kept for the first browser
    second.get(path)  # sets the second browser's CSRF cookie

    _, queries = _queries(second, path)

    assert any("members_agency" in sql for sql in queries)  # rendered for it, not replayed


def test_a_hard_reload_renders_the_page_anew(members_page):
    client, path = members_page
    client.get(path)
    _, served = _queries(client, path)

    reloaded, rendered = _queries(client, path, headers=NO_CACHE)

    assert reloaded.status_code == 200
    assert any("members_agency" in sql for sql in rendered)
    assert not any("members_agency" in sql for sql in served)


def _message_cookie(text: str) -> str:
    """The cookie a saved form leaves for the next page: one message waiting."""
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies[CookieStorage.cookie_name].value


def test_a_page_showing_a_message_is_not_kept(members_page):
    client, path = members_page
    client.cookies[CookieStorage.cookie_name] = _message_cookie("The agency was saved.")

    with_message = client.get(path).content.decode()
    after, queries = _queries(client, path)

    assert "The agency was saved." in with_message
    assert "The agency was saved." not in after.content.decode()
    # Rendered again, not replayed: the page that showed the message was not kept.
    assert any("members_agency" in sql for sql in queries)


def test_nothing_is_kept_while_another_transaction_is_writing(members_page):
    client, path = members_page
    db = connection.settings_dict
    other = psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
    )
    try:
        other.execute("SELECT txid_current()")  # a writing transaction, not committed yet
        client.get(path)
        _, queries = _queries(client, path)
        assert any("members_agency" in sql for sql in queries)  # rendered again
    finally:
        other.rollback()
        other.close()

    # Kept again once nobody writes (an autovacuum's analyze may hold an id for a moment).
    for _ in range(5):
        client.get(path)
        _, queries = _queries(client, path)
        if not any("members_agency" in sql for sql in queries):
            break
    assert not any("members_agency" in sql for sql in queries)


def test_a_kept_page_lasts_five_minutes_at_most(members_page):
    client, path = members_page
    start = datetime.datetime(2026, 12, 1, 9, 0, 30, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client.get(path)
        _, queries = _queries(client, path)
        assert not any("members_agency" in sql for sql in queries)
    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        _, queries = _queries(client, path)
        assert any("members_agency" in sql for sql in queries)


def test_refusals_and_htmx_requests_are_not_kept(client, focal_point):
    client.force_login(focal_point)
    path = reverse("notices:outbox")  # the secretariat's
    client.get(path)
    assert client.get(path).status_code == 403
    assert client.get(path).status_code == 403

    members = reverse("members:agency_list")
    client.get(members)
    client.get(members, headers={"hx-request": "true"})
    _, again = _queries(client, members, headers={"hx-request": "true"})
    assert any("members_agency" in sql for sql in again)


def test_without_the_setting_every_page_is_rendered(members_page, settings):
    client, path = members_page
    settings.GMG_PAGE_CACHE = False
    client.get(path)
    _, queries = _queries(client, path)
    assert any("members_agency" in sql for sql in queries)


def test_a_page_over_the_size_limit_is_rendered_each_time(members_page, settings):
    client, path = members_page
    size = len(client.get(path, headers=NO_CACHE).content)

    settings.GMG_PAGE_CACHE_PAGE_BYTES = size - 1
    client.get(path)
    _, too_large = _queries(client, path)
    assert any("members_agency" in sql for sql in too_large)

    # At the limit itself, the page is kept.
    settings.GMG_PAGE_CACHE_PAGE_BYTES = size
    client.get(path)
    _, kept = _queries(client, path)
    assert len(kept) == 2


def test_every_table_notes_its_changes_but_the_bookkeeping_ones(db):
    def tables_with(trigger):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s",
                [trigger],
            )
            return {row[0] for row in cursor.fetchall()}

    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = {row[0] for row in cursor.fetchall()}

    assert tables_with("core_change_noted") == tables - UNWATCHED_TABLES
    assert tables_with("core_change_truncated") == tables - UNWATCHED_TABLES
    assert "meetings_meeting" in tables_with("core_change_noted")
    assert "django_session" not in tables_with("core_change_noted")


def test_a_truncate_is_noted(db):
    before = Change.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_submission")
    assert Change.objects.count() == before + 1


def test_an_edit_shows_on_a_function_views_page(client, secretariat):
    meeting = MeetingFactory(title="Before the edit")
    path = reverse("meetings:detail", args=[meeting.pk])
    client.force_login(secretariat)
    client.get(path)
    assert "Before the edit" in client.get(path).content.decode()

    Meeting.objects.filter(pk=meeting.pk).update(title="After the edit")

    page = client.get(path).content.decode()
    assert "After the edit" in page
    assert "Before the edit" not in page


def test_pruning_keeps_the_newest_change(db):
    AgencyFactory()
    AgencyFactory()
    newest = Change.objects.order_by("-id").values_list("id", flat=True).first()

    removed = prune_changes()

    assert removed >= 1
    assert list(Change.objects.values_list("id", flat=True)) == [newest]


def test_a_statement_that_touches_nothing_notes_nothing(db):
    AgencyFactory()
    before = Change.objects.count()

    Agency.objects.filter(acronym="NO-SUCH-AGENCY").update(name="Nobody")
    Agency.objects.filter(acronym="NO-SUCH-AGENCY").delete()

    assert Change.objects.count() == before


def test_every_writing_statement_of_one_transaction_makes_a_new_key(db):
    agency = AgencyFactory()
    first = Change.objects.latest("id").id

    Agency.objects.filter(pk=agency.pk).update(name="Renamed")
    second = Change.objects.latest("id").id
    Agency.objects.filter(pk=agency.pk).update(name="Renamed again")

    assert first < second < Change.objects.latest("id").id


def test_a_page_rendered_to_be_kept_costs_no_query_more_than_a_hard_reload(members_page):
    client, path = members_page
    AgencyFactory()  # a change: the next page is rendered
    _, kept = _queries(client, path)
    AgencyFactory()
    _, reloaded = _queries(client, path, headers=NO_CACHE)

    assert len(kept) == len(reloaded)


def test_a_person_who_loses_access_is_refused_not_served_what_was_kept(client, focal_point):
    client.force_login(focal_point)
    path = reverse("members:agency_list")
    client.get(path)
    assert client.get(path).status_code == 200  # kept

    focal_point.role = Role.GUEST
    focal_point.agency = None
    focal_point.organization = OrganizationFactory()
    focal_point.save()

    assert client.get(path).status_code == 403
