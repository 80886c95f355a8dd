"""Production settings (DJANGO_DEBUG=false) refuse to start half-configured.

Each case starts ``manage.py`` in a fresh process with only the environment
it names, as an operator would; nothing here connects to a database.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

# Everything the settings read that could leak in from the shell running the tests.
SETTINGS_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "GMG_TLS",
    "GMG_SITE_URL",
    "DJANGO_HSTS_SECONDS",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "CELERY_TASK_ALWAYS_EAGER",
}
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DATABASE_URL": "postgres://gmg@db.example.org:5432/gmg",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "GMG_SITE_URL": "https://gmg.example.org",
}


def _manage(*args, **variables):
    """Run manage.py with the production environment, changed by ``variables`` (None unsets)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SETTINGS_VARIABLES and not key.startswith("DJANGO_")
    }
    env.update(PRODUCTION)
    for key, value in variables.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("secret_key", [None, ""], ids=["unset", "empty"])
def test_production_settings_without_secret_key_refuse_to_start(secret_key):
    result = _manage("check", DJANGO_SECRET_KEY=secret_key)

    assert result.returncode == 1
    assert "ImproperlyConfigured: Set DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "database_url", [None, "sqlite:////tmp/gmg-production.sqlite3"], ids=["unset", "sqlite"]
)
def test_production_settings_without_postgresql_refuse_to_start(database_url):
    result = _manage("check", DATABASE_URL=database_url)

    assert result.returncode == 1
    assert "ImproperlyConfigured: Production needs DATABASE_URL pointing at PostgreSQL" in (
        result.stderr
    )


@pytest.mark.parametrize("redis_url", [None, ""], ids=["unset", "empty"])
def test_production_settings_without_redis_refuse_to_start(redis_url):
    result = _manage("check", REDIS_URL=redis_url)

    assert result.returncode == 1
    assert "ImproperlyConfigured: Production needs REDIS_URL" in result.stderr


def test_production_settings_pass_deploy_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_settings_on_plain_http_fail_deploy_check():
    # GMG_TLS=false is for `make up` on a laptop, never for a real deployment.
    result = _manage("check", "--deploy", "--fail-level", "WARNING", GMG_TLS="false")

    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_production_settings_without_site_url_refuse_to_start():
    result = _manage("check", GMG_SITE_URL=None)
    assert result.returncode == 1
    assert "GMG_SITE_URL" in result.stderr


def test_a_database_url_without_django_debug_means_production():
    result = _manage("check", DJANGO_DEBUG=None, DJANGO_SECRET_KEY=None)
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_keeps_database_connections_and_checks_them():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = _manage("shell", "-v", "0", "-c", code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["600", "True"]
    # An operator can still turn them off.
    off = _manage(
        "shell", "-v", "0", "-c", code, DJANGO_CONN_MAX_AGE="0", DJANGO_CONN_HEALTH_CHECKS="false"
    )
    assert off.stdout.split() == ["0", "False"]


def test_postgresql_connections_do_not_jit_compile_queries():
    code = (
        "from django.conf import settings;"
        "print(settings.DATABASES['default'].get('OPTIONS', {}).get('options', '-'))"
    )
    result = _manage("shell", "-v", "0", "-c", code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "-c jit=off -c random_page_cost=1.1"
    # An operator whose queries gain from it can turn it back on ...
    on = _manage("shell", "-v", "0", "-c", code, GMG_DATABASE_JIT="true")
    assert on.stdout.strip() == "-c random_page_cost=1.1"
    # ... and leave the planner's costs to the server.
    server = _manage(
        "shell", "-v", "0", "-c", code, GMG_DATABASE_JIT="true", GMG_DATABASE_RANDOM_PAGE_COST=""
    )
    assert server.stdout.strip() == "-"
    other = _manage("shell", "-v", "0", "-c", code, GMG_DATABASE_RANDOM_PAGE_COST="2")
    assert other.stdout.strip() == "-c jit=off -c random_page_cost=2.0"
    # Nothing random to pay for: PostgreSQL takes 0, and so does the setting.
    free = _manage("shell", "-v", "0", "-c", code, GMG_DATABASE_RANDOM_PAGE_COST="0")
    assert free.stdout.strip() == "-c jit=off -c random_page_cost=0.0"


@pytest.mark.parametrize("cost", ["fast", "-1", "nan", "inf", "1e400"])
def test_a_page_cost_postgresql_would_refuse_stops_the_start(cost):
    result = _manage("check", GMG_DATABASE_RANDOM_PAGE_COST=cost)

    assert result.returncode != 0
    assert (
        f"GMG_DATABASE_RANDOM_PAGE_COST must be a finite number of 0 or more, not '{cost}'"
        in result.stderr
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_connection_has_jit_off_and_costs_for_memory():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


@pytest.mark.parametrize(
    "limits",
    [
        {"GMG_TASK_SOFT_TIME_LIMIT": "300"},  # not under the hard limit
        {"GMG_TASK_TIME_LIMIT": "7200"},  # longer than Redis waits for an acknowledgement
    ],
    ids=["soft-not-under-hard", "hard-over-visibility"],
)
def test_task_time_limits_that_do_not_grow_refuse_to_start(limits):
    result = _manage("check", **limits)

    assert result.returncode == 1
    assert "ImproperlyConfigured: Task limits must grow" in result.stderr
