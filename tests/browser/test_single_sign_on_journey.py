"""Journey: the secretariat sets up an agency's own sign-in; a focal point of that agency
types their e-mail, is sent to the agency's provider (a real OpenID Connect provider on
loopback, its own process) and comes back signed in; an address nobody invited is
refused with a message; the secretariat finds the focal point's linked sign-in on her page
and removes it. axe (WCAG 2.2 AA) and the CSP checked at every page of the site."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from access.models import IdentityProvider
from tests.browser.helpers import sign_in, sign_out
from tests.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.browser

DOMAIN = "unhcr.example"


@pytest.fixture
def agency(site):
    return AgencyFactory(name="UN Refugee Agency", acronym="UNHCR")


def test_an_agencys_people_sign_in_through_its_provider(open_page, journey, agency, oidc_provider):
    secretariat = PersonFactory(secretariat=True, full_name="Sara Secretariat")
    focal_point = PersonFactory(agency=agency, full_name="Amina Diallo", email=f"amina@{DOMAIN}")

    # The secretariat sets the provider up.
    page = open_page()
    page.goto("/")
    sign_in(page, secretariat.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Single sign-on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Single sign-on")
    journey.check(page, "no-provider-yet")
    page.get_by_role("link", name="Set up an agency's sign-in").click()
    page.get_by_label("Agency").select_option(label="UNHCR")
    page.get_by_label("Issuer").fill(oidc_provider.issuer)
    page.get_by_label("Client id").fill(oidc_provider.client_id)
    page.get_by_label("Client secret").fill(oidc_provider.client_secret)
    page.get_by_label("E-mail domains").fill(DOMAIN)
    journey.check(page, "set-up-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("now sign in through its provider")
    provider = IdentityProvider.objects.get(agency=agency)
    expect(page.get_by_text(f"/access/sign-in/{provider.pk}/return/")).to_be_visible()
    expect(page.get_by_label("Client secret")).to_have_value("")
    journey.check(page, "provider-saved")
    sign_out(page)

    # The focal point: the e-mail, the agency's provider, back signed in.
    oidc_provider.person(focal_point.email)
    person_page = open_page()
    person_page.goto("/")
    expect(person_page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(person_page.get_by_label("Password")).to_have_count(0)
    journey.check(person_page, "email-first")
    person_page.get_by_label("E-mail").fill(focal_point.email)
    person_page.get_by_role("button", name="Continue").click()
    expect(person_page.get_by_role("navigation", name="Main")).to_contain_text("Dashboard")
    assert person_page.url.rstrip("/") == journey_site(person_page)
    assert oidc_provider.last_authorization()["code_challenge_method"] == "S256"
    journey.check(person_page, "signed-in-through-the-provider")
    person_page.goto("/access/sessions/")
    expect(person_page.get_by_role("table")).to_contain_text("through UNHCR's sign-in")
    journey.check(person_page, "sessions")
    person_page.goto("/")
    sign_out(person_page)

    # Someone nobody invited is refused, and told whom to ask.
    stranger = f"newcomer@{DOMAIN}"
    oidc_provider.person(stranger)
    person_page.get_by_label("E-mail").fill(stranger)
    person_page.get_by_role("button", name="Continue").click()
    expect(person_page.get_by_role("status").first).to_contain_text(
        "Ask the secretariat to invite you"
    )
    expect(person_page.get_by_role("heading", level=1)).to_have_text("Sign in")
    journey.check(person_page, "refused-not-invited")

    # An address the provider did not verify links nobody: a colleague's first sign-in.
    colleague = PersonFactory(agency=agency, full_name="Omar Haddad", email=f"omar@{DOMAIN}")
    oidc_provider.person(colleague.email, verified=False)
    person_page.get_by_label("E-mail").fill(colleague.email)
    person_page.get_by_role("button", name="Continue").click()
    expect(person_page.get_by_role("status").first).to_contain_text(
        "did not confirm your e-mail address"
    )
    expect(person_page.get_by_role("button", name="Sign out")).to_have_count(0)
    journey.check(person_page, "refused-unverified")

    # The secretariat finds Amina's account at the provider on her page, and removes the link.
    page.goto("/")
    sign_in(page, secretariat.email)
    page.goto(reverse("members:person_edit", args=[focal_point.pk]))
    links = page.get_by_role("region", name="Linked sign-ins")
    expect(links).to_contain_text(oidc_provider.issuer)
    expect(links).to_contain_text(f"amina@{DOMAIN}")
    journey.check(page, "linked-sign-ins")
    links.get_by_role("button", name="Remove the link to UNHCR's sign-in").click()
    expect(page.get_by_role("status").first).to_contain_text("is no longer linked")
    expect(page.get_by_role("region", name="Linked sign-ins")).to_contain_text(
        "None: this person has not signed in"
    )
    journey.check(page, "link-removed")


def journey_site(page) -> str:
    """The site's own address (the page's origin), where the sign-in came back to."""
    return page.evaluate("() => window.location.origin")
