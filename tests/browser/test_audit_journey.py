"""Journey: the secretariat reads the audit log, filters it, opens an object from it and
finds the object's own history in words there; checked with axe, on a phone too."""

import pytest
from playwright.sync_api import expect

from core.audit import audit_record
from meetings import services as meeting_services
from tests.browser.helpers import PHONE, sign_in
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def world(site):
    secretariat = PersonFactory(secretariat=True, full_name="Sara Secretariat")
    other = PersonFactory(secretariat=True, full_name="Olga Other")
    ChairTermFactory(agency=AgencyFactory(acronym="CHR"))
    meeting = MeetingFactory(title="Principals' meeting, Q2 2027")
    meeting_services.meeting_update(
        meeting=meeting, actor=secretariat, version=meeting.version, venue="Room XII"
    )
    agency = AgencyFactory(acronym="UNCTAD", name="UN Trade and Development")
    for n in range(60):
        audit_record(actor=other, action="agency.update", target=agency, fields=[f"field{n}"])
    return {"secretariat": secretariat, "meeting": meeting}


def test_the_secretariat_reads_filters_and_follows_the_audit_log(open_page, journey, world):
    page = open_page()
    page.goto("/audit/")
    sign_in(page, world["secretariat"].email)
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.get_by_role("navigation", name="Pages")).to_contain_text("Page 1 of 2")
    journey.check(page, "audit-log")

    page.get_by_label("What kind").select_option("meeting")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row").filter(has_text="changed venue of")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Sara Secretariat")
    journey.check(page, "audit-log-filtered")

    row.get_by_role("link", name="Principals' meeting, Q2 2027").click()
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("Sara Secretariat changed venue of Principals' meeting")
    journey.check(page, "meeting-history")

    phone = open_page(PHONE)
    phone.goto("/audit/?who=Olga")
    sign_in(phone, world["secretariat"].email)
    phone.goto("/audit/?who=Olga")
    expect(phone.get_by_role("row").filter(has_text="Sara Secretariat")).to_have_count(0)
    journey.check(phone, "audit-log-on-a-phone")
