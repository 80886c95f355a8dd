"""Fixtures for the browser journeys: the system Chromium, a live server, axe.

The site runs in pytest-django's ``live_server`` (a thread of this process,
on the test database), so a test can create rows with the factories, read
the e-mails the site sends from ``mailoutbox``, and share the in-memory
SQLite database. Playwright never downloads a browser: it drives the
Debian Chromium at ``CHROMIUM``.
"""

import importlib
import os

import pytest
from playwright.sync_api import sync_playwright

from agenda.enums import Purpose
from agenda.models import PurposeTag, StandingItemSetting
from tests.browser.helpers import CSP_LISTENER, DESKTOP, Journey, watch_csp

CHROMIUM = "/usr/bin/chromium"  # the Debian package; Playwright never downloads one
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # No internet here: without these Chromium keeps trying to reach Google.
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all the journeys, closed when they are done.

    Playwright's sync API runs an asyncio event loop in this thread (between
    two calls the loop is marked as running), so Django's async-safety check
    would refuse the ORM calls the tests and pytest-django make here
    (factories, reading the outbox, flushing the database) with
    SynchronousOnlyOperation. Nothing here runs inside a coroutine: the loop
    only carries Playwright's messages to the browser while this thread waits
    for them, and the live server answers in threads of its own, so the check
    is switched off while the browser is open, and only then. The package
    scope closes the loop before the other tests run.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def purpose_tags_restore():
    """The rows the migrations made, as they made them: the twelve purposes with their
    titles (what the forms label the boxes with) and the four standing items' settings."""
    titles = importlib.import_module("agenda.migrations.0009_purposes_data").TITLES
    for position, code in enumerate(Purpose.values, start=1):
        PurposeTag.objects.update_or_create(
            code=code, defaults={"position": position, "title": titles[code]}
        )
    standing = importlib.import_module("agenda.migrations.0010_standing_item_settings").DEFAULTS
    for code, minutes in standing.items():
        StandingItemSetting.objects.get_or_create(code=code, defaults={"minutes": minutes})


@pytest.fixture
def site(transactional_db, live_server, settings):
    """The live server's address; links in e-mails point at it."""
    settings.SITE_URL = live_server.url
    # A transactional test empties every table when it ends, the rows the migrations made
    # included: the twelve purposes are put back for the next journey.
    purpose_tags_restore()
    # A journey signs in several times: a fast hasher keeps it within seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return live_server.url


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture
def journey(request):
    """A journey named after the test: screenshots go to test-artifacts/screenshots/<name>/."""
    return Journey(request.node.name.removeprefix("test_"))


@pytest.fixture
def open_page(request, browser, site, journey):
    """Open a fresh browser tab (own cookies) with a viewport and the browser's language
    (what it asks for before anyone signs in); closed after the test.

    When the test fails, each tab's last state is kept beside the steps' screenshots.
    """
    contexts = []

    def open_page(viewport=DESKTOP, locale="en-GB"):
        # Reduced motion: Bootstrap skips its animations, so a screenshot never
        # catches a menu half open.
        context = browser.new_context(
            base_url=site, viewport=viewport, locale=locale, reduced_motion="reduce"
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        page = context.new_page()
        watch_csp(page)
        return page

    yield open_page
    for number, context in enumerate(contexts, start=1):
        if request.node.stash.get(FAILED, False):
            for page in context.pages:
                page.screenshot(path=journey.folder / f"failed-{number}.png", full_page=True)
        context.close()
