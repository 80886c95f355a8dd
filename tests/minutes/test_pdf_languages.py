"""The circulated draft and each edition in every language switched on for the group."""

import zoneinfo

import pytest
from django.utils import timezone
from pypdf import PdfReader

from minutes.pdf import DRAFT_PDF, EDITION_PDF, minutes_pdf_html
from tests.documents import SIX_LANGUAGES, render_each_language
from tests.pdf_checks import assert_pdf_ua, missing_glyphs, text_of, xmp

pytestmark = pytest.mark.django_db

# Standing text each catalogue gives: the title's start, an annex, the draft's mark.
KNOWN = {
    "en": ("Minutes:", "Annex II. Action points", "DRAFT"),
    "fr": ("Procès-verbal :", "Annexe II. Mesures de suivi", "PROJET"),
    "es": ("Acta:", "Anexo II. Medidas de seguimiento", "PROYECTO"),
    "ru": ("Протокол:", "Приложение II. Поручения", "ПРОЕКТ"),
    "ar": ("الفريق العالمي المعني بالهجرة", "بنود العمل", "مشروع"),  # (the title mixes scripts)
    "zh-hans": ("会议纪要：", "附件二：行动事项", "草案"),
}


@pytest.fixture
def six(settings):
    settings.GMG_DOCUMENT_LANGUAGES = SIX_LANGUAGES


def test_each_language_has_its_own_edition_in_its_words(six, published, section):
    section.summary_html = "<p>The members agreed on the «Kenya» pilot.</p>"
    section.save()
    editions = render_each_language(published.editions.get(), EDITION_PDF)

    assert sorted(editions) == sorted(SIX_LANGUAGES)
    for language, document in editions.items():
        data = document.file.read()
        assert document.file.name.endswith(f"-{language}.pdf")
        assert_pdf_ua(data, lang=language)
        assert missing_glyphs(data) == []
        assert (xmp(data)["pdfaid:part"], xmp(data)["pdfaid:conformance"]) == ("2", "A")
        text = text_of(data)
        title, annex, draft = KNOWN[language]
        assert title in text
        assert annex in text
        assert draft not in text.split()
        assert "GMG/PM/2027/1/Min" in text
        assert "Labour migration statistics" in text  # a title someone wrote: as written


def test_the_circulated_draft_is_marked_draft_on_every_page_in_each_language(six, circulated):
    drafts = render_each_language(circulated, DRAFT_PDF)

    assert sorted(drafts) == sorted(SIX_LANGUAGES)
    for language, document in drafts.items():
        data = document.file.read()
        assert_pdf_ua(data, lang=language)
        assert missing_glyphs(data) == []
        assert "pdfaid:part" not in xmp(data)
        mark = KNOWN[language][2]
        pages = [page.extract_text() for page in PdfReader(document.file.open("rb")).pages]
        assert all(mark in page for page in pages), language


def test_the_times_are_the_meetings_whatever_zone_the_thread_was_left_in(published):
    edition = published.editions.get()
    # A request leaves its reader's zone active in the thread (the eager worker's too).
    timezone.activate(zoneinfo.ZoneInfo("America/New_York"))
    try:
        html = minutes_pdf_html(edition.snapshot, draft=False, edition=edition, language="en")
    finally:
        timezone.deactivate()

    assert "10:00–13:00 (<bdi" in html  # 08:00 UTC in Zurich's summer, not New York's 04:00
