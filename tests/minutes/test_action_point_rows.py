"""The rows of a table of action points (minutes.templatetags.action_points), as a person
and a screen reader get them on the minutes page."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from minutes import services
from minutes.selectors import sections_of
from tests.factories import AgencyFactory
from tests.minutes.conftest import AFTER_MEETING

pytestmark = pytest.mark.django_db


def _row(body: str, needle: str) -> str:
    rows = [row for row in re.findall(r"<tr>.*?</tr>", body, re.S) if needle in row]
    assert len(rows) == 1
    return rows[0]


def test_a_row_shows_the_text_cut_short_escaped_its_owners_due_day_and_overdue_badge(
    client, secretariat, circulated, section, chair_office, attending_agency
):
    other = AgencyFactory(acronym="AAA")
    long_text = "Send <b>the</b> note " + "x" * 200
    late = services.action_point_save(
        section=section,
        actor=chair_office,
        text=long_text,
        agencies=[attending_agency, other],
        due=datetime.date(2027, 5, 1),
        person="Ana <Ruiz>",
    )
    services.action_point_save(
        section=section,
        actor=chair_office,
        text="Later one",
        agencies=[attending_agency],
        due=datetime.date(2027, 9, 1),
    )
    client.force_login(secretariat)

    with time_machine.travel(AFTER_MEETING):
        body = client.get(reverse("minutes:minutes", args=[circulated.meeting_id])).content
    body = body.decode()

    row = _row(body, late.get_absolute_url())
    cut = long_text[:139] + "…"
    assert (
        f'<a href="{late.get_absolute_url()}">{cut.replace("<", "&lt;").replace(">", "&gt;")}</a>'
        in row
    )
    assert '<span class="text-body-secondary">(Ana &lt;Ruiz&gt;)</span>' in row
    assert f"<td>AAA and {attending_agency.acronym}</td>" in row
    assert '1 May 2027 <span class="badge text-bg-danger">overdue</span>' in row
    assert f'<a href="#section-{section.number}">{section.number}.</a>' in row
    later = _row(body, "Later one")
    assert "overdue" not in later
    assert "text-body-secondary" not in later


def test_the_edit_link_is_named_for_its_action_point_only_for_those_who_may_edit(
    client, chair_office, member_focal, circulated, action_point
):
    url = reverse("minutes:minutes", args=[circulated.meeting_id])
    edit = reverse("minutes:action_point_edit", args=[circulated.meeting_id, action_point.pk])

    client.force_login(chair_office)
    row = _row(client.get(url).content.decode(), action_point.get_absolute_url())
    client.force_login(member_focal)
    reader = client.get(url).content.decode()
    assert action_point.get_absolute_url() in reader

    assert (
        f'<a class="btn btn-sm btn-outline-primary" href="{edit}">Edit'
        '<span class="visually-hidden">: Share the data note with all members</span></a>'
    ) in row
    assert edit not in reader


def test_a_table_without_action_points_says_so(client, chair_office, minutes):
    client.force_login(chair_office)

    body = client.get(reverse("minutes:minutes", args=[minutes.meeting_id])).content.decode()

    assert '<tr><td colspan="7">No action point.</td></tr>' in body


def test_sections_bring_each_point_s_owners_by_acronym_one_object_per_agency(
    circulated, section, chair_office, attending_agency, django_assert_num_queries
):
    other = AgencyFactory(acronym="AAA", name="Triple A")
    for text in ("First", "Second"):
        services.action_point_save(
            section=section,
            actor=chair_office,
            text=text,
            agencies=[attending_agency, other],
            due=datetime.date(2027, 7, 1),
        )

    sections = sections_of(circulated, user=chair_office)
    first, second = next(s for s in sections if s.pk == section.pk).point_list

    assert [a.acronym for a in first.owners] == ["AAA", attending_agency.acronym]
    assert first.owners[0] is second.owners[0]
    with django_assert_num_queries(1):  # a column the page does not show, read when asked
        assert first.owners[0].name == "Triple A"
