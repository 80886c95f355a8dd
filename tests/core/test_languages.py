"""The six languages: each page says its language and direction, Arabic loads the
right-to-left Bootstrap, references stay left to right, the profile offers all six."""

import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SIX = ["ar", "zh-hans", "en", "fr", "ru", "es"]


def test_the_site_offers_the_six_official_languages_of_the_un():
    assert [code for code, _name in settings.LANGUAGES] == SIX


@pytest.mark.parametrize("language", SIX)
def test_every_page_carries_its_language_and_direction(client, language):
    client.force_login(PersonFactory(language=language))

    html = client.get(reverse("dashboard")).content.decode()

    direction = "rtl" if language == "ar" else "ltr"
    assert re.search(rf'<html lang="{language}" dir="{direction}">', html)
    stylesheet = "bootstrap.rtl.min.css" if language == "ar" else "bootstrap.min.css"
    assert f"bootstrap/css/{stylesheet}" in html
    other = "bootstrap.min.css" if language == "ar" else "bootstrap.rtl.min.css"
    assert f"bootstrap/css/{other}" not in html


def test_the_sign_in_page_follows_the_language_switch_signed_out(client):
    client.post(reverse("set_language"), {"language": "ar", "next": "/accounts/sign-in/"})

    html = client.get(reverse("login")).content.decode()

    assert '<html lang="ar" dir="rtl">' in html


def test_a_reference_stays_left_to_right_inside_arabic():
    template = Template("{{ ref|ltr }}")

    html = template.render(Context({"ref": "GMG/PM/2027/2"}))

    assert html == '<bdi dir="ltr">GMG/PM/2027/2</bdi>'


def test_the_ltr_filter_escapes_what_it_wraps():
    html = Template("{{ ref|ltr }}").render(Context({"ref": "<b>x</b>"}))

    assert html == '<bdi dir="ltr">&lt;b&gt;x&lt;/b&gt;</bdi>'


def test_in_plain_text_a_reference_is_isolated_only_in_a_right_to_left_language():
    template = Template("{% autoescape off %}{{ ref|ltr_text }}{% endautoescape %}")
    context = {"ref": "GMG/PM/2027/2"}

    with translation.override("ar"):
        arabic = template.render(Context(context))
    with translation.override("fr"):
        french = template.render(Context(context))

    assert arabic == "\u2066GMG/PM/2027/2\u2069"
    assert french == "GMG/PM/2027/2"


def test_the_profile_names_each_language_in_itself_and_saves_arabic(client):
    person = PersonFactory(language="en")
    client.force_login(person)

    html = client.get(reverse("profile")).content.decode()
    for name in ("العربيّة", "简体中文", "English", "Français", "Русский", "Español"):
        assert name in html

    client.post(
        reverse("profile"),
        {"full_name": "Amal", "language": "ar", "time_zone": "Asia/Dubai"},
    )
    person.refresh_from_db()
    assert person.language == "ar"
    assert '<html lang="ar" dir="rtl">' in client.get(reverse("dashboard")).content.decode()
