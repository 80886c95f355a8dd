"""Journey 3: a topic goes from a focal point to the chair's office to a published agenda,
which a guest organization sees, and nothing else."""

import datetime
import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda import services
from agenda.enums import Purpose
from agenda.models import Agenda, GuestInvitation, PurposeTag
from members.models import Person
from tests.browser.helpers import named_for, sign_in, sign_out
from tests.factories import (
    AgencyFactory,
    ChairTermFactory,
    MeetingFactory,
    OrganizationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.browser

TOPIC = "Remittances and coastal communities"
NOTE = "Welcome: 20 minutes after the follow-up."
GUEST_PASSWORD = "Amber-lighthouse-harbour-7"
LINK = re.compile(r"http\S+/accounts/invitation/\S+/")


def _paper(folder):
    """A small real PDF, made the way the site makes its own."""
    from weasyprint import HTML

    path = folder / "coastal-remittances.pdf"
    note = f"<h1>{TOPIC}</h1><p>A short note for the principals.</p>"
    HTML(string=note).write_pdf(path)
    return path


def _purposes():
    # A live-server test flushes the database after it: the migrated purposes may be gone.
    for position, code in enumerate(Purpose.values, start=1):
        PurposeTag.objects.update_or_create(code=code, defaults={"position": position})


def test_topic_proposed_accepted_published_and_seen_by_a_guest(
    site, open_page, journey, mailoutbox, tmp_path
):
    _purposes()
    # A meeting five weeks from now, its proposal deadline still ahead, and its chair.
    start = (timezone.now() + datetime.timedelta(days=35)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    chair_agency = AgencyFactory(name="Chairing Agency", acronym="CHAIR")
    meeting = MeetingFactory(
        title="Principals' meeting on coastal migration",
        start=start,
        proposal_deadline=start.date() - datetime.timedelta(days=14),
        venue="Palais des Nations, Geneva",
    )
    ChairTermFactory(
        agency=chair_agency,
        start=meeting.local_date - datetime.timedelta(days=90),
        end=meeting.local_date + datetime.timedelta(days=90),
    )
    chair = PersonFactory(agency=chair_agency, full_name="Chiara Chair")
    agency = AgencyFactory(name="Office for Coastal Migration", acronym="OCM")
    focal_point = PersonFactory(agency=agency, full_name="Fatima Point")
    institute = OrganizationFactory(name="Institute for Island Studies", acronym="IIS")
    # Another meeting, its agenda published, to which the guest is not invited.
    other = MeetingFactory(
        title="Working-level meeting on data",
        level="working",
        start=start + datetime.timedelta(days=14),
    )
    services.agenda_publish(agenda=Agenda.objects.get(meeting=other), actor=chair, version=1)
    year = meeting.local_date.year
    paper = _paper(tmp_path)
    page = open_page()

    # --- The focal point proposes a topic with a paper. -----------------------
    page.goto("/accounts/sign-in/")
    sign_in(page, focal_point.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Fatima")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    page.get_by_role("link", name=meeting.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    journey.check(page, "focal-point-meeting-page")
    page.get_by_role("link", name="Propose a topic for this meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose a topic")
    expect(page.get_by_label("Meeting")).to_have_value(str(meeting.pk))
    journey.check(page, "propose-a-topic")
    page.get_by_label("Title").fill(TOPIC)
    page.get_by_label("Summary").fill("How remittances help coastal communities adapt.")
    page.get_by_label("Rationale").fill("Three agencies work on it without a common view.")
    page.get_by_label(str(Purpose.RESEARCH_DATA.label)).check()
    page.get_by_label("Time wished (minutes)").fill("20")
    page.get_by_label("IIS").check()
    page.get_by_label("Papers").set_input_files(paper)
    page.get_by_role("button", name="Submit to the chair").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    expect(page.get_by_role("status")).to_contain_text(
        f"Your proposal is submitted to the chair of {meeting.title}."
    )
    expect(page.get_by_text("Submitted", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="coastal-remittances.pdf")).to_be_visible()
    journey.check(page, "proposal-submitted")
    sign_out(page)

    # --- The chair's office accepts it, orders the agenda, invites a guest, publishes. ----
    sign_in(page, chair.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Chiara")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    page.get_by_role("link", name=meeting.title).click()
    page.get_by_role("link", name="Topic queue (1 to decide)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Topics proposed for {meeting.title}"
    )
    proposal_card = page.get_by_role("article", name=TOPIC)
    expect(proposal_card).to_contain_text("OCM · Fatima Point · 20 minutes wished")
    expect(proposal_card).to_contain_text("Guests wished: Institute for Island Studies")
    journey.check(page, "topic-queue")
    proposal_card.get_by_label("Accept: it becomes an agenda item").check()
    proposal_card.get_by_label("Note to the proposer").fill(NOTE)
    proposal_card.get_by_role("button", name=named_for("Record the decision", TOPIC)).click()
    expect(page.get_by_role("status")).to_contain_text("The proposal is now accepted.")
    expect(proposal_card).to_contain_text(f"Note: {NOTE}")
    journey.check(page, "topic-accepted")

    page.get_by_role("link", name="Agenda", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Agenda: {meeting.title}")
    items = page.get_by_role("list", name="Draft").locator("strong")
    expect(items).to_have_text(
        [
            "1. Adoption of the agenda",
            re.compile(r"^2\. Adoption of the minutes"),
            re.compile(r"^3\. Follow-up"),
            f"4. {TOPIC}",
            "5. Any other business",
        ]
    )
    journey.check(page, "agenda-draft")
    # Up, with the keyboard: the focus is on the button, Enter presses it.
    up = page.get_by_role("button", name=named_for("Up", TOPIC))
    up.focus()
    page.keyboard.press("Enter")
    expect(items.nth(2)).to_have_text(f"3. {TOPIC}")
    expect(items.nth(3)).to_have_text(re.compile(r"^4\. Follow-up"))
    # The page comes back at the item: the next Tab stays with it, to move it again.
    expect(page).to_have_url(re.compile(r"#item-\d+$"))
    page.keyboard.press("Tab")
    focused_item = page.evaluate("() => document.activeElement.closest('li')?.id")
    assert focused_item == page.url.rsplit("#", 1)[1]
    journey.check(page, "agenda-item-moved-up")

    # The guest organization wished is invited; the chair's office names its guest.
    guests = page.get_by_role("region", name="Guest organizations")
    invitation = guests.locator(".card", has_text="Institute for Island Studies")
    expect(invitation).to_contain_text(f"For: {TOPIC}")
    invitation.get_by_label("E-mail").fill("ines.island@iis.example.org")
    invitation.get_by_label("Full name").fill("Ines Island")
    invitation.get_by_role("button", name="Invite").click()
    expect(page.get_by_role("status")).to_contain_text("Ines Island is invited for IIS.")
    journey.check(page, "guest-invited")

    page.get_by_role("button", name="Publish the agenda").click()
    reference = f"GMG/PM/{year}/1"
    expect(page.get_by_role("status")).to_contain_text(f"Version 1 is published as {reference}")
    expect(page.get_by_text(f"Reference: {reference}")).to_be_visible()
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible()
    journey.check(page, "agenda-published")

    # The PDF the worker rendered on commit: downloaded, its first page kept as a PNG.
    pdf = page.request.get(download_link.get_attribute("href"))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    pdf_path = journey.folder / "agenda.pdf"
    pdf_path.write_bytes(pdf.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", pdf_path, pdf_path.with_suffix("")],
        check=True,
        timeout=30,
    )
    png = list(journey.folder.glob("agenda*.png"))
    # pdftoppm names the page after the root and its number: agenda-1.png.
    assert len(png) == 1, png
    assert png[0].stat().st_size > 0
    sign_out(page)

    # --- The guest sets a password from the invitation, sees their meeting only. ----
    guest = Person.objects.get(email="ines.island@iis.example.org")
    assert guest.role == "guest"
    assert guest.organization == institute
    assert GuestInvitation.objects.get(meeting=meeting).people.get() == guest
    to_guest = [m for m in mailoutbox if m.to == [guest.email]]
    assert [m.subject for m in to_guest] == [
        "You are invited to the GMG Secretariat",
        f"Agenda: {meeting.title} ({reference})",
    ]
    page.goto(LINK.search(to_guest[0].body).group(0))
    page.get_by_label("New password*", exact=True).fill(GUEST_PASSWORD)
    page.get_by_label("New password confirmation").fill(GUEST_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Ines")
    # The dashboard leads to their meeting, and to no other.
    their_meetings = page.get_by_role("region", name="Your meetings")
    expect(their_meetings.get_by_role("listitem")).to_have_count(1)
    expect(their_meetings.get_by_role("listitem")).to_contain_text(meeting.title)
    journey.check(page, "guest-dashboard")

    their_meetings.get_by_role("link", name=meeting.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    # The way back is the dashboard, not the calendar a guest may not open.
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumb.get_by_role("link")).to_have_text(["Dashboard"])
    journey.check(page, "guest-meeting-page")
    page.get_by_role("link", name="The agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Agenda: {meeting.title}")
    expect(page.get_by_text(f"Reference: {reference}")).to_be_visible()
    expect(page.get_by_text(f"3. {TOPIC}")).to_be_visible()
    journey.check(page, "guest-agenda")
    paper_link = page.get_by_role("link", name="coastal-remittances.pdf")
    with page.expect_download() as download:
        paper_link.click()
    assert download.value.suggested_filename == "coastal-remittances.pdf"
    assert download.value.path().read_bytes() == paper.read_bytes()

    # Every other page is refused, politely.
    for step, url in [
        ("guest-refused-other-agenda", f"/agenda/meetings/{other.pk}/agenda/"),
        ("guest-refused-member-directory", "/members/agencies/"),
        ("guest-refused-proposals", "/agenda/proposals/"),
    ]:
        response = page.goto(url)
        assert response.status == 403, url
        expect(page.get_by_role("heading", level=1)).to_have_text("You may not open this page")
        journey.check(page, step)
