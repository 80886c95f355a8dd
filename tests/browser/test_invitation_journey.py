"""Journey 1: the secretariat adds an agency and invites its focal point, who signs up."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Person
from tests.browser.helpers import sign_in, sign_out
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Blue-harbour-lantern-42"
LINK = re.compile(r"http\S+/accounts/invitation/\S+/")


def test_secretariat_invites_a_focal_point_who_signs_up(site, open_page, journey, mailoutbox):
    staff = PersonFactory(secretariat=True, full_name="Sara Secretariat")
    page = open_page()

    # The secretariat signs in.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/"))
    journey.check(page, "sign-in")
    sign_in(page, staff.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sara")
    journey.check(page, "secretariat-dashboard")

    # Members → Add an agency.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Member agencies")
    journey.check(page, "member-agencies")
    page.get_by_role("link", name="Add an agency").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an agency")
    journey.check(page, "add-an-agency")
    page.get_by_label("Name").fill("Office for Coastal Migration")
    page.get_by_label("Kind").select_option(label="Fund or programme")
    page.get_by_label("Website").fill("https://ocm.example.org")
    page.get_by_role("button", name="Add the agency").click()
    # A forgotten field is said next to it, and nothing is added.
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an agency")
    expect(page.get_by_label("Acronym")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("This field is required.")).to_be_visible()
    journey.check(page, "add-an-agency-error")
    page.get_by_label("Acronym").fill("OCM")
    page.get_by_role("button", name="Add the agency").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Office for Coastal Migration (OCM)")
    expect(page.get_by_role("status")).to_contain_text("OCM was added.")
    expect(page.get_by_text("Current member")).to_be_visible()
    expect(page.get_by_role("cell", name="Nobody yet.")).to_be_visible()
    journey.check(page, "agency-added")

    # Invite its focal point.
    page.get_by_role("link", name="Invite a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite a person")
    expect(page.get_by_label("Role")).to_have_value("focal_point")
    expect(page.get_by_label("Agency")).to_have_value(re.compile(r"\d+"))
    journey.check(page, "invite-a-person")
    page.get_by_label("E-mail").fill("Fatima.Point@OCM.example.org")
    page.get_by_label("Full name").fill("Fatima Point")
    page.get_by_label("Title", exact=True).fill("Migration officer")
    page.get_by_role("button", name="Send the invitation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Office for Coastal Migration (OCM)")
    expect(page.get_by_role("status")).to_contain_text(
        "Fatima Point was added and an invitation is on its way to fatima.point@ocm.example.org."
    )
    row = page.get_by_role("row", name=re.compile("Fatima Point"))
    expect(row.get_by_role("cell")).to_have_text(
        ["Focal point", "Migration officer", "fatima.point@ocm.example.org", "Invited"]
    )
    journey.check(page, "focal-point-invited")

    # The outbox shows the invitation went out.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outbox").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outbox")
    notice = page.get_by_role("row", name=re.compile("You are invited to the GMG Secretariat"))
    expect(notice.get_by_role("cell")).to_contain_text(
        ["Invitation to the site", "fatima.point@ocm.example.org", "Sent", "1"]
    )
    journey.check(page, "outbox")
    sign_out(page)
    journey.check(page, "secretariat-signed-out")

    # The invitation went out through the outbox, with a one-time link to this site.
    assert len(mailoutbox) == 1
    invitation = mailoutbox[0]
    assert invitation.to == ["fatima.point@ocm.example.org"]
    assert invitation.subject == "You are invited to the GMG Secretariat"
    assert "Dear Fatima Point," in invitation.body
    link = LINK.search(invitation.body).group(0)
    assert link.startswith(f"{site}/accounts/invitation/")

    # The focal point opens the link and chooses a password.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to the GMG Secretariat")
    expect(page.get_by_text("Choose a password to finish setting up your account.")).to_be_visible()
    journey.check(page, "invitation-link")
    # Required fields' labels end with crispy's asterisk.
    page.get_by_label("New password*", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password").click()

    # Signed in, on the dashboard, with their agency.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text(
        "Welcome. Your password is set and you are signed in."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Fatima")
    expect(page.get_by_text("Focal point · OCM")).to_be_visible()
    agency_panel = page.get_by_role("region", name="Office for Coastal Migration")
    expect(agency_panel.get_by_role("listitem")).to_have_text(["Fatima Point (Focal point)"])
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Members")).to_be_visible()
    expect(navigation.get_by_role("link", name="People")).to_have_count(0)
    journey.check(page, "focal-point-dashboard")
    assert Person.objects.get(email="fatima.point@ocm.example.org").has_usable_password()

    # The link works once.
    sign_out(page)
    page.goto(link)
    expect(
        page.get_by_text("This invitation link has been used already or has expired.")
    ).to_be_visible()
    journey.check(page, "invitation-link-used")

    # Signs in again with the new password.
    page.goto("/accounts/sign-in/")
    sign_in(page, "fatima.point@ocm.example.org", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Fatima")
    agency_panel.get_by_role("link", name="Your agency's page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Office for Coastal Migration (OCM)")
    expect(page.get_by_role("row", name=re.compile("Fatima Point"))).to_be_visible()
    journey.check(page, "focal-point-agency-page")
