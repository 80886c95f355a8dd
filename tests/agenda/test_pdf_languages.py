"""The agenda in each official language the secretariat switched on: one PDF each."""

import zoneinfo

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from agenda import services
from agenda.models import Agenda
from agenda.pdf import AGENDA_PDF, agenda_pdf_html
from core.documents.selectors import documents_of
from core.documents.services import documents_request
from tests.documents import SIX_LANGUAGES, render_each_language
from tests.pdf_checks import assert_pdf_ua, missing_glyphs, text_of, xmp

pytestmark = pytest.mark.django_db

# The heading and the first standing item, as each catalogue has them; the date of
# the meeting (Tuesday 11 May 2027) in each language's words and order. (In Arabic
# the words: a PDF's text runs mixing Arabic and digits come out in visual order.)
KNOWN = {
    "en": ("Provisional agenda:", "1. Adoption of the agenda", "Tuesday 11 May 2027"),
    "fr": ("Ordre du jour provisoire", "1. Adoption de l'ordre du jour", "mardi 11 mai 2027"),
    "es": ("Orden del día provisional", "1. Aprobación del orden del día", "11 de mayo de 2027"),
    "ru": ("Предварительная повестка дня", "1. Утверждение повестки дня", "11 мая 2027 г."),
    "ar": ("جدول الأعمال المؤقت", "إقرار جدول الأعمال", "الثلاثاء"),
    "zh-hans": ("临时议程", "1. 通过议程", "2027年5月11日 星期二"),
}


@pytest.fixture
def version(settings, meeting, chair_office, proposer):
    settings.GMG_DOCUMENT_LANGUAGES = SIX_LANGUAGES
    agenda = Agenda.objects.get(meeting=meeting)
    services.agenda_item_save(
        agenda=agenda,
        actor=chair_office,
        version=agenda.version,
        title="Coastal remittances: the «Kenya» pilot",
        description="Written by the proposer, kept as written.",
        minutes=20,
        presenter_agency=proposer.agency,
    )
    return services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)


def test_publishing_renders_one_pdf_per_language_under_the_one_reference(version):
    documents = render_each_language(version, AGENDA_PDF)
    assert sorted(documents) == sorted(SIX_LANGUAGES)

    for language, document in documents.items():
        assert document.file.name.endswith(f"-{language}.pdf")
        data = document.file.read()

        assert_pdf_ua(data, lang=language)
        assert missing_glyphs(data) == []
        assert (xmp(data)["pdfaid:part"], xmp(data)["pdfuaid:part"]) == ("2", "1")
        text = text_of(data)
        heading, standing, date = KNOWN[language]
        assert heading in text
        assert standing in text
        assert date.lower() in text.lower()  # a weekday may open the cell with a capital
        # The reference is the same in every language; people's text stays as written.
        assert "GMG/PM/2027/1" in text
        assert "Coastal remittances: the «Kenya» pilot" in text
        assert "Written by the proposer, kept as written." in text
        with translation.override(language):
            page = translation.gettext("Page %(number)s of %(count)s") % {"number": 1, "count": 1}
        if language == "ar":
            assert "مايو" in text
            assert "الصفحة" in text
        else:
            assert " ".join(page.split()) in text


def test_the_arabic_page_is_right_to_left_and_the_others_left_to_right(version):
    arabic = agenda_pdf_html(version, "ar")
    chinese = agenda_pdf_html(version, "zh-hans")

    assert '<html lang="ar" dir="rtl">' in arabic
    assert "@top-left" in arabic  # the running head mirrored
    assert '<bdi dir="ltr">GMG/PM/2027/1</bdi>' in arabic  # the reference kept left to right
    assert '<html lang="zh-hans" dir="ltr">' in chinese
    assert '"第 " counter(page) " 页' in chinese


def test_the_times_are_the_meetings_whatever_zone_the_thread_was_left_in(version):
    # A request leaves its reader's zone active in the thread (the eager worker's too).
    timezone.activate(zoneinfo.ZoneInfo("America/New_York"))
    try:
        html = agenda_pdf_html(version, "en")
    finally:
        timezone.deactivate()

    assert "10:00–13:00 (<bdi" in html  # 08:00 UTC in Zurich's summer, not New York's 04:00


def test_the_version_page_offers_each_language_named_in_itself(client, version, chair_office):
    for document in documents_of(version, AGENDA_PDF):
        document.file.save(f"a-{document.language}.pdf", ContentFile(b"%PDF-1.7"), save=False)
        document.state = "ready"
        document.save()
    client.force_login(chair_office)

    page = client.get(version.get_absolute_url()).content.decode()

    # Named as the language menu names them (Django's name_local).
    for code, name in [("fr", "français"), ("es", "español"), ("ru", "Русский")]:
        assert f'hreflang="{code}"' in page
        assert f'<span lang="{code}" dir="ltr">({name})</span>' in page
    assert '<span lang="ar" dir="rtl">(العربيّة)</span>' in page
    assert 'hreflang="zh-hans"' in page
    # In the order the languages are switched on.
    assert page.index('hreflang="en"') < page.index('hreflang="fr"') < page.index('hreflang="ar"')

    french = next(d for d in documents_of(version, AGENDA_PDF) if d.language == "fr")
    response = client.get(reverse("documents:download", args=[french.pk]))
    assert 'filename="GMG-PM-2027-1-fr.pdf"' in response["Content-Disposition"]
    assert response["Content-Language"] == "fr"


def test_the_page_costs_the_same_queries_for_six_languages_as_for_one(
    client, settings, meeting, chair_office
):
    agenda = Agenda.objects.get(meeting=meeting)
    client.force_login(chair_office)
    counts = {}
    for languages in (["en"], SIX_LANGUAGES):
        settings.GMG_DOCUMENT_LANGUAGES = languages
        version = _publish_again(agenda, chair_office)
        assert len(documents_of(version, AGENDA_PDF)) == len(languages)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(version.get_absolute_url()).status_code == 200
        counts[len(languages)] = len(queries)
    assert counts[6] == counts[1]


def _publish_again(agenda, chair_office):
    agenda.refresh_from_db()
    services.agenda_item_save(
        agenda=agenda, actor=chair_office, version=agenda.version, title="Another", minutes=5
    )
    agenda.refresh_from_db()
    return services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)


def test_a_language_switched_off_is_no_longer_offered(settings, version):
    settings.GMG_DOCUMENT_LANGUAGES = ["en", "fr"]

    documents_request(owner=version, kind=AGENDA_PDF)

    version.refresh_from_db()
    assert sorted(d.language for d in version.documents.all()) == ["en", "fr"]
