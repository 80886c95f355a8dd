"""A person's sessions: listed with device and last use, ended everywhere, ended when idle."""

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from access.models import SignInSession
from core.models import AuditEntry
from tests.factories import PASSWORD, PersonFactory

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
    " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _browser(person, agent):
    """A browser that signs in with the sign-in form, as a person does."""
    browser = Client(HTTP_USER_AGENT=agent)
    response = browser.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def test_sessions_page_lists_each_device_and_this_browser(db):
    person = PersonFactory()
    laptop = _browser(person, FIREFOX)
    _browser(person, SAFARI)
    _browser(PersonFactory(), FIREFOX)  # someone else's: not listed

    page = laptop.get(reverse("access:sessions")).content.decode()

    assert "Firefox, Windows" in page
    assert "Safari, iPhone" in page
    assert page.count("this browser") == 1
    assert SignInSession.objects.filter(person=person).count() == 2


def test_sign_out_everywhere_ends_every_session_of_the_person_only(db):
    person, other = PersonFactory(), PersonFactory()
    laptop, phone = _browser(person, FIREFOX), _browser(person, SAFARI)
    theirs = _browser(other, FIREFOX)

    response = laptop.post(reverse("access:sessions_end"))

    assert response["Location"] == reverse("login")
    assert phone.get(reverse("dashboard")).status_code == 302
    assert laptop.get(reverse("dashboard")).status_code == 302
    assert theirs.get(reverse("dashboard")).status_code == 200
    assert not SignInSession.objects.filter(person=person).exists()
    assert AuditEntry.objects.get(action="access.sign_out_everywhere").details == {"sessions": 2}


def test_sign_out_removes_the_session_from_the_list(db):
    person = PersonFactory()
    laptop = _browser(person, FIREFOX)

    laptop.post(reverse("logout"))

    assert not SignInSession.objects.filter(person=person).exists()


def test_an_idle_session_ends_after_the_configured_time(db, settings):
    settings.GMG_IDLE_MINUTES = 30
    person = PersonFactory()
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        browser = _browser(person, FIREFOX)
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        still = browser.get(reverse("dashboard"))
    with time_machine.travel(start + dt.timedelta(minutes=60), tick=False):
        idle = browser.get(reverse("dashboard"), follow=True)

    assert still.status_code == 200
    assert idle.redirect_chain[0][0].startswith(reverse("login"))
    assert "signed out after 30 minutes without activity" in idle.content.decode()
