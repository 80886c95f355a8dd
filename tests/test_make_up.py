"""`make up` starts the production-like stack and serves the sign-in page.

It runs the Makefile target itself (migrate, collectstatic, then gunicorn,
the Celery worker and beat under honcho) with DJANGO_DEBUG=false on plain
http, against PostgreSQL and Redis, in a database of its own that is made
fresh and dropped afterwards, so the test database is never touched.
"""

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from tests.processes import database_url, free_port, stop_process_tree

pytestmark = pytest.mark.services

WAIT_SECONDS = 150  # collectstatic alone takes 10-40 s on a loaded 2-core machine


@pytest.fixture
def fresh_database(django_db_setup):
    """An empty database named after the test database, dropped at the end."""
    server = dict(connection.settings_dict)
    name = f"{server['NAME']}_up"
    admin = psycopg.connect(
        host=server["HOST"] or None,
        port=server["PORT"] or None,
        user=server["USER"] or None,
        password=server["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with admin:
        admin.execute(drop)  # left over from an interrupted run
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield database_url(server, name)
        admin.execute(drop)


def _environment(database: str, port: int) -> dict:
    venv_bin = Path(sys.prefix, "bin").resolve()
    env = {
        key: value
        for key, value in os.environ.items()
        # A make running these tests must not hand its jobserver to this one.
        if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VIRTUAL_ENV"}
        and not key.startswith(("DJANGO_", "GMG_", "CELERY_", "EMAIL_"))
    }
    # Without the venv on PATH: the Makefile must find gunicorn and celery by itself.
    env["PATH"] = os.pathsep.join(
        folder
        for folder in env.get("PATH", "").split(os.pathsep)
        if folder and Path(folder).resolve() != venv_bin
    )
    env.update(
        DATABASE_URL=database,
        REDIS_URL=settings.REDIS_URL,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        GMG_TLS="false",
        GMG_BIND=f"127.0.0.1:{port}",
        GMG_SITE_URL=f"http://127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        CELERY_CONCURRENCY="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@pytest.fixture
def stack(fresh_database, tmp_path):
    """`make up` in its own process group; stopped and its output printed at teardown."""
    port = free_port()
    log_path = tmp_path / "make-up.log"
    with log_path.open("wb") as log:
        # -o install: the test runs in the installed venv; reinstalling is not under test.
        process = subprocess.Popen(
            ["make", "--no-print-directory", "-o", "install", "up"],
            cwd=settings.BASE_DIR,
            env=_environment(fresh_database, port),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started = time.monotonic()
    try:
        yield process, port, log_path, started
    finally:
        returncode = stop_process_tree(process)
        output = log_path.read_text(errors="replace")
        print(f"--- make up output (exit code {returncode}) ---\n{output}")


def test_make_up_serves_sign_in_page_with_worker_and_beat(stack):
    # Arrange
    process, port, log_path, started = stack
    base = f"http://127.0.0.1:{port}"
    page = None

    # Act
    while time.monotonic() - started < WAIT_SECONDS:
        if process.poll() is not None:
            pytest.fail(f"make up exited with {process.returncode}")
        log = log_path.read_text(errors="replace")
        try:
            page = _get(f"{base}/accounts/sign-in/")
        except (ConnectionError, urllib.error.URLError, TimeoutError):
            page = None
        if page and " ready." in log and "beat: Starting" in log:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"The stack was not up within {WAIT_SECONDS} s (last answer: {page})")
    up_after = time.monotonic() - started

    # Assert
    status, html = page
    assert status == 200
    assert re.search(r'<form[^>]+method="post"', html)
    # The e-mail first; the password (or the agency's own sign-in) comes after it.
    assert 'name="username"' in html
    assert ">Continue</button>" in html
    assert 'name="csrfmiddlewaretoken"' in html
    # DEBUG is off: static files come from collectstatic's manifest, served by WhiteNoise.
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "no hashed stylesheet: DEBUG on or collectstatic missing"
    css_status, css = _get(base + stylesheet.group(1))
    assert css_status == 200
    assert "Bootstrap" in css[:200]
    print(f"stack up after {up_after:.1f} s")
