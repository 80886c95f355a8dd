"""Pages served again from memory while nothing under them has changed.

A main page (``@cached_page``) is rendered once per person, session, language,
time zone and five minutes, and served from the ``pages`` cache after that,
until the data changes. What "changes" means is left to the database: on
PostgreSQL a trigger on every table (installed after each ``migrate``) notes
each statement that writes a row in ``core_change``, and the page's key
carries the newest of those rows. An edit anywhere, through the ORM, a bulk update, the
admin or a migration, so gives every page a new key; nothing has to remember
to invalidate.

The cache is only filled when no other session of the database is inside a
writing transaction at that moment (``pg_stat_activity`` shows none holding a
transaction id): otherwise a transaction that noted its change earlier but
commits later could leave a page keyed by a newer row yet rendered without its
data (``backend_xid`` is shown to every role, so a writer under another role
counts too).

Not cached: anything but a plain GET of a signed-in person with a session and
a CSRF cookie; htmx requests; a request asking ``Cache-Control: no-cache`` (a
hard reload renders anew); a page with messages to show or a status other
than 200; a page over ``GMG_PAGE_CACHE_PAGE_BYTES`` (so that the memory a process
gives the cache has a bound); SQLite (no trigger: ``make run`` renders every page).

The key holds the five-minute slot so that what depends on the clock alone
(a chair's term that begins today, "overdue") is at most that old; the slot
divides every time zone's midnight.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connection, connections
from django.http import HttpResponse
from django.utils import timezone, translation

# Tables that change on every request or sign-in and that no cached page shows, and
# Django's list of applied migrations.
UNWATCHED_TABLES = {
    "core_change",
    "django_migrations",
    "django_session",
    "access_signinsession",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
}
TRIGGER = "core_change_noted"
TRUNCATE_TRIGGER = "core_change_truncated"

# The newest change, and whether no other session of this database holds a transaction id
# (has written and not committed yet). The backends' status is read afresh (PostgreSQL
# keeps it for the rest of a transaction once read). Read with the session (core.sessions).
NEWEST_CHANGE_COLUMNS = {
    "newest_change": "SELECT max(id) FROM core_change",
    "no_writer": (
        "SELECT NOT EXISTS (SELECT FROM pg_stat_activity "
        "WHERE datname = current_database() AND backend_xid IS NOT NULL "
        "AND pid <> pg_backend_pid()) FROM (SELECT pg_stat_clear_snapshot()) AS fresh"
    ),
}


def enabled() -> bool:
    return settings.GMG_PAGE_CACHE and connection.vendor == "postgresql"


def newest_change(request) -> tuple[int | None, bool]:
    """The newest change row, and whether no other transaction is writing now, as the
    session was read with them (core.sessions); (None, False) for a session not read so."""
    return getattr(request.session, "newest_change", None) or (None, False)


def _cacheable_request(request) -> bool:
    if request.method != "GET" or request.headers.get("HX-Request"):
        return False
    if "no-cache" in request.headers.get("Cache-Control", "") or "no-cache" in request.headers.get(
        "Pragma", ""
    ):
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.session.session_key:
        return False
    if not request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        return False
    return len(get_messages(request)) == 0


def _key(request, newest: int) -> str:
    user = request.user
    parts = (
        request.get_full_path(),
        request.session.session_key,
        request.COOKIES[settings.CSRF_COOKIE_NAME],
        str(user.pk),
        str(user.is_verified()) if hasattr(user, "is_verified") else "",
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        str(int(time.time() // settings.GMG_PAGE_CACHE_SECONDS)),
        str(newest),
    )
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and len(response.content) <= settings.GMG_PAGE_CACHE_PAGE_BYTES
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
        and len(get_messages(request)) == 0
    )


def _store(key: str, request, response) -> None:
    if _storable(request, response):
        headers = [(name, value) for name, value in response.items()]
        caches["pages"].set(
            key, (response.content, headers), timeout=settings.GMG_PAGE_CACHE_SECONDS
        )


def _replay(stored) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def cached_page(view):
    """Serve the view's page from the ``pages`` cache while the data is unchanged."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled() or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        newest, settled = newest_change(request)
        if newest is None:
            return view(request, *args, **kwargs)
        key = _key(request, newest)
        stored = caches["pages"].get(key)
        if stored is not None:
            return _replay(stored)
        response = view(request, *args, **kwargs)
        if settled:
            if getattr(response, "is_rendered", True):
                _store(key, request, response)
            else:  # a TemplateResponse renders after the view returns
                response.add_post_render_callback(lambda rendered: _store(key, request, rendered))
        return response

    return wrapper


def install_triggers(using: str = "default") -> int:
    """Note every statement that writes to a watched table (PostgreSQL; idempotent).

    A row trigger, so that a statement that touches no row (a sweep finding nothing)
    notes nothing; it notes the statement once, at its first row (a setting local to
    the transaction holds the transaction and the statement's start, undone with the
    transaction or a savepoint's rollback). TRUNCATE has a statement trigger of its own.
    Every table of the schema is watched, but the bookkeeping ones and Django's list of
    migrations; a trigger already there is left alone (creating one locks its table).
    The function names its table with the schema, for a restore that empties the path.
    """
    conn = connections[using]
    if conn.vendor != "postgresql":
        return 0
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = conn.ops.quote_name(cursor.fetchone()[0])
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {schema}.core_note_change() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ DECLARE noted text := "
            "pg_current_xact_id()::text || ' ' || statement_timestamp()::text; BEGIN "
            "IF current_setting('gmg.change_noted', true) IS DISTINCT FROM noted THEN "
            "PERFORM set_config('gmg.change_noted', noted, true); "
            f"INSERT INTO {schema}.core_change DEFAULT VALUES; "
            "END IF; RETURN NULL; END $$"
        )
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = current_schema()::regnamespace AND t.tgname IN (%s, %s)",
            [TRIGGER, TRUNCATE_TRIGGER],
        )
        present = set(cursor.fetchall())
        watched = sorted(tables - UNWATCHED_TABLES)
        for table in watched:
            quoted = conn.ops.quote_name(table)
            if (TRIGGER, table) not in present:
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {quoted} "
                    f"FOR EACH ROW EXECUTE FUNCTION {schema}.core_note_change()"
                )
            if (TRUNCATE_TRIGGER, table) not in present:
                cursor.execute(
                    f"CREATE TRIGGER {TRUNCATE_TRIGGER} AFTER TRUNCATE ON {quoted} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {schema}.core_note_change()"
                )
    return len(watched)


def prune_changes() -> int:
    """Drop the change rows older than the newest: only the newest makes a key."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_change WHERE id < (SELECT max(id) FROM core_change)")
        return cursor.rowcount


def forget_pages(**kwargs):
    """Empty the cache: a page rendered under other settings (tests change them) is not
    this page (connected to ``setting_changed``)."""
    caches["pages"].clear()
