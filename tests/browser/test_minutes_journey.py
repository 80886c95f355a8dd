"""Journey: the chair's office drafts and circulates the minutes, a focal point comments,
the chair's office answers, finalises and publishes, the PDF is opened, and an owning
agency closes its action point."""

import datetime
import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda import services as agenda_services
from agenda.models import Agenda
from meetings.models import Delegate
from minutes.models import ActionPoint, Minutes
from tests.browser.helpers import PHONE, sign_in, sign_out
from tests.factories import AgencyFactory, ChairTermFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def world(site):
    today = timezone.localdate()
    chair_agency = AgencyFactory(acronym="CHR", name="Chairing Agency")
    member = AgencyFactory(acronym="MEM", name="Member Agency")
    ChairTermFactory(
        agency=chair_agency,
        start=today - datetime.timedelta(days=60),
        end=today + datetime.timedelta(days=60),
    )
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    meeting = MeetingFactory(
        title="Principals' meeting on data",
        start=start,
        end=start + datetime.timedelta(hours=3),
        venue="Geneva",
        status="held",
    )
    chair = PersonFactory(
        agency=chair_agency, full_name="Chloe Chair", email="chloe@chr.example.org"
    )
    focal = PersonFactory(agency=member, full_name="Femi Focal", email="femi@mem.example.org")
    Delegate.objects.create(
        meeting=meeting, agency=member, person=focal, rsvp="in_person", is_head=True, attended=True
    )
    agenda = Agenda.objects.get(meeting=meeting)
    agenda_services.agenda_item_save(
        agenda=agenda,
        actor=chair,
        version=agenda.version,
        title="Labour migration data",
        minutes=30,
    )
    agenda_services.agenda_publish(agenda=agenda, actor=chair, version=agenda.version)
    return {"meeting": meeting, "chair": chair, "focal": focal, "member": member}


def test_minutes_from_draft_to_published_and_an_action_point_closed(open_page, journey, world):
    meeting, chair, focal = world["meeting"], world["chair"], world["focal"]
    page = open_page()

    # The chair's office opens the minutes from the meeting page.
    page.goto(meeting.get_absolute_url())
    sign_in(page, chair.email)
    page.goto(meeting.get_absolute_url())
    panel = page.get_by_role("region", name="Minutes")
    journey.check(page, "meeting-page")
    panel.get_by_role("link", name="Start the minutes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Minutes: Principals' meeting on data"
    )
    journey.check(page, "start-the-minutes")
    page.get_by_role("button", name="Start the minutes").click()
    expect(page.get_by_role("status")).to_contain_text("a section per agenda item")
    expect(page.get_by_role("heading", level=2, name="4. Labour migration data")).to_be_visible()
    journey.check(page, "minutes-draft")

    # Drafts item 4 in Markdown, previews, saves.
    page.get_by_role("link", name=re.compile(r"^Write\W+4\. Labour migration data")).click()
    page.get_by_label("Summary of the discussion").fill(
        "Members **welcomed** the note.\n\n- comparable data\n- a joint paper"
    )
    page.get_by_label("Decisions and common positions").fill(
        "The group **agreed** to a joint paper."
    )
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview (not saved)")
    expect(preview.locator("strong").first).to_have_text("welcomed")
    expect(preview.get_by_role("listitem")).to_have_text(["comparable data", "a joint paper"])
    journey.check(page, "section-preview")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Section 4 is saved.")

    # Adds an action point owned by the member agency.
    page.get_by_role("link", name=re.compile(r"^Add an action point\W+4\. Labour")).click()
    expect(page.get_by_label("From the section")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Action").fill("Circulate the joint paper to all members")
    page.get_by_label("MEM").check()
    page.get_by_label("Due").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    journey.check(page, "add-action-point")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The action point is saved.")

    # Circulates for comments.
    page.get_by_label("Days for comments").fill("10")
    page.get_by_role("button", name="Circulate for comments").click()
    expect(page.get_by_role("status")).to_contain_text("circulated for comments")
    expect(page.get_by_text("Circulated for comments until")).to_be_visible()
    expect(page.get_by_role("link", name="Download the draft PDF")).to_be_visible()
    journey.check(page, "minutes-circulated")
    sign_out(page)

    # A focal point of an attending agency comments on item 4.
    sign_in(page, focal.email)
    page.goto(f"/minutes/meetings/{meeting.pk}/")
    page.get_by_label("Comment on section 4").fill("Please name the data sources.")
    page.get_by_role("button", name=re.compile(r"^Send the comment\W+4\. Labour")).click()
    expect(page.get_by_role("status")).to_contain_text("Your comment is sent")
    expect(page.get_by_text("Not answered yet.")).to_be_visible()
    journey.check(page, "focal-point-comment")
    sign_out(page)

    # Ten days later (the comment period is over): the chair's office answers, finalises, publishes.
    Minutes.objects.filter(meeting=meeting).update(
        comments_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    sign_in(page, chair.email)
    page.goto(f"/minutes/meetings/{meeting.pk}/")
    page.get_by_label("Taken into account", exact=True).check()
    page.get_by_label("Reply").fill("Sources added.")
    journey.check(page, "answer-comment")
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_role("status")).to_contain_text("Your answer is saved.")
    page.get_by_role("button", name="Make final").click()
    expect(page.get_by_role("status")).to_contain_text("The minutes are final.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("The minutes are published")
    journey.check(page, "minutes-published")

    # The PDF is opened: its first two pages kept as images beside the screenshots.
    edition_link = page.get_by_role("link", name=f"GMG/PM/{meeting.local_date.year}/1/Min")
    edition_link.click()
    expect(page.get_by_text("current")).to_be_visible()
    journey.check(page, "edition")
    pdf = page.request.get(page.get_by_role("link", name="Download the PDF").get_attribute("href"))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    target = journey.folder / "minutes.pdf"
    target.write_bytes(pdf.body())
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "2",
            str(target),
            str(journey.folder / "pdf-page"),
        ],
        check=True,
    )
    assert len(list(journey.folder.glob("pdf-page-*.png"))) == 2
    sign_out(page)

    # The owning agency's focal point closes the action point from the dashboard.
    sign_in(page, focal.email)
    panel = page.get_by_role("region", name="Your agency's open action points")
    journey.check(page, "focal-point-dashboard")
    panel.get_by_role("link", name="Circulate the joint paper to all members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action point")
    journey.check(page, "action-point")
    page.get_by_role("combobox", name=re.compile("^Status")).select_option("done")
    page.get_by_label("Note").fill("Sent to all members.")
    page.get_by_role("button", name="Save the status").click()
    expect(page.get_by_role("status")).to_contain_text("The action point is now done.")
    expect(page.get_by_text("Status: Open → Done")).to_be_visible()
    journey.check(page, "action-point-done")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Action points").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action points")
    journey.check(page, "register")
    assert ActionPoint.objects.get().status == "done"

    # The same pages on a phone.
    phone = open_page(PHONE)
    phone.goto(f"/minutes/meetings/{meeting.pk}/")
    sign_in(phone, focal.email)
    phone.goto(f"/minutes/meetings/{meeting.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Minutes")
    journey.check(phone, "phone-minutes")
    phone.goto("/minutes/action-points/")
    journey.check(phone, "phone-register")
