"""Ordinary but odd input never makes a server error.

Every URL with a number in it is opened by the secretariat (who may open
everything) with numbers no row or calendar can have: the answer is 404,
not 500.
"""

import pytest
from django.urls import reverse
from django.urls.converters import IntConverter

from tests.test_urls import ALL

WITH_NUMBERS = [
    (n, p)
    for n, p in ALL
    if any(isinstance(c, IntConverter) for c in p.pattern.converters.values())
]
HUGE = [10**19, 2**64, 12345678901234567890]


def _url_with(pattern, name, number):
    kwargs = {
        key: number if isinstance(converter, IntConverter) else "x"
        for key, converter in pattern.pattern.converters.items()
    }
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "pattern"), WITH_NUMBERS, ids=[n for n, _ in WITH_NUMBERS])
def test_url_with_a_number_out_of_range_is_not_found(client, secretariat, name, pattern):
    client.force_login(secretariat)
    for number in HUGE:
        url = _url_with(pattern, name, number)
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/archive/99999/",
        "/meetings/archive/12345678901234567890/",
        "/meetings/year/0/",
        "/meetings/month/2026/13/",
    ],
)
def test_calendar_out_of_range_is_not_found(client, secretariat, path):
    client.force_login(secretariat)
    assert client.get(path).status_code == 404
