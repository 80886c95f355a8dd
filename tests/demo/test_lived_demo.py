"""The demo has lived: what a newcomer sees after ``seed_demo``, whatever today is.

Seeded at frozen dates (mid-month, the first day of a month, 1 January):
the archive holds past meetings with published minutes, the latest meeting's
"adoption of the previous minutes" links published minutes, the register
has done, dropped and overdue action points, the rotation marks the
invented terms, the outbox holds a failed and an uncertain notice; with two
document languages switched on, the demo meeting's PDFs (its agenda, its
minutes, a decision's outcome) are there in both and pass the PDF/UA check;
a second run adds no row. The seeding time is printed (``-s``), not asserted.
"""

import datetime
import re
import time

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from agenda.models import AgendaVersion
from agenda.pdf import AGENDA_PDF
from core.documents.models import Document
from core.documents.services import document_render
from core.models import AuditEntry
from decisions.models import SilenceProcedure
from decisions.pdf import OUTCOME_PDF
from meetings.demo import INVENTED_NOTE
from meetings.enums import Level, MeetingStatus
from meetings.models import ChairTerm, Delegate, Meeting
from members.models import Person
from minutes.enums import ActionStatus, CommentOutcome, MinutesState
from minutes.models import ActionPoint, Comment, Edition, Minutes
from minutes.pdf import DRAFT_PDF, EDITION_PDF
from notices.models import Notice
from tests.pdf_checks import assert_pdf_ua, missing_glyphs, text_of

# Two document languages, one of them right to left (GMG_DOCUMENT_LANGUAGES).
LANGUAGES = ["en", "ar"]

DATES = [
    datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.UTC),
    datetime.datetime(2027, 1, 1, 9, 0, tzinfo=datetime.UTC),
    datetime.datetime(2027, 6, 1, 7, 30, tzinfo=datetime.UTC),
]


def _rows() -> dict:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize("now", DATES, ids=lambda d: d.date().isoformat())
def test_a_newcomer_finds_a_demo_that_has_lived(db, client, settings, now):
    # One seeding per date (it takes seconds), every check on it.
    settings.GMG_DOCUMENT_LANGUAGES = LANGUAGES
    with time_machine.travel(now, tick=False):
        began = time.monotonic()
        call_command("seed_demo", quiet=True)
        print(f"\nseed_demo on {now.date()}: {time.monotonic() - began:.1f} s")
        client.force_login(Person.objects.get(email="secretariat@example.org"))
        seeded = (now.date(), client)
        check_meetings_held_with_published_minutes(seeded)
        check_minutes_in_every_state_with_comments_and_a_corrigendum()
        check_the_latest_meeting_adopts_published_minutes(seeded)
        check_the_register_has_done_dropped_and_overdue_action_points(seeded)
        check_the_rotation_marks_the_invented_terms(seeded)
        check_the_outbox_shows_notices_sent_one_failed_and_one_uncertain(seeded)
        check_every_demo_document_is_asked_for_in_each_language()
        if now == DATES[0]:  # rendering costs about a second a PDF: on one date only
            check_the_demo_meetings_pdfs_in_each_language_pass_the_pdf_ua_check(seeded)
        before = _rows()
        began = time.monotonic()
        call_command("seed_demo", quiet=True)
        print(f"seed_demo again: {time.monotonic() - began:.1f} s")
        assert _rows() == before


def check_meetings_held_with_published_minutes(seeded):
    today, client = seeded
    held = Meeting.objects.filter(status=MeetingStatus.HELD)
    three_years_ago = today.replace(year=today.year - 3)
    for level in Level.values:
        assert held.filter(level=level, local_date__lte=three_years_ago).exists(), level
        assert Minutes.objects.filter(
            meeting__level=level,
            state=MinutesState.PUBLISHED,
            meeting__local_date__lte=three_years_ago,
        ).exists()
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED, local_date__gt=today).exists()
    # The archive of two years ago lists its meetings with their chair, and each has minutes.
    year = today.year - 2
    page = client.get(reverse("meetings:archive_year", args=[year])).content.decode()
    for meeting in held.filter(local_date__year=year):
        assert escape(meeting.display_title) in page
        assert meeting.minutes.state == MinutesState.PUBLISHED
    assert "—</td>" not in page  # every past meeting had a chair
    meeting = held.filter(local_date__year=year).first()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("minutes:minutes", args=[meeting.pk]) in page
    assert "Published" in page


def check_minutes_in_every_state_with_comments_and_a_corrigendum():
    assert set(Minutes.objects.values_list("state", flat=True)) == set(MinutesState.values)
    corrected = Edition.objects.filter(number=2).exclude(reason="").get()
    assert corrected.minutes.state == MinutesState.PUBLISHED
    assert corrected.published_at > corrected.minutes.editions.get(number=1).published_at
    # Several agencies commented; the chair's office answered the past ones both ways.
    assert Comment.objects.values("agency").distinct().count() >= 3
    outcomes = set(
        Comment.objects.filter(section__minutes__state=MinutesState.PUBLISHED).values_list(
            "outcome", flat=True
        )
    )
    assert {CommentOutcome.TAKEN, CommentOutcome.NOT_TAKEN} <= outcomes
    # Agendas were published before their meeting, some corrected by a Rev.1.
    minutes = Minutes.objects.filter(state=MinutesState.PUBLISHED).select_related(
        "meeting", "agenda_version"
    )
    assert all(m.agenda_version.published_at < m.meeting.start for m in minutes)
    assert minutes.filter(agenda_version__number=2).exists()
    # The audit log says when it was done, not when the demo was loaded.
    oldest = minutes.order_by("meeting__start").first()
    published = AuditEntry.objects.get(
        action="agenda.publish", object_id=str(oldest.meeting.pk), details__version=1
    )
    assert published.at < oldest.meeting.start
    moves = AuditEntry.objects.filter(action="minutes.transition", object_id=str(oldest.pk))
    assert all(
        oldest.meeting.end < entry.at <= oldest.editions.get().published_at for entry in moves
    )
    # Delegations were registered and attendance recorded, with someone absent.
    assert Delegate.objects.filter(attended=True).exists()
    assert Delegate.objects.filter(attended=False, meeting__status=MeetingStatus.HELD).exists()


def check_the_latest_meeting_adopts_published_minutes(seeded):
    _today, client = seeded
    latest = Minutes.objects.select_related("meeting").order_by("-meeting__start").first()
    page = client.get(reverse("minutes:minutes", args=[latest.meeting.pk])).content.decode()
    linked = re.findall(r'href="/minutes/meetings/(\d+)/"', page)
    previous = Minutes.objects.filter(
        meeting__level=latest.meeting.level, meeting__start__lt=latest.meeting.start
    ).order_by("-meeting__start")[0]
    assert str(previous.meeting.pk) in linked
    assert previous.state == MinutesState.PUBLISHED
    assert "not available yet" not in page


def check_the_register_has_done_dropped_and_overdue_action_points(seeded):
    today, client = seeded
    statuses = set(ActionPoint.objects.values_list("status", flat=True))
    assert statuses == set(ActionStatus.values)
    assert ActionPoint.objects.filter(status=ActionStatus.OPEN, due__lt=today).exists()
    page = client.get(reverse("minutes:register")).content.decode()
    assert "overdue" in page
    page = client.get(reverse("minutes:register") + "?status=dropped").content.decode()
    assert "Overtaken by events." in page or "Dropped" in page


def check_the_rotation_marks_the_invented_terms(seeded):
    today, client = seeded
    invented = ChairTerm.objects.filter(note=INVENTED_NOTE)
    assert invented.filter(start__lte=today.replace(year=today.year - 3, day=1)).exists()
    # The public history is the project's file, unchanged: none of it is marked invented.
    assert ChairTerm.objects.filter(start__year__lte=2017, note=INVENTED_NOTE).count() == 0
    assert ChairTerm.objects.get(start=datetime.date(2017, 1, 1)).agency.acronym == "UNU"
    page = client.get(reverse("meetings:rotation")).content.decode()
    assert page.count(INVENTED_NOTE) == invented.count()


def check_the_outbox_shows_notices_sent_one_failed_and_one_uncertain(seeded):
    _today, client = seeded
    assert Notice.objects.filter(state="sent").count() > 10
    for state in ("failed", "uncertain"):
        assert Notice.objects.filter(state=state).count() == 1
        page = client.get(reverse("notices:outbox") + f"?state={state}").content.decode()
        assert Notice.objects.get(state=state).to_email in page


def check_every_demo_document_is_asked_for_in_each_language():
    # The seeding's transaction never commits in a test: the documents wait for the worker.
    kinds = {AGENDA_PDF, DRAFT_PDF, EDITION_PDF, OUTCOME_PDF}
    assert set(Document.objects.values_list("kind", flat=True)) == kinds
    languages = {}
    for owner, kind, language in Document.objects.values_list("owner_id", "kind", "language"):
        languages.setdefault((kind, owner), set()).add(language)
    assert all(found == set(LANGUAGES) for found in languages.values())
    assert Document.objects.filter(kind=AGENDA_PDF).count() == 2 * AgendaVersion.objects.count()


def check_the_demo_meetings_pdfs_in_each_language_pass_the_pdf_ua_check(seeded):
    _today, client = seeded
    # The demo meeting: the newest held one with published minutes, its agenda's last
    # version and its latest edition; the circulated draft; the adopted decision's outcome.
    minutes = (
        Minutes.objects.filter(editions__isnull=False)
        .select_related("meeting")
        .order_by("-meeting__start")
        .first()
    )
    owners = [
        (minutes.meeting.agenda.versions.order_by("-number").first(), AGENDA_PDF),
        (minutes.editions.order_by("-number").first(), EDITION_PDF),
        (Minutes.objects.get(state=MinutesState.CIRCULATED), DRAFT_PDF),
        (SilenceProcedure.objects.get(state="adopted"), OUTCOME_PDF),
    ]
    for owner, kind in owners:
        documents = Document.objects.filter(owner_id=owner.pk, kind=kind).order_by("language")
        assert sorted(d.language for d in documents) == sorted(LANGUAGES)
        for document in documents:
            assert document_render(document_id=document.pk) == "ready", document.error
            document.refresh_from_db()
            with document.file.open("rb") as handle:
                data = handle.read()
            assert_pdf_ua(data, lang=document.language)
            assert missing_glyphs(data) == []
            assert document.file.name.endswith(f"-{document.language}.pdf")
            if document.language == "ar":
                assert "الصفحة" in text_of(data)
        # The page offers both, each named in itself.
        if kind == AGENDA_PDF:
            page = client.get(owner.get_absolute_url()).content.decode()
            assert all(f'hreflang="{code}"' in page for code in LANGUAGES)
