"""What the application wrote is shown in the reader's language; what people wrote
stays as written: standing items, default meeting titles, frozen documents."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from agenda.enums import StandingItem
from agenda.models import standing_title
from agenda.text import frozen_meeting_title
from meetings.enums import Kind, Level
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

RENDER = Template("{% autoescape off %}{{ item|item_title }}{% endautoescape %}")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Adoption de l'ordre du jour"),
        ("es", "Aprobación del orden del día"),
        ("ar", "إقرار جدول الأعمال"),
        ("zh-hans", "通过议程"),
        ("ru", "Утверждение повестки дня"),
        ("en", "Adoption of the agenda"),
    ],
)
def test_a_standing_item_nobody_retitled_reads_in_the_readers_language(language, expected):
    item = {"standing": StandingItem.ADOPT_AGENDA, "title": "Adoption of the agenda"}

    with translation.override(language):
        assert RENDER.render(Context({"item": item})) == expected


def test_a_retitled_standing_item_stays_as_typed():
    with translation.override("fr"):
        assert standing_title(StandingItem.AOB, "Other matters, briefly") == (
            "Other matters, briefly"
        )


def test_an_item_people_wrote_stays_as_written():
    item = {"standing": "", "title": "Adoption of the agenda"}

    with translation.override("ru"):
        assert RENDER.render(Context({"item": item})) == "Adoption of the agenda"


def test_a_default_meeting_title_is_made_in_the_readers_language():
    meeting = MeetingFactory(
        title="Principals' meeting, Q1 2027",
        title_is_default=True,
        level=Level.PRINCIPALS,
        kind=Kind.REGULAR,
        start=datetime.datetime(2027, 2, 9, 9, tzinfo=datetime.UTC),
    )

    with translation.override("fr"):
        assert str(meeting) == "Réunion des dirigeants, T1 2027"
    with translation.override("zh-hans"):
        assert meeting.display_title == "2027年第1季度机构负责人会议"


def test_a_typed_meeting_title_stays_as_typed():
    meeting = MeetingFactory(title="Retreat in Nairobi", title_is_default=False)

    with translation.override("ar"):
        assert meeting.display_title == "Retreat in Nairobi"


def test_an_ad_hoc_title_carries_its_date_in_the_languages_format():
    header = {
        "meeting": "Ad hoc working-level meeting, 9 February 2027",
        "title_is_default": True,
        "level": Level.WORKING,
        "kind": Kind.AD_HOC,
        "local_date": "2027-02-09",
    }

    with translation.override("es"):
        assert frozen_meeting_title(header) == (
            "Reunión extraordinaria de nivel técnico, 9 de febrero de 2027"
        )
    with translation.override("ru"):
        assert frozen_meeting_title(header) == (
            "Внеочередное совещание рабочего уровня, 9 февраля 2027 г."
        )


def test_a_version_frozen_before_the_six_languages_shows_its_stored_title():
    with translation.override("fr"):
        assert frozen_meeting_title({"meeting": "Old title", "level": "principals"}) == (
            "Old title"
        )
