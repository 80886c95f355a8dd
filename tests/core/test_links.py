"""core.links.id_url: the same links as reverse(), the URLconf walked once per name."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from core.links import id_url, id_url_maker


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("minutes:action_point", (7,)),
        ("minutes:minutes", (123456,)),
        ("minutes:action_point_edit", (12, 3)),
        ("agenda:version", (5, 2)),
        ("agenda:proposal_detail", (1,)),
        ("meetings:detail", (0,)),
    ],
)
def test_id_url_is_what_reverse_gives(name, ids):
    assert id_url(name, *ids) == reverse(name, args=ids)


def test_id_url_follows_the_script_prefix():
    set_script_prefix("/gmg/")
    try:
        assert id_url("minutes:action_point", 9) == "/gmg/minutes/action-points/9/"
        assert id_url("minutes:action_point", 9) == reverse("minutes:action_point", args=[9])
    finally:
        clear_script_prefix()
    assert id_url("minutes:action_point", 9) == "/minutes/action-points/9/"


def test_id_url_hands_anything_but_integer_ids_to_reverse():
    assert id_url("minutes:action_point", "9") == "/minutes/action-points/9/"
    with pytest.raises(NoReverseMatch):
        id_url("minutes:action_point", None)
    with pytest.raises(NoReverseMatch):
        id_url("no-such-page", 1)


def test_id_url_tag_in_a_template():
    template = engines["django"].from_string('<a href="{% id_url "minutes:minutes" pk %}">x</a>')

    assert template.render({"pk": 41}) == f'<a href="{reverse("minutes:minutes", args=[41])}">x</a>'


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("minutes:action_point", (7,)),
        ("minutes:action_point_edit", (12, 3)),
        ("agenda:version", (5, 2)),
    ],
)
def test_id_url_maker_gives_what_reverse_gives(name, ids):
    url = id_url_maker(name, len(ids))

    assert url(*ids) == reverse(name, args=ids)
    assert url(*(i + 40 for i in ids)) == reverse(name, args=[i + 40 for i in ids])


def test_id_url_maker_hands_what_is_not_an_integer_id_to_reverse():
    url = id_url_maker("minutes:action_point", 1)

    assert url("7") == reverse("minutes:action_point", args=["7"])
    with pytest.raises(NoReverseMatch):
        url("seven")
