"""The meetings journey in a real browser: the secretariat extends the rotation,
plans a year and sends an invitation; a focal point registers its delegation.

Screenshots are kept in test-artifacts/ for a person to look at.
"""

from pathlib import Path

import pytest
from django.utils import timezone

from meetings.models import ChairTerm, Delegate, Meeting
from notices.models import Notice
from tests.factories import PASSWORD, AgencyFactory, PersonFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(open_page, live_server):
    """A tab of the one shared browser (see conftest.py); the journey uses full URLs."""
    page = open_page()
    page.set_default_timeout(15000)
    return page


def _accessible(page):
    """No axe-core violation on the page as it stands (WCAG 2.1 AA rules included)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["impact"]) for v in violations] == []


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def test_secretariat_plans_and_invites_then_a_focal_point_registers(page, live_server):
    ARTIFACTS.mkdir(exist_ok=True)
    agency = AgencyFactory(acronym="ILO", name="International Labour Organization")
    AgencyFactory(acronym="IOM")
    PersonFactory(secretariat=True, email="sec@example.org")
    PersonFactory(agency=agency, email="fp@example.org", full_name="Fatou Mensah")
    PersonFactory(agency=agency, role="principal", email="head@example.org", full_name="Hana Sato")
    year = timezone.localdate().year + 1

    _sign_in(page, live_server, "sec@example.org")
    page.get_by_role("link", name="Chair rotation", exact=True).click()
    page.get_by_label("Extend until").fill(f"{year + 1}-12-31")
    page.get_by_role("button", name="Extend").click()
    page.get_by_text("terms added").wait_for()
    assert ChairTerm.objects.count() >= 4
    page.screenshot(path=ARTIFACTS / "meetings-1-rotation.png", full_page=True)
    _accessible(page)

    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Plan a year").click()
    page.get_by_label("Year").fill(str(year))
    page.get_by_role("button", name="Show the plan").click()
    page.get_by_role("heading", name="The plan").wait_for()
    page.screenshot(path=ARTIFACTS / "meetings-2-plan.png", full_page=True)
    _accessible(page)
    page.get_by_role("button", name="Add these meetings").click()
    page.get_by_text("8 meetings added").wait_for()
    assert Meeting.objects.count() == 8

    page.get_by_role("link", name=f"Principals' meeting, Q1 {year}").first.click()
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("The invitation is on its way to 2 people").wait_for()
    assert Notice.objects.filter(kind="meeting_invitation").count() == 2
    page.screenshot(path=ARTIFACTS / "meetings-3-meeting.png", full_page=True)
    _accessible(page)
    meeting_url = page.url
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, live_server, "fp@example.org")
    page.goto(meeting_url)
    page.get_by_role("link", name="Register a delegation").click()
    page.get_by_label("Fatou Mensah").select_option(label="Attending online")
    page.get_by_label("Hana Sato").select_option(label="Attending in person")
    page.get_by_label("Head of delegation").select_option(label="Hana Sato")
    page.get_by_role("button", name="Save the delegation").click()
    page.get_by_text("The delegation of ILO is saved.").wait_for()
    page.screenshot(path=ARTIFACTS / "meetings-4-delegation.png", full_page=True)
    _accessible(page)
    assert Delegate.objects.filter(is_head=True).get().person.full_name == "Hana Sato"
