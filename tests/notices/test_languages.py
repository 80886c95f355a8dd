"""Every e-mail the group sends, rendered in the six languages: in a language other
than English no English sentence is left (subject, body, the meeting's title, the
dates), and references stay left to right in Arabic."""

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from agenda.enums import ProposalState, StandingItem
from meetings.enums import Kind, Level
from notices.services import _render
from tests.factories import AgencyFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Every kind of notice: each <app>/email/<kind>.txt that has a subject beside it.
KINDS = sorted(
    str(path.relative_to(TEMPLATES)).removesuffix(".subject.txt")
    for path in TEMPLATES.glob("*/email/*.subject.txt")
)
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
# What people typed (names, titles, texts) is kept as written: one made-up word each,
# so that it can never look like an English sentence left untranslated.
TYPED = "Xylophor"


def _link():
    return SimpleNamespace(get_absolute_url=lambda: "/x/")


@pytest.fixture
def context():
    agency = AgencyFactory(name=TYPED, acronym="XYL")
    recipient = PersonFactory(agency=agency, full_name=TYPED, time_zone="Asia/Tokyo")
    meeting = MeetingFactory(
        title="Principals' meeting, Q1 2027",
        title_is_default=True,
        level=Level.PRINCIPALS,
        kind=Kind.REGULAR,
        start=datetime.datetime(2027, 2, 9, 9, tzinfo=datetime.UTC),
        end=datetime.datetime(2027, 2, 9, 12, tzinfo=datetime.UTC),
        venue=TYPED,
        registration_deadline=datetime.date(2027, 2, 2),
    )
    day = datetime.date(2027, 3, 15)
    deadline = datetime.datetime(2027, 3, 15, 16, tzinfo=datetime.UTC)
    chair = SimpleNamespace(name=TYPED, acronym="XYL")
    item = {
        "number": 1,
        "title": "Adoption of the agenda",
        "standing": StandingItem.ADOPT_AGENDA,
        "presenter_agency": "",
    }
    version = SimpleNamespace(
        number=2,
        reference="GMG/PM/2027/1/Rev.1",
        items_for_display=[item],
        changes=[{"kind": "added", "n": 2, "title": TYPED}],
        changes_in_words=["Added: 2. " + TYPED],
        get_absolute_url=lambda: "/v/",
    )
    procedure = SimpleNamespace(
        title=TYPED,
        text=TYPED,
        explanation=TYPED,
        chair=chair,
        deadline=deadline,
        time_zone="Europe/Zurich",
        withdrawn_reason=TYPED,
        get_absolute_url=lambda: "/p/",
    )
    return {
        "site_url": "https://gmg.example.org",
        "recipient": recipient,
        "person": recipient,
        "name": TYPED,
        "inviter": TYPED,
        "email": "xyl@example.org",
        "link": "https://gmg.example.org/l/",
        "meeting": meeting,
        "title": TYPED,
        "day": day,
        "date": day,
        "deadline": day,
        "days": 7,
        "ip_address": "192.0.2.10",
        "start": day,
        "end": day,
        "agency": TYPED,
        "term": SimpleNamespace(agency=chair, start=day, end=day),
        "ref": "GMG/PM/2027/1/Min",
        "version": version,
        "proposal": SimpleNamespace(
            title=TYPED,
            state=ProposalState.DEFERRED,
            get_state_display=lambda: ProposalState.DEFERRED.label,
            meeting=meeting,
            decision_note=TYPED,
            late=True,
            get_absolute_url=lambda: "/q/",
        ),
        "point": SimpleNamespace(text=TYPED, due=day, get_absolute_url=lambda: "/a/"),
        "points": [
            SimpleNamespace(text=TYPED, due=day, meeting=meeting, get_absolute_url=lambda: "/a/")
        ]
        * 2,
        "count": 2,
        "total": 5,
        "more": 3,
        "groups": [
            {
                "meeting": meeting,
                "url": "/m/",
                "comments": [
                    SimpleNamespace(
                        agency=chair, section=SimpleNamespace(number=1, title=TYPED), text=TYPED
                    )
                ],
            }
        ],
        "minutes": _link(),
        "edition": SimpleNamespace(
            number=2, reference="GMG/PM/2027/1/Min/Corr.1", reason=TYPED, is_corrigendum=True
        ),
        "procedure": procedure,
        "decision": SimpleNamespace(reference="GMG/DEC/2027/1", get_absolute_url=lambda: "/d/"),
        "objections": [SimpleNamespace(agency="XYL", name=TYPED, text=TYPED)],
        "extension": SimpleNamespace(reason=TYPED),
        "document": SimpleNamespace(title=TYPED, get_absolute_url=lambda: "/f/"),
        "announcement": SimpleNamespace(subject=TYPED, body=TYPED, author=recipient),
        "subject": TYPED,
        "text": TYPED,
        "chair": chair,
    }


# Where one name means another thing in one kind of notice.
OVERRIDES = {"access/email/locked": {"minutes": 15}}


def _sentences(text: str) -> set[str]:
    """The English sentences of a rendered e-mail: runs of three words or more, cut at
    line ends and sentence ends, without addresses, codes or what people typed."""
    found = set()
    for line in text.splitlines():
        for part in re.split(r"(?<=[.:;!?])\s+|[()“”\"]", line):
            part = re.sub(r"https?://\S+|\S+@\S+|GMG/\S+|" + TYPED, " ", part)
            words = re.findall(r"[A-Za-z][A-Za-z'’-]+", part)
            if len(words) >= 3:
                found.add(" ".join(words))
    return found


def test_every_kind_of_notice_is_found():
    assert len(KINDS) >= 25
    assert "meetings/email/invitation" in KINDS
    assert "minutes/email/minutes_published" in KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_a_notice_in_another_language_has_no_english_sentence_left(kind, context):
    context = {**context, **OVERRIDES.get(kind, {})}
    english_subject, english_text, _html = _render(kind, context, "en")
    english = _sentences(english_subject + "\n" + english_text)
    assert english, f"{kind}: the English rendering has no sentence to compare"

    for language in OTHER_LANGUAGES:
        subject, text, _html = _render(kind, context, language)
        words = " ".join(re.findall(r"[A-Za-z][A-Za-z'’-]+", subject + "\n" + text))
        left = {sentence for sentence in english if sentence in words}
        assert not left, f"{kind} in {language}: English left: {sorted(left)}"


def test_an_invitation_carries_the_meeting_title_and_dates_of_its_language(context):
    _subject, text, _html = _render("meetings/email/invitation", context, "fr")
    assert "Réunion des dirigeants, T1 2027" in text
    assert "9 février 2027, 10:00" in text

    _subject, text, _html = _render("meetings/email/invitation", context, "zh-hans")
    assert "2027年第1季度机构负责人会议" in text
    assert "2027年2月9日" in text


def test_an_arabic_subject_keeps_the_reference_left_to_right(context):
    subject, _text, _html = _render("agenda/email/agenda_published", context, "ar")

    assert "\u2066GMG/PM/2027/1/Rev.1\u2069" in subject
    assert "جدول الأعمال المنقَّح" in subject


def test_the_html_part_says_its_language_and_direction(context):
    _subject, _text, html = _render("meetings/email/cancelled", context, "ar")

    assert '<html lang="ar" dir="rtl">' in html
