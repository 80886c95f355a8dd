"""Journey: finding and counting. The secretariat searches from the header, filters,
opens the reports by purpose and a number's rows; a focal point's search keeps another
agency's draft out. axe, duplicate ids and the CSP on every page (``journey.check``)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from agenda.enums import ProposalState
from agenda.models import Proposal
from tests.browser.helpers import sign_in, sign_out
from tests.factories import AgencyFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.browser


def test_search_reports_and_exports(open_page, journey):
    ilo, iom = AgencyFactory(acronym="ILO"), AgencyFactory(acronym="IOM")
    focal = PersonFactory(agency=ilo, full_name="Ilo Focal")
    other = PersonFactory(agency=iom, full_name="Iom Focal")
    secretariat = PersonFactory(secretariat=True, full_name="Sec Retariat")
    meeting = MeetingFactory(
        start=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=40)
    )
    for agency, author, state, title in [
        (ilo, focal, ProposalState.SUBMITTED, "Remittance data pooling"),
        (iom, other, ProposalState.DRAFT, "Remittance corridor draft"),
    ]:
        proposal = Proposal.objects.create(
            meeting=meeting,
            agency=agency,
            author=author,
            title=title,
            summary="Costs of sending remittances home.",
            state=state,
        )
        proposal.purposes.set(["research-data"])
    page = open_page()

    page.goto("/accounts/sign-in/")
    sign_in(page, secretariat.email)
    box = page.get_by_role("search").first
    box.get_by_label("Search").fill("remittance")
    box.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Topics")).to_be_visible()
    expect(page.locator("mark").first).to_have_text(re.compile("remittance", re.IGNORECASE))
    expect(page.get_by_role("link", name="Remittance data pooling")).to_be_visible()
    expect(page.get_by_text("Remittance corridor draft")).to_have_count(0)
    journey.check(page, "search-results")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports by purpose")
    journey.check(page, "reports")
    row = page.get_by_role("row", name="Research, data collection and analysis")
    row.get_by_role("link").first.click()
    expect(page.get_by_role("link", name="Remittance data pooling")).to_be_visible()
    journey.check(page, "report-rows")

    page.goto("/members/agencies/")
    expect(page.get_by_role("link", name="Download these rows as CSV")).to_be_visible()
    journey.check(page, "members-with-csv")
    sign_out(page)

    sign_in(page, other.email)
    page.goto("/search/?q=remittance")
    expect(page.get_by_role("link", name="Remittance corridor draft")).to_be_visible()
    expect(page.get_by_text("Remittance data pooling")).to_have_count(0)
    journey.check(page, "focal-point-search")
