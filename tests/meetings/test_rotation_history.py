"""The rotation's history says, in words, which agencies were swapped, skipped or moved."""

import datetime

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import ChairTerm

D = datetime.date
pytestmark = pytest.mark.django_db


def _terms():
    return list(ChairTerm.objects.order_by("start"))


def test_the_history_names_the_agencies_swapped_skipped_and_moved(
    client, rotation, secretariat, today
):
    services.chair_rotation_extend(until=D(2028, 7, 1), start=D(2027, 7, 1), actor=secretariat)
    first, second = _terms()[:2]
    services.chair_term_swap(term=first, other=second, actor=secretariat, reason="Host year")
    services.chair_term_skip(term=_terms()[0], actor=secretariat, reason="Cannot host")
    services.agency_rotation_move(agency=rotation[2], direction="up", actor=secretariat)
    client.force_login(secretariat)

    page = client.get(reverse("meetings:rotation")).content.decode()

    assert "AAA and BBB swapped terms (1 Jul 2027–31 Dec 2027 and 1 Jan 2028–30 Jun 2028)." in page
    assert "BBB skipped: AAA takes the term 1 Jul 2027–31 Dec 2027, later terms move up." in page
    assert "CCC moved up in the order: AAA, CCC, BBB." in page
    assert "Rotation extended: AAA 1 Jul 2027–31 Dec 2027; BBB 1 Jan 2028–30 Jun 2028" in page
