"""Journey 2: a focal point on a phone, with the keyboard; focus and borders you can see;
the pages that were too wide for a phone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, contrast, focus_indicator, sign_in
from tests.factories import AgencyFactory, MeetingFactory, OrganizationFactory, PersonFactory

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
    page.get_by_role("searchbox", name="Search", exact=True).fill("nothing like this")
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


def test_every_kind_of_control_shows_a_focus_indicator_of_3_to_1(open_page, journey):
    """Inputs, selects, checkboxes, text areas, the file input, buttons and links, in the
    page and in the navy header: each focused one has an outline of 2px or more with a
    contrast of at least 3:1 against what is behind it (WCAG 2.2, 2.4.13 and 1.4.11)."""
    MeetingFactory(start=timezone.now() + datetime.timedelta(days=40))
    OrganizationFactory(name="Island Institute of Studies", acronym="IIS")
    focal_point = PersonFactory(full_name="Fatima Point")
    page = open_page()
    page.goto("/accounts/sign-in/")
    sign_in(page, focal_point.email)
    page.goto("/agenda/proposals/new/")
    journey.check(page, "proposal-form")

    controls = {
        "text input": page.get_by_label("Title"),
        "select": page.get_by_label("Meeting"),
        "text area": page.get_by_label("Summary"),
        "number input": page.get_by_label("Time wished (minutes)"),
        "checkbox": page.get_by_label("IIS"),
        "file input": page.get_by_label("Papers"),
        "button": page.get_by_role("button", name="Save as draft"),
        "header link": page.get_by_role("link", name="Fatima Point"),
        "header select": page.get_by_label("Language"),
        "header button": page.get_by_role("button", name="Sign out"),
        "menu link": page.get_by_role("navigation", name="Main").get_by_role("link", name="Topics"),
    }
    weak = {}
    for name, control in controls.items():
        width, ratio = focus_indicator(control)
        if width < 2 or ratio < 3:
            weak[name] = (width, round(ratio, 2))
    page.goto("/")
    width, ratio = focus_indicator(page.get_by_role("main").get_by_role("link").first)
    if width < 2 or ratio < 3:
        weak["link in the page"] = (width, round(ratio, 2))
    assert not weak, f"focus indicators under 2px or 3:1: {weak}"


def test_field_borders_reach_3_to_1(open_page):
    """Field borders, focused or not, stand out at 3:1 against the white page."""
    page = open_page()
    page.goto("/accounts/sign-in/")
    white = {"r": 255, "g": 255, "b": 255}
    field = page.get_by_label("E-mail")
    for state in ("focused", "not focused"):
        if state == "focused":
            field.focus()
        else:
            field.blur()
        colour = field.evaluate(
            "(e) => getComputedStyle(e).borderTopColor.match(/[\\d.]+/g).map(Number)"
        )
        assert contrast(dict(zip("rgb", colour[:3], strict=True)), white) >= 3, state


def test_the_people_list_and_the_month_fit_a_phone(open_page, journey):
    """375 px wide: the people list scrolls inside its box, and the month is a list."""
    secretariat = PersonFactory(secretariat=True, full_name="Sam Secretariat")
    for number in range(3):
        PersonFactory(
            full_name=f"Valentina Longname-Example {number}",
            email=f"valentina.longname-example.{number}@a-long-agency-name.example.org",
        )
    today = timezone.localdate()
    MeetingFactory(
        title="Principals' meeting on a phone",
        start=timezone.make_aware(datetime.datetime.combine(today, datetime.time(10))),
    )
    page = open_page(viewport=PHONE)
    page.goto("/accounts/sign-in/")
    sign_in(page, secretariat.email)

    page.goto("/members/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    journey.check(page, "people-on-a-phone")

    page.goto("/meetings/month/")
    month_list = page.locator(".month-list")
    expect(month_list).to_be_visible()
    expect(month_list.get_by_role("link", name="Principals' meeting on a phone")).to_be_visible()
    expect(page.locator(".month-calendar")).to_be_hidden()
    journey.check(page, "month-on-a-phone")
