"""The month page in the reader's language: the heading capitalized as a heading, the
weekdays with the CLDR's names."""

import re

import pytest
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading", "monday", "sunday"),
    [
        ("en", "February 2027", "Monday", "Sunday"),
        ("fr", "Février 2027", "lundi", "dimanche"),
        ("es", "Febrero de 2027", "lunes", "domingo"),
        ("ru", "Февраль 2027 г.", "понедельник", "воскресенье"),
        ("zh-hans", "2027年2月", "星期一", "星期日"),
        ("ar", "فبراير 2027", "الاثنين", "الأحد"),
    ],
)
def test_the_month_page_names_the_month_and_the_days(client, language, heading, monday, sunday):
    client.force_login(PersonFactory(language=language))

    html = client.get(reverse("meetings:month", args=[2027, 2])).content.decode()

    assert f"<h1>{heading}</h1>" in html
    days = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert days[0] == monday
    assert days[-1] == sunday
