"""Journey: the secretariat signs in, is asked to set up a second factor, scans (here:
reads) the secret, enters the app's code, keeps the recovery codes, signs out, and signs
in again with password and code. Checked with axe at each step, and on a phone."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, sign_in, sign_out
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def secretariat(site, settings):
    settings.GMG_TWO_FACTOR_ENFORCED = True
    return PersonFactory(secretariat=True, full_name="Sara Secretariat")


def _code_for(secret_text: str, drift: int = 0) -> str:
    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, drift=drift):06d}"


def test_the_secretariat_sets_up_and_uses_a_second_factor(open_page, journey, secretariat):
    page = open_page()
    page.goto("/")
    sign_in(page, secretariat.email)

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a second factor")
    expect(page.get_by_role("img", name="QR code with the secret")).to_be_visible()
    journey.check(page, "set-up")
    secret = page.locator("#totp-secret").inner_text()

    page.get_by_label("Code").fill("123")
    page.get_by_role("button", name="Turn on the second factor").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    journey.check(page, "wrong-code")
    page.wait_for_timeout(1100)  # after a wrong code the next is taken a second later

    page.get_by_label("Code").fill(_code_for(secret))
    page.get_by_role("button", name="Turn on the second factor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    codes = page.get_by_role("list", name="Your recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    recovery = re.sub(r"\s", "", codes.first.inner_text())
    journey.check(page, "recovery-codes")
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("People")

    sign_out(page)
    sign_in(page, secretariat.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    journey.check(page, "enter-code")
    page.get_by_label("Code").fill(_code_for(secret, drift=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="People", exact=True)).to_be_visible()

    phone = open_page(PHONE)
    phone.goto("/")
    sign_in(phone, secretariat.email)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Enter your code")
    journey.check(phone, "enter-code-on-a-phone")
    phone.get_by_label("Code").fill(recovery)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_text("You used a recovery code; 9 are left.")).to_be_visible()
    journey.check(phone, "signed-in-with-a-recovery-code")
