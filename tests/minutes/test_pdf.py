import datetime
import io
import time

import pytest
from pypdf import PdfReader

from agenda import services as agenda_services
from agenda.models import Agenda
from core.documents.services import document_render, document_retry
from meetings.models import Delegate
from minutes import services
from minutes.models import ActionPoint, MinutesSection
from minutes.pdf import DRAFT_PDF, EDITION_PDF
from tests.documents import render
from tests.factories import AgencyFactory, PersonFactory
from tests.minutes.conftest import AFTER_MEETING
from tests.pdf_checks import assert_pdf_ua, catalog, missing_glyphs, xmp

pytestmark = pytest.mark.django_db


def _big_minutes(meeting, chair_office, chair_agency):
    agenda = Agenda.objects.get(meeting=meeting)
    for n in range(26):  # + the four standing items = 30
        agenda_services.agenda_item_save(
            agenda=agenda, actor=chair_office, version=agenda.version, title=f"Topic {n}", minutes=5
        )
    agenda_services.agenda_publish(agenda=agenda, actor=chair_office, version=agenda.version)
    minutes = services.minutes_start(meeting=meeting, actor=chair_office)
    agencies = [AgencyFactory(acronym=f"AG{n:02d}", name=f"Agency {n:02d}") for n in range(12)]
    for number, agency in enumerate(agencies):
        for k in range(2):
            person = PersonFactory(agency=agency, full_name=f"Delegate {number}-{k}")
            Delegate.objects.create(
                meeting=meeting, agency=agency, person=person, rsvp="in_person", is_head=k == 0
            )
    sections = list(minutes.sections.order_by("number"))
    for section in sections:
        MinutesSection.objects.filter(pk=section.pk).update(
            summary_html=f"<p>Item {section.number}: <strong>members agreed</strong>.</p>"
            + "<p>"
            + "The group exchanged views on the subject. " * 12
            + "</p>",
            decisions_html=(
                f"<ul><li>Decision {section.number}.1</li><li>Decision {section.number}.2</li></ul>"
            ),
        )
    for n in range(100):
        point = ActionPoint.objects.create(
            minutes=minutes,
            meeting=meeting,
            section=sections[n % 30],
            text=f"Action point text {n:03d}",
            due=datetime.date(2027, 6, 1) + datetime.timedelta(days=n),
        )
        point.agencies.set([agencies[n % 12], chair_agency])
    return minutes


def _text(filefield):
    reader = PdfReader(io.BytesIO(filefield.read()))
    return reader, [page.extract_text() for page in reader.pages]


def test_minutes_pdf_of_30_items_and_100_action_points(
    meeting, chair_office, chair_agency, django_capture_on_commit_callbacks
):
    minutes = _big_minutes(meeting, chair_office, chair_agency)
    services.minutes_transition(
        minutes=minutes, to="circulated", actor=chair_office, now=AFTER_MEETING
    )

    started = time.perf_counter()
    draft = render(minutes, DRAFT_PDF)
    elapsed = time.perf_counter() - started
    print(f"\nminutes PDF, 30 items, 100 action points: {elapsed:.2f}s")

    assert draft.state == "ready"
    reader, pages = _text(draft.file)
    text = " ".join("\n".join(pages).split())
    count = len(reader.pages)
    assert count >= 5
    # Title page.
    assert "GLOBAL MIGRATION GROUP" in text or "Global Migration Group" in text
    assert "Principals' meeting, Q2 2027" in text
    assert "Chairing Agency" in text
    assert "GMG/PM/2027/1" in text
    assert "Tuesday 11 May 2027" in text
    # Contents and every section in agenda order, decisions set apart.
    body = text.index("1. Adoption of the agenda", text.index("Annex II. Action points"))
    positions = [text.index(f"{n}. Topic {n - 4} ", body) for n in (5, 17, 29)]
    assert positions == sorted(positions)
    assert "30. Any other business" in text
    assert "Decision 30.2" in text
    # Annex I: attendance by agency; Annex II: the action points with owner and due date.
    assert "Annex I. Attendance" in text
    assert "Agency 11 (AG11)" in text
    assert "Delegate 11-0 (head of delegation)" in text
    assert "Annex II. Action points" in text
    for n in (0, 57, 99):
        assert f"Action point text {n:03d}" in text
    assert "AG03, CHAIR" in text
    assert "2027-09-08" in text  # the due date of the last one
    # DRAFT on every page, page X of Y.
    assert all("DRAFT" in page for page in pages)
    assert f"Page 1 of {count}" in text
    assert f"Page {count} of {count}" in text
    assert len(draft.sha256) == 64
    assert elapsed < 60


def test_published_edition_pdf_has_no_draft_mark_and_keeps_its_own_file(
    published, chair_office, section
):
    first = render(published.editions.get(), EDITION_PDF)
    assert first.state == "ready"
    services.minutes_transition(minutes=published, to="draft", actor=chair_office, reason="Typo")
    services.minutes_transition(minutes=published, to="published", actor=chair_office)
    second = render(published.editions.get(number=2), EDITION_PDF)
    assert second.state == "ready"

    _, pages = _text(second.file)
    assert not any("DRAFT" in page for page in pages)
    assert "Corrigendum 1" in pages[0]
    assert "Typo" in pages[0]
    assert first.file.name != second.file.name
    assert first.sha256 != second.sha256


def test_a_failed_render_is_recorded_and_retried(
    published, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    edition = published.editions.get()

    def broken(*args, **kwargs):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr("minutes.pdf.minutes_pdf_bytes", broken)
    document = render(edition, EDITION_PDF)
    assert document.state == "failed"
    assert "fonts missing" in document.error
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(document=document, actor=secretariat)
    document.refresh_from_db()
    assert document.state == "ready"


def test_render_of_a_gone_document_returns_quietly(db):
    assert document_render(document_id=999) is None


def test_script_in_the_text_never_reaches_the_pdf(minutes, section, chair_office, member_focal):
    services.section_save(
        section=section,
        actor=chair_office,
        version=section.version,
        summary="Fine <script>document.write('EVIL')</script>",
        decisions="",
    )
    services.minutes_transition(
        minutes=minutes, to="circulated", actor=chair_office, now=AFTER_MEETING
    )
    draft = render(minutes, DRAFT_PDF)
    _, pages = _text(draft.file)
    assert "EVIL" not in "\n".join(pages)


def test_the_draft_is_tagged_and_the_edition_archival_too(published, chair_office, section):
    draft = render(published, DRAFT_PDF).file.read()
    edition = render(published.editions.get(), EDITION_PDF).file.read()

    for data in (draft, edition):
        tree = assert_pdf_ua(data, lang="en")
        roles = [role for _depth, role, _attributes in tree]
        assert roles.count("/H1") == 1
        assert "/H2" in roles
        assert "/H3" not in roles or roles.index("/H2") < roles.index("/H3")
        scopes = [str(a.get("/Scope")) for _d, role, a in tree if role == "/TH"]
        assert "/Row" in scopes  # the title page's labels
        assert scopes[-5:] == ["/Column"] * 5  # the action points' columns
        assert missing_glyphs(data) == []
    assert catalog(draft)["title"].endswith(f": Draft minutes: {published.meeting.display_title}")
    assert "pdfaid:part" not in xmp(draft)  # a draft is not archived
    assert xmp(draft)["pdfuaid:part"] == "1"
    assert (xmp(edition)["pdfaid:part"], xmp(edition)["pdfaid:conformance"]) == ("2", "A")
    assert xmp(edition)["pdfuaid:part"] == "1"
    assert catalog(edition)["intents"][0][0] == "/GTS_PDFA1"
