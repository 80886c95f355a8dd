"""A focal point whose profile says Arabic, then one whose profile says Chinese, walks
the pages of the week, on a desktop and on a phone: every page is in the language,
right to left in Arabic, passes axe (WCAG 2.2 AA), has unique ids and fits the phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import PHONE
from tests.factories import PASSWORD, AgencyFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.browser

PAGES = ["/", "/meetings/", "/meetings/month/", "/agenda/proposals/new/", "/minutes/register/"]


def _sign_in(page, email, button):
    page.goto("/accounts/sign-in/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=button, exact=True).click()


@pytest.mark.parametrize(
    ("language", "direction", "sign_in", "heading", "proposal_heading"),
    [
        ("ar", "rtl", "تسجيل الدخول", "مرحبًا، Amal", "اقتراح موضوع"),
        ("zh-hans", "ltr", "登录", "欢迎，Amal", "提议议题"),
    ],
    ids=["arabic", "chinese"],
)
def test_a_focal_point_works_in_their_language(
    open_page, journey, language, direction, sign_in, heading, proposal_heading
):
    agency = AgencyFactory(name="Office for Coastal Migration", acronym="OCM")
    person = PersonFactory(agency=agency, full_name="Amal Haddad", language=language)
    MeetingFactory(
        title="Principals' meeting, Q1 2027",
        title_is_default=True,
        start=timezone.now() + datetime.timedelta(days=20),
    )

    for viewport, name in ((None, "desktop"), (PHONE, "phone")):
        page = open_page(viewport=viewport) if viewport else open_page()
        # The sign-in page follows the browser's language switch first.
        page.goto("/accounts/sign-in/")
        page.get_by_label("Language").select_option(language)
        page.get_by_role("button", name="Change").click()
        expect(page.locator("html")).to_have_attribute("dir", direction)
        journey.check(page, f"{language}-{name}-sign-in")
        _sign_in(page, person.email, sign_in)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        for path in PAGES:
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("html")).to_have_attribute("dir", direction)
            journey.check(page, f"{language}-{name}{path.replace('/', '-')}")
        page.goto("/agenda/proposals/new/")
        expect(page.get_by_role("heading", level=1)).to_have_text(proposal_heading)
