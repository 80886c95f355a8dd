"""The outcome of a silence procedure in each official language switched on: one PDF each."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.documents.selectors import documents_of
from decisions import services
from decisions.pdf import OUTCOME_PDF, outcome_pdf_html
from tests.documents import SIX_LANGUAGES
from tests.pdf_checks import assert_pdf_ua, missing_glyphs, text_of, xmp

pytestmark = pytest.mark.django_db

# The outcome, the responses' heading and the deadline's date (Monday 22 March 2027)
# as each catalogue has them. (In Arabic the words: a PDF's text runs mixing Arabic
# and digits come out in visual order.)
KNOWN = {
    "en": ("Adopted: no objection stood at the deadline", "Responses", "Monday 22 March 2027"),
    "fr": (
        "Adoptée : aucune objection n'était maintenue à l'échéance",
        "Réponses",
        "lundi 22 mars 2027",
    ),
    "es": (
        "Adoptada: ninguna objeción se mantenía al vencer el plazo",
        "Respuestas",
        "22 de marzo de 2027",
    ),
    "ru": (
        "Принято: на момент истечения срока возражений не осталось",
        "Ответы",
        "22 марта 2027 г.",
    ),
    "ar": ("لم يبقَ أي اعتراض قائماً عند الموعد النهائي", "الردود", "مارس"),
    "zh-hans": ("已通过：截止时没有有效异议", "答复", "2027年3月22日"),
}


@pytest.fixture
def adopted(settings, circulated, focal_a, focal_b, chair_office, worker):
    """Adopted at its deadline, with a comment, an objection withdrawn and an extension."""
    settings.GMG_DOCUMENT_LANGUAGES = SIX_LANGUAGES
    services.response_add(
        procedure=circulated, actor=focal_b, kind="comment", text="Nous appuyons le texte."
    )
    objection = services.response_add(
        procedure=circulated, actor=focal_a, kind="objection", text="Paragraph 2 «as is»."
    )
    services.objection_withdraw(response=objection, actor=focal_a)
    with time_machine.travel(circulated.deadline, tick=False), worker():
        services.procedures_close_due()
    circulated.refresh_from_db()
    return circulated


def test_the_outcome_is_one_pdf_per_language_under_the_one_reference(adopted):
    documents = {d.language: d for d in documents_of(adopted, OUTCOME_PDF)}
    assert sorted(documents) == sorted(SIX_LANGUAGES)

    for language, document in documents.items():
        assert document.state == "ready", document.error
        assert document.file.name.endswith(f"/GMG-DEC-2027-1-{language}.pdf")
        data = document.file.read()

        assert_pdf_ua(data, lang=language)
        assert missing_glyphs(data) == []
        assert (xmp(data)["pdfaid:part"], xmp(data)["pdfuaid:part"]) == ("2", "1")
        text = text_of(data)
        outcome, responses, date = KNOWN[language]
        assert outcome in text, language
        assert responses in text, language
        assert date.lower() in text.lower(), language
        # The reference is the same in every language; people's text stays as written.
        assert "GMG/DEC/2027/1" in text
        assert "Joint statement on migrant workers' rights" in text
        assert "Nous appuyons le texte." in text
        assert "Paragraph 2 «as is»." in text
        with translation.override(language):
            page = translation.gettext("Page %(number)s of %(count)s") % {"number": 1, "count": 1}
            kind = translation.gettext("Comment (does not break silence)")
        if language == "ar":
            assert "الصفحة" in text
        else:
            assert " ".join(page.split()) in text
            assert " ".join(kind.split()) in text


def test_the_arabic_outcome_is_right_to_left_and_keeps_references_left_to_right(adopted):
    arabic = outcome_pdf_html(adopted, "ar")
    english = outcome_pdf_html(adopted, "en")

    assert '<html lang="ar" dir="rtl">' in arabic
    assert "@top-left" in arabic  # the running head mirrored
    assert '<bdi dir="ltr">GMG/DEC/2027/1</bdi>' in arabic
    assert '<bdi dir="ltr">Europe/Zurich</bdi>' in arabic
    # A title written in English keeps its own direction inside the Arabic page.
    assert '<h1 dir="ltr">Joint statement' in arabic
    assert '<html lang="en" dir="ltr">' in english
    assert "@top-right" in english


def test_a_broken_silence_says_so_in_each_language(settings, circulated, focal_a, worker):
    settings.GMG_DOCUMENT_LANGUAGES = ["fr", "ar"]
    services.response_add(procedure=circulated, actor=focal_a, kind="objection", text="No.")

    with time_machine.travel(circulated.deadline, tick=False), worker():
        services.procedures_close_due()

    documents = {d.language: d for d in documents_of(circulated, OUTCOME_PDF)}
    assert sorted(documents) == ["ar", "fr"]
    french = text_of(documents["fr"].file.read())
    assert "Silence rompu : non adoptée" in french
    assert "Rompt le silence (objection)" in french
    assert "GMG/DEC" not in french  # nothing was adopted: no decision, no reference
    assert "كُسر الصمت" in text_of(documents["ar"].file.read())


def test_the_procedure_and_decision_pages_offer_each_language_named_in_itself(
    client, settings, circulated, focal_a, worker, monkeypatch
):
    from decisions import pdf

    settings.GMG_DOCUMENT_LANGUAGES = ["en", "fr", "ar"]
    monkeypatch.setattr(pdf, "outcome_pdf_bytes", lambda procedure, language: b"%PDF-1.7")
    with time_machine.travel(circulated.deadline, tick=False), worker():
        services.procedures_close_due()
    circulated.refresh_from_db()
    client.force_login(focal_a)

    for url in (circulated.get_absolute_url(), circulated.decision.get_absolute_url()):
        page = client.get(url).content.decode()
        assert '<span lang="fr" dir="ltr">(français)</span>' in page
        assert '<span lang="ar" dir="rtl">(العربيّة)</span>' in page
        # In the order the languages are switched on.
        order = [page.index(f'hreflang="{code}"') for code in ("en", "fr", "ar")]
        assert order == sorted(order)

    french = next(d for d in documents_of(circulated, OUTCOME_PDF) if d.language == "fr")
    response = client.get(reverse("documents:download", args=[french.pk]))
    assert 'filename="GMG-DEC-2027-1-fr.pdf"' in response["Content-Disposition"]
    assert response["Content-Language"] == "fr"


def test_the_procedure_page_costs_the_same_queries_for_six_languages_as_for_one(
    client, settings, make_procedure, chair_office, focal_a, worker, monkeypatch
):
    from decisions import pdf

    monkeypatch.setattr(pdf, "outcome_pdf_bytes", lambda procedure, language: b"%PDF-1.7")
    client.force_login(focal_a)
    counts = {}
    for hours, languages in ((24, ["en"]), (30, SIX_LANGUAGES)):
        settings.GMG_DOCUMENT_LANGUAGES = languages
        procedure = make_procedure(hours=hours)
        with worker():
            services.procedure_transition(procedure=procedure, to="circulated", actor=chair_office)
        with time_machine.travel(procedure.deadline, tick=False), worker():
            services.procedures_close_due()
        procedure.refresh_from_db()
        assert len(documents_of(procedure, OUTCOME_PDF)) == len(languages)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(procedure.get_absolute_url()).status_code == 200
        counts[len(languages)] = len(queries)
    assert counts[6] == counts[1]
