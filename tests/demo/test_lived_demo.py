"""The demo has lived: what a newcomer sees after ``seed_demo``, whatever today is.

Seeded at frozen dates (mid-month, the first day of a month, 1 January):
the archive holds past meetings with published minutes, the latest meeting's
"adoption of the previous minutes" links published minutes, the register
has done, dropped and overdue action points, the rotation marks the
invented terms, the outbox holds a failed and an uncertain notice; a second
run adds no row. The seeding time is printed (``-s``), not asserted.
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

from core.models import AuditEntry
from meetings.demo import INVENTED_NOTE
from meetings.enums import Level, MeetingStatus
from meetings.models import ChairTerm, Delegate, Meeting
from members.models import Person
from minutes.enums import ActionStatus, CommentOutcome, MinutesState
from minutes.models import ActionPoint, Comment, Edition, Minutes
from notices.models import Notice

DATES = [
    datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.UTC),
    datetime.datetime(2027, 1, 1, 9, 0, tzinfo=datetime.UTC),
    datetime.datetime(2027, 6, 1, 7, 30, tzinfo=datetime.UTC),
]


def _rows() -> dict:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize("now", DATES, ids=lambda d: d.date().isoformat())
def test_a_newcomer_finds_a_demo_that_has_lived(db, client, now):
    # One seeding per date (it takes seconds), every check on it.
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
