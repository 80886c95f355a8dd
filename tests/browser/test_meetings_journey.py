"""The meetings journey in a real browser: the secretariat extends the rotation,
plans a year and sends an invitation; a focal point registers its delegation.
Each step is kept as a screenshot and checked (axe WCAG 2.2 AA, ids, CSP; in Arabic too).
"""

import pytest
from django.utils import timezone

from meetings.models import ChairTerm, Delegate, Meeting
from notices.models import Notice
from tests.browser.helpers import sign_in, sign_out
from tests.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.browser


def _sign_in(page, email):
    page.goto("/accounts/sign-in/")
    sign_in(page, email)


def test_secretariat_plans_and_invites_then_a_focal_point_registers(open_page, journey):
    page = open_page()
    page.set_default_timeout(15_000)  # adding a year's meetings takes a few seconds
    agency = AgencyFactory(acronym="ILO", name="International Labour Organization")
    AgencyFactory(acronym="IOM")
    PersonFactory(secretariat=True, email="sec@example.org")
    PersonFactory(agency=agency, email="fp@example.org", full_name="Fatou Mensah")
    PersonFactory(agency=agency, role="principal", email="head@example.org", full_name="Hana Sato")
    year = timezone.localdate().year + 1

    _sign_in(page, "sec@example.org")
    page.get_by_role("link", name="Chair rotation", exact=True).click()
    page.get_by_label("Extend until").fill(f"{year + 1}-12-31")
    page.get_by_role("button", name="Extend").click()
    page.get_by_text("terms added").wait_for()
    assert ChairTerm.objects.count() >= 4
    journey.check(page, "rotation")

    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Plan a year").click()
    page.get_by_label("Year").fill(str(year))
    page.get_by_role("button", name="Show the plan").click()
    page.get_by_role("heading", name="The plan").wait_for()
    journey.check(page, "plan")
    page.get_by_role("button", name="Add these meetings").click()
    page.get_by_text("8 meetings added").wait_for()
    assert Meeting.objects.count() == 8

    page.get_by_role("link", name=f"Principals' meeting, Q1 {year}").first.click()
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("The invitation is on its way to 2 people").wait_for()
    assert Notice.objects.filter(kind="meeting_invitation").count() == 2
    journey.check(page, "meeting")
    meeting_url = page.url
    sign_out(page)

    _sign_in(page, "fp@example.org")
    page.goto(meeting_url)
    page.get_by_role("link", name="Register a delegation").click()
    page.get_by_label("Fatou Mensah").select_option(label="Attending online")
    page.get_by_label("Hana Sato").select_option(label="Attending in person")
    page.get_by_label("Head of delegation").select_option(label="Hana Sato")
    page.get_by_role("button", name="Save the delegation").click()
    page.get_by_text("The delegation of ILO is saved.").wait_for()
    journey.check(page, "delegation")
    assert Delegate.objects.filter(is_head=True).get().person.full_name == "Hana Sato"
