"""Journey 2: a focal point on a phone, with the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, sign_in
from tests.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.browser


def test_focal_point_on_a_phone_with_the_keyboard(open_page, journey):
    agency = AgencyFactory(name="Office for Coastal Migration", acronym="OCM")
    focal_point = PersonFactory(agency=agency, full_name="Fatima Point")
    page = open_page(viewport=PHONE)

    page.goto("/accounts/sign-in/")
    journey.check(page, "sign-in")
    sign_in(page, focal_point.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Fatima")

    # The skip link is the first Tab stop, shown when focused, and moves focus to main.
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    journey.check(page, "skip-link-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.get_by_role("main")).to_be_focused()
    # The next Tab stop is inside main, past the header.
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate(
        "() => document.querySelector('main').contains(document.activeElement)"
        " && document.activeElement !== document.querySelector('main')"
    )
    assert focused_in_main

    # The menu is folded away behind the toggler and opens with it.
    navigation = page.get_by_role("navigation", name="Main")
    toggler = navigation.get_by_role("button", name="Show the menu")
    members = navigation.get_by_role("link", name="Members")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(members).to_be_hidden()
    journey.check(page, "dashboard-on-a-phone")
    toggler.focus()
    page.keyboard.press("Enter")
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    expect(members).to_be_in_viewport()
    expect(navigation.get_by_role("link", name="People")).to_have_count(0)
    expect(navigation.get_by_role("button", name="Sign out")).to_be_in_viewport()
    journey.check(page, "menu-open")
    members.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Member agencies")
    expect(page.get_by_role("row", name=re.compile("OCM"))).to_be_visible()
    journey.check(page, "member-agencies")
    # A search that finds nothing still leaves the (scrolling) table reachable by keyboard.
    page.get_by_role("searchbox", name="Search").fill("nothing like this")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name="No agency matches.")).to_be_visible()
    journey.check(page, "member-agencies-no-match")

    # The People page is the secretariat's: a focal point is refused, politely.
    response = page.goto("/members/people/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You may not open this page")
    expect(page.get_by_text("Your role does not give access to it.")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the dashboard")).to_be_visible()
    journey.check(page, "people-refused")
