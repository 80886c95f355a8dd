"""Journey: the chair's office opens its dashboard, sees what to do next with counts and
follows a link to the topic queue; checked with axe, on a phone too."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda.models import Proposal
from tests.browser.helpers import PHONE, sign_in
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def world(site):
    today = timezone.localdate()
    chair_agency = AgencyFactory(acronym="CHR", name="Chairing Agency")
    member = AgencyFactory(acronym="MEM", name="Member Agency")
    ChairTermFactory(
        agency=chair_agency,
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=150),
    )
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    meeting = MeetingFactory(
        title="Principals' meeting on data", start=start, end=start + datetime.timedelta(hours=3)
    )
    proposer = PersonFactory(agency=member, full_name="Femi Focal")
    for title in ("Labour migration data", "Remittances"):
        proposal = Proposal.objects.create(
            meeting=meeting,
            agency=member,
            author=proposer,
            title=title,
            summary="s",
            state="submitted",
        )
        proposal.purposes.set(["research-data"])
    chair = PersonFactory(agency=chair_agency, full_name="Chloe Chair")
    return {"meeting": meeting, "chair": chair}


def test_the_chair_office_sees_its_work_and_opens_the_queue(open_page, journey, world):
    page = open_page()
    page.goto("/")
    sign_in(page, world["chair"].email)
    panel = page.get_by_role("region", name="Your chair's office: what to do next")
    expect(panel).to_contain_text("2 topics to decide")
    expect(panel).to_contain_text("Publish the agenda:")
    journey.check(page, "chair-dashboard")

    panel.get_by_role("link", name="2 topics to decide").click()
    expect(page.get_by_text("Labour migration data").first).to_be_visible()
    journey.check(page, "topic-queue")

    phone = open_page(PHONE)
    phone.goto("/")
    sign_in(phone, world["chair"].email)
    expect(phone.get_by_role("region", name="Your chair's office: what to do next")).to_be_visible()
    journey.check(phone, "chair-dashboard-on-a-phone")
