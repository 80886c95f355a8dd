"""The Content-Security-Policy blocks nothing the site itself does.

With the demo data loaded, the secretariat and a focal point walk every page
they can reach by links (up to a bound), in Chromium; the journey fails on
any CSP violation the browser reports (the securitypolicyviolation event,
and the console). A control step shows the watch does catch one.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.helpers import csp_violations, sign_in

pytestmark = pytest.mark.browser

MAX_PAGES = 70
DEMO_PASSWORD = "gmg-demo-2026"
SKIP = ("/accounts/sign-out/", "/accounts/language/", "/oparl/")
DOWNLOADS = (".pdf", ".ics", ".csv", ".json")


@pytest.fixture
def demo(site):
    call_command("seed_demo", verbosity=0)
    return site


def _crawl(page, *starts: str) -> list[str]:
    """Open pages reachable from ``starts`` by links, breadth first; return those opened."""
    todo, seen, opened = list(starts), set(starts), []
    while todo and len(opened) < MAX_PAGES:
        path = todo.pop(0)
        try:
            response = page.goto(path)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue  # a file to save (a CSV, a PDF), not a page
            raise
        page.wait_for_load_state("load")
        opened.append(path)
        assert response is not None, path
        assert response.status < 500, path
        blocked = csp_violations(page)
        assert not blocked, f"{path}: {blocked}"
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if (
                parts.netloc == urlsplit(page.url).netloc
                and link not in seen
                and not link.startswith(SKIP)
                and not parts.path.endswith(DOWNLOADS)
                and "/media/" not in parts.path
            ):
                seen.add(link)
                todo.append(link)
    return opened


def test_no_page_breaks_the_content_security_policy(open_page, demo):
    page = open_page()
    page.goto("/")
    sign_in(page, "secretariat@example.org", DEMO_PASSWORD)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()

    year = timezone.localdate().year
    secretariat_pages = _crawl(page, "/", f"/meetings/year/{year}/", "/admin/", "/access/locks/")

    phone = open_page({"width": 375, "height": 812})
    phone.goto("/")
    sign_in(phone, "fp1.ilo@example.org", DEMO_PASSWORD)
    focal_point_pages = _crawl(phone, "/")

    assert len(secretariat_pages) >= 40
    assert len(focal_point_pages) >= 15
    assert any(p.startswith("/meetings/year/") for p in secretariat_pages)
    assert "/admin/" in secretariat_pages
    # The year page's chair bands are placed by the site's script, not a style attribute.
    page.goto(f"/meetings/year/{year}/")
    band = page.locator(".chair-band").first
    expect(band).to_have_attribute("data-width", re.compile(r"\d"))
    assert band.evaluate("b => b.style.width").endswith("%")
    assert csp_violations(page) == []


def test_the_watch_catches_an_inline_script(open_page, site):
    page = open_page()
    page.goto("/accounts/sign-in/")

    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.ran = true"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)

    assert page.evaluate("() => window.ran === true") is False
    assert any("script-src" in v for v in csp_violations(page))
