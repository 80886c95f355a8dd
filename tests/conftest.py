"""Shared fixtures, and the rule that CI runs every test.

Tests marked ``services`` need PostgreSQL and Redis, ``postgres`` ones
PostgreSQL only, ``browser`` tests the system Chromium. Where one is
missing they are skipped and the summary says why, unless
``GMG_REQUIRE_SERVICES`` is set (CI sets it): then they run, and a missing
service fails them instead of hiding them.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import AgencyFactory, PersonFactory

REQUIRE_SERVICES = os.environ.get("GMG_REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}


def _redis_up() -> bool:
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _missing(marker: str) -> str | None:
    if marker == "services":
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            return "needs PostgreSQL (set DATABASE_URL)"
        if not _redis_up():
            return "needs Redis (set REDIS_URL)"
    if marker == "postgres" and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        return "needs PostgreSQL (set DATABASE_URL)"
    if marker == "browser" and not shutil.which("chromium"):
        return "needs the system Chromium (apt-get install chromium)"
    return None


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    return [
        f"database: {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('HOST') or 'file'} {db['NAME']})",
        f"broker: {settings.CELERY_BROKER_URL.split('@')[-1]}",
        f"services required: {REQUIRE_SERVICES}",
    ]


def pytest_collection_modifyitems(config, items):
    reasons = {}
    for item in items:
        for marker in ("services", "postgres", "browser"):
            if item.get_closest_marker(marker) is None:
                continue
            if marker not in reasons:
                reasons[marker] = _missing(marker)
            reason = reasons[marker]
            # Where services are required (CI), the test runs and fails loudly.
            if reason is not None and not REQUIRE_SERVICES:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _second_factor_not_enforced(settings):
    # force_login gives no second factor; tests/access/test_two_factor.py turns it on.
    settings.GMG_TWO_FACTOR_ENFORCED = False


@pytest.fixture(autouse=True)
def _no_idle_timeout(settings):
    # Tests travel in time with a signed-in client; the idle timeout has tests of its own.
    settings.GMG_IDLE_MINUTES = 10**7


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing strength is Django's business; tests need speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_tasks(settings):
    # In-process tests run Celery tasks inline; the real-worker tests opt out.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from gmg.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def live_broker(_eager_tasks, settings):
    """Undo the suite's eager mode: tasks go through the broker to a real worker."""
    from gmg.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    # Tasks other tests queued without a worker (in non-eager tests) are still in the
    # test broker: a real worker would work through them before this test's own.
    app.control.purge()


@pytest.fixture(autouse=True)
def _default_language_between_tests():
    # A request in Arabic leaves Arabic active in the thread (Django's LocaleMiddleware
    # and the profile's language do not switch back): the next test starts in English.
    yield
    translation.deactivate()


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def secretariat(db):
    return PersonFactory(secretariat=True)


@pytest.fixture
def focal_point(agency):
    return PersonFactory(agency=agency)


@pytest.fixture
def principal(agency):
    return PersonFactory(agency=agency, role="principal")


@pytest.fixture
def guest(db):
    return PersonFactory(guest=True)


@pytest.fixture
def run_fanouts(django_capture_on_commit_callbacks):
    """Do what the worker does after a commit: write the notices of every batch not yet done."""
    from notices.models import NoticeBatch
    from notices.services import notice_fanout_run

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            for pk in NoticeBatch.objects.filter(finished_at__isnull=True).values_list(
                "pk", flat=True
            ):
                notice_fanout_run(batch_id=pk)

    return run


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider on loopback, in its own process (tests/oidc_provider.py)."""
    from tests.oidc import ProviderProcess

    provider = ProviderProcess()
    yield provider
    provider.stop()
