"""The agencies owning an action point read as a list of the reader's language."""

import datetime

import pytest
from django.urls import reverse

from minutes import services
from tests.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "owners"),
    [
        ("en", "ATT, CHAIR and ILO"),
        ("fr", "ATT, CHAIR et ILO"),
        ("ar", "ATT وCHAIR وILO"),
        ("zh-hans", "ATT、CHAIR和ILO"),
        ("ru", "ATT, CHAIR и ILO"),
    ],
)
def test_the_owners_of_an_action_point_read_as_a_list(
    client, section, chair_office, attending_agency, chair_agency, language, owners
):
    point = services.action_point_save(
        section=section,
        actor=chair_office,
        text="Share the data note",
        agencies=[attending_agency, chair_agency, AgencyFactory(acronym="ILO")],
        due=datetime.date(2027, 6, 30),
    )
    client.force_login(PersonFactory(secretariat=True, language=language))

    html = client.get(reverse("minutes:action_point", args=[point.pk])).content.decode()

    assert f'<dd class="col-sm-9">{owners}</dd>' in html


def test_the_history_of_an_action_point_reads_in_the_readers_language(
    client, section, chair_office, attending_agency
):
    point = services.action_point_save(
        section=section,
        actor=chair_office,
        text="Share the data note",
        agencies=[attending_agency],
        due=datetime.date(2027, 6, 30),
    )
    services.action_point_set_status(action_point=point, actor=chair_office, status="done")
    client.force_login(PersonFactory(secretariat=True, language="fr"))

    html = client.get(reverse("minutes:action_point", args=[point.pk])).content.decode()

    arrow = '<span class="dir-arrow">→</span>'
    # The fields' names, the states and the date in French; the codes and ISO dates the
    # history keeps are not shown.
    assert f"Statut: Ouverte {arrow} Exécutée" in html
    assert f"Échéance: — {arrow} 30 juin 2027" in html
    assert f"Sous la responsabilité de: — {arrow} ATT" in html
    assert "status:" not in html
    assert "2027-06-30" not in html


def test_a_russian_sentence_ending_with_a_date_ends_once(client, circulated, member_focal):
    """Russian dates end with the year's abbreviation and its period: no second one."""
    member_focal.language = "ru"
    member_focal.save(update_fields=["language"])
    client.force_login(member_focal)

    html = client.get(reverse("minutes:minutes", args=[circulated.meeting_id])).content.decode()

    assert "Разослан для замечаний до " in html
    assert "г.</p>" in html
    assert "г..</p>" not in html
