import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agenda.models import Agenda
from core.errors import ConflictError
from core.models import AuditEntry
from meetings.models import Delegate
from minutes import services
from minutes.enums import MINUTES_TRANSITIONS, MinutesState
from minutes.models import ActionPoint, Edition, Minutes, MinutesSection
from minutes.text import render_markdown, text_diff
from notices.models import Notice
from tests.factories import AgencyFactory, PersonFactory
from tests.minutes.conftest import AFTER_MEETING

pytestmark = pytest.mark.django_db


# --- Drafting ---------------------------------------------------------------


def test_minutes_start_makes_a_section_per_published_item_in_agenda_order(minutes):
    titles = list(minutes.sections.order_by("number").values_list("number", "title"))

    assert titles == [
        (1, "Adoption of the agenda"),
        (2, "Adoption of the minutes of the previous meeting"),
        (3, "Follow-up on action points"),
        (4, "Labour migration statistics"),
        (5, "Any other business"),
    ]
    assert minutes.state == MinutesState.DRAFT


def test_minutes_start_is_refused_before_the_agenda_is_published(meeting, chair_office):
    with pytest.raises(ValidationError, match="publish it first"):
        services.minutes_start(meeting=meeting, actor=chair_office)


def test_minutes_start_is_refused_to_anyone_but_the_chairs_office(
    published_agenda, meeting, member_focal, secretariat
):
    for person in (member_focal, secretariat):
        with pytest.raises(PermissionDenied):
            services.minutes_start(meeting=meeting, actor=person)


def test_minutes_start_twice_returns_the_same_minutes(minutes, meeting, chair_office):
    assert services.minutes_start(meeting=meeting, actor=chair_office) == minutes
    assert Minutes.objects.count() == 1


def test_section_save_keeps_every_revision_with_its_author(section, chair_office):
    services.section_save(
        section=section, actor=chair_office, version=1, summary="First", decisions=""
    )
    services.section_save(
        section=section, actor=chair_office, version=2, summary="Second", decisions="Agreed"
    )

    revisions = list(section.revisions.order_by("number"))
    assert [(r.number, r.summary, r.author) for r in revisions] == [
        (1, "First", chair_office),
        (2, "Second", chair_office),
    ]
    section.refresh_from_db()
    assert section.decisions_html == "<p>Agreed</p>"


def test_section_save_from_a_stale_version_is_refused_and_changes_nothing(section, chair_office):
    services.section_save(
        section=section, actor=chair_office, version=1, summary="Theirs", decisions=""
    )

    with pytest.raises(ConflictError):
        services.section_save(
            section=section, actor=chair_office, version=1, summary="Mine", decisions=""
        )

    section.refresh_from_db()
    assert section.summary == "Theirs"
    assert section.revisions.count() == 1


def test_markdown_keeps_bold_lists_links_and_drops_scripts_and_styles():
    html = render_markdown(
        "**Agreed** [note](https://example.org)\n\n- one\n- two\n\n"
        "<script>alert(1)</script><style>p{}</style>"
        '<a href="javascript:alert(1)" onclick="x()">bad</a><img src=x onerror=alert(1)>'
    )

    assert "<strong>Agreed</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<li>one</li>" in html
    for bad in ("<script", "<style", "javascript:", "onclick", "onerror", "<img"):
        assert bad not in html


def test_text_diff_marks_added_and_removed_lines():
    assert text_diff("a\nb", "a\nc") == [("same", "a"), ("removed", "b"), ("added", "c")]


# --- The lifecycle: the whole table -----------------------------------------

STATES = list(MinutesState.values)


def _put_in(minutes, state, *, with_edition=False):
    Minutes.objects.filter(pk=minutes.pk).update(
        state=state,
        comments_until=datetime.date(2027, 5, 22) if state == MinutesState.CIRCULATED else None,
    )
    if with_edition or state == MinutesState.PUBLISHED:
        Edition.objects.create(minutes=minutes, number=1, snapshot={"reference": "R"})
    minutes.refresh_from_db()
    return minutes


@pytest.mark.parametrize(("start", "to"), list(itertools.product(STATES, STATES)))
def test_minutes_transition_table_walked_in_full(minutes, chair_office, member_focal, start, to):
    minutes = _put_in(minutes, start)
    allowed = to in MINUTES_TRANSITIONS[start]
    # After the comment period, with a reason: only the table decides.
    later = datetime.datetime(2027, 6, 30, 9, 0, tzinfo=datetime.UTC)
    if start == MinutesState.DRAFT and to == MinutesState.PUBLISHED:
        allowed = False  # never published: must be circulated first (see the next test)

    call = lambda: services.minutes_transition(  # noqa: E731
        minutes=minutes, to=to, actor=chair_office, reason="A typo in item 4", now=later
    )
    if allowed:
        assert call().state == to
    else:
        with pytest.raises(ValidationError) as refused:
            call()
        assert refused.value.messages[0]
        minutes.refresh_from_db()
        assert minutes.state == start


def test_a_corrigendum_draft_may_be_published_directly(minutes, chair_office):
    minutes = _put_in(minutes, MinutesState.DRAFT, with_edition=True)

    services.minutes_transition(minutes=minutes, to="published", actor=chair_office)

    assert minutes.editions.count() == 2


def test_never_published_minutes_are_not_published_from_draft_and_say_why(minutes, chair_office):
    with pytest.raises(ValidationError, match="circulated for comments and made final"):
        services.minutes_transition(minutes=minutes, to="published", actor=chair_office)


def test_finalising_during_the_comment_period_is_refused_with_its_end(circulated, chair_office):
    with pytest.raises(ValidationError, match="runs until 2027-05-22"):
        services.minutes_transition(
            minutes=circulated, to="final", actor=chair_office, now=AFTER_MEETING
        )


def test_a_corrigendum_without_reason_is_refused(published, chair_office):
    with pytest.raises(ValidationError, match="needs its reason"):
        services.minutes_transition(minutes=published, to="draft", actor=chair_office)


def test_a_transition_from_a_stale_page_is_refused(minutes, chair_office, member_focal):
    with pytest.raises(ConflictError):
        services.minutes_transition(
            minutes=minutes, to="circulated", actor=chair_office, version=minutes.version - 1
        )


def test_only_the_chairs_office_moves_the_minutes(minutes, member_focal, secretariat):
    for person in (member_focal, secretariat):
        with pytest.raises(PermissionDenied):
            services.minutes_transition(minutes=minutes, to="circulated", actor=person)


def test_circulating_tells_the_focal_points_of_attending_agencies_only(
    minutes, chair_office, member_focal, meeting, django_capture_on_commit_callbacks
):
    absent = AgencyFactory(acronym="ABS")
    absent_focal = PersonFactory(agency=absent)
    Delegate.objects.create(meeting=meeting, agency=absent, person=absent_focal, rsvp="online")
    # Attendance recorded: ABS registered but did not come.
    Delegate.objects.filter(person=member_focal).update(attended=True)
    Delegate.objects.filter(person=absent_focal).update(attended=False)
    colleague = PersonFactory(agency=member_focal.agency)
    PersonFactory(agency=member_focal.agency, role="principal")

    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_transition(
            minutes=minutes, to="circulated", actor=chair_office, comment_days=10, now=AFTER_MEETING
        )

    sent = set(Notice.objects.filter(kind="minutes_circulated").values_list("recipient", flat=True))
    assert sent == {member_focal.pk, colleague.pk}
    minutes.refresh_from_db()
    assert minutes.comments_until == datetime.date(2027, 5, 22)
    assert minutes.pdf_state == "ready"  # the task ran (eagerly) after the commit


def test_publishing_tells_every_focal_point_and_principal_and_freezes_an_edition(
    published, member_focal, chair_office, secretariat, run_fanouts
):
    principal = PersonFactory(agency=member_focal.agency, role="principal")
    guest = PersonFactory(guest=True)
    run_fanouts()

    sent = set(Notice.objects.filter(kind="minutes_published").values_list("recipient", flat=True))
    assert {member_focal.pk, chair_office.pk} <= sent
    assert guest.pk not in sent
    assert secretariat.pk not in sent
    assert principal.pk not in sent  # created after publication
    edition = published.editions.get()
    assert edition.number == 1
    assert [s["number"] for s in edition.snapshot["sections"]] == [1, 2, 3, 4, 5]
    assert edition.snapshot["attendance"][0]["acronym"] == "ATT"
    assert edition.pdf_state == "pending"  # the worker renders it after the commit


def test_a_corrigendum_is_a_new_edition_with_its_reason_and_both_stay(
    published, chair_office, section
):
    services.minutes_transition(
        minutes=published, to="draft", actor=chair_office, reason="Wrong figure in item 4"
    )
    services.section_save(
        section=section, actor=chair_office, version=section.version, summary="Fixed", decisions=""
    )
    services.minutes_transition(minutes=published, to="published", actor=chair_office)

    first, second = published.editions.order_by("number")
    assert second.reason == "Wrong figure in item 4"
    assert second.reference.endswith("/Min/Corr.1")
    assert first.snapshot["sections"][3]["summary_html"] == ""
    assert second.snapshot["sections"][3]["summary_html"] == "<p>Fixed</p>"
    published.refresh_from_db()
    assert published.correction_reason == ""
    assert AuditEntry.objects.filter(action="minutes.transition").count() == 5


def test_published_minutes_cannot_be_edited(published, section, chair_office):
    with pytest.raises(PermissionDenied):
        services.section_save(
            section=section, actor=chair_office, version=section.version, summary="x", decisions=""
        )


# --- Comments ---------------------------------------------------------------


def test_a_focal_point_comments_and_the_chair_answers(
    circulated, section, member_focal, chair_office
):
    comment = services.comment_add(section=section, actor=member_focal, text="Add the source.")
    services.comment_answer(comment=comment, actor=chair_office, outcome="taken", reply="Done.")

    comment.refresh_from_db()
    assert comment.agency == member_focal.agency
    assert comment.get_outcome_display() == "Taken into account"
    assert comment.replied_by == chair_office


def test_comments_are_refused_on_a_draft_and_from_principals(minutes, section, member_focal):
    with pytest.raises(PermissionDenied):
        services.comment_add(section=section, actor=member_focal, text="Too early")


def test_comments_are_refused_after_the_period(circulated, section, member_focal):
    Minutes.objects.filter(pk=circulated.pk).update(comments_until=datetime.date(2020, 1, 1))
    section.minutes.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.comment_add(section=section, actor=member_focal, text="Too late")


def test_an_answer_must_say_whether_the_comment_was_taken(
    circulated, section, member_focal, chair_office
):
    comment = services.comment_add(section=section, actor=member_focal, text="x")
    with pytest.raises(ValidationError):
        services.comment_answer(comment=comment, actor=chair_office, outcome="", reply="")


# --- Action points ----------------------------------------------------------


def test_action_point_edits_keep_history_and_a_corrigendum_never_duplicates_them(
    action_point, published, chair_office, section, attending_agency, chair_agency
):
    services.minutes_transition(minutes=published, to="draft", actor=chair_office, reason="Owner")
    services.action_point_save(
        section=section,
        actor=chair_office,
        text=action_point.text,
        agencies=[attending_agency, chair_agency],
        due=action_point.due,
        person=action_point.person,
        action_point=action_point,
        version=action_point.version,
    )
    services.minutes_transition(minutes=published, to="published", actor=chair_office)

    assert ActionPoint.objects.count() == 1
    change = action_point.changes.first()
    assert change.changes == {"owners": ["ATT", "ATT, CHAIR"]}
    assert published.editions.get(number=2).snapshot["action_points"][0]["owners"] == [
        "ATT",
        "CHAIR",
    ]


def test_an_action_point_needs_an_owner(section, chair_office):
    with pytest.raises(ValidationError):
        services.action_point_save(
            section=section, actor=chair_office, text="x", agencies=[], due=datetime.date.today()
        )


def test_owning_focal_point_closes_an_action_point_with_history(
    circulated, action_point, member_focal
):
    services.action_point_set_status(
        action_point=action_point, actor=member_focal, status="done", note="Sent on 1 June"
    )

    action_point.refresh_from_db()
    assert action_point.status == "done"
    assert action_point.changes.first().changes["status"] == ["open", "done"]


def test_other_agencies_cannot_update_an_action_point(circulated, action_point, other_chair_office):
    stranger = PersonFactory()
    for person in (stranger, PersonFactory(agency=action_point.agencies.get(), role="principal")):
        with pytest.raises(PermissionDenied):
            services.action_point_set_status(action_point=action_point, actor=person, status="done")


def test_secretariat_and_chairs_office_update_any_action_point(
    circulated, action_point, secretariat, chair_office
):
    services.action_point_set_status(
        action_point=action_point, actor=secretariat, status="dropped", note="Overtaken"
    )
    services.action_point_set_status(action_point=action_point, actor=chair_office, status="open")
    assert action_point.changes.count() == 3


def test_dropping_needs_a_note(circulated, action_point, member_focal):
    with pytest.raises(ValidationError):
        services.action_point_set_status(
            action_point=action_point, actor=member_focal, status="dropped"
        )


def test_a_stale_status_update_is_refused(circulated, action_point, member_focal):
    with pytest.raises(ConflictError):
        services.action_point_set_status(
            action_point=action_point, actor=member_focal, status="done", version=0
        )


def test_sections_follow_the_published_version_not_later_drafts(minutes):
    agenda = Agenda.objects.get(meeting=minutes.meeting)
    assert agenda.items.count() == MinutesSection.objects.filter(minutes=minutes).count()


def test_a_corrigendum_can_be_circulated_first_and_keeps_its_reason(
    published, chair_office, member_focal, run_fanouts
):
    services.minutes_transition(
        minutes=published, to="draft", actor=chair_office, reason="Attendance was incomplete"
    )
    services.minutes_transition(
        minutes=published, to="circulated", actor=chair_office, comment_days=2, now=AFTER_MEETING
    )
    services.minutes_transition(
        minutes=published,
        to="final",
        actor=chair_office,
        now=AFTER_MEETING + datetime.timedelta(days=3),
    )
    services.minutes_transition(minutes=published, to="published", actor=chair_office)

    assert published.editions.get(number=2).reason == "Attendance was incomplete"
    run_fanouts()
    assert Notice.objects.filter(kind="minutes_circulated").count() == 2


def test_the_chair_office_of_today_updates_action_points_of_earlier_meetings(
    circulated, action_point, other_chair_office
):
    import time_machine

    # NEXT chairs from 1 July 2027: it runs the follow-up of earlier meetings' action points.
    with time_machine.travel(datetime.datetime(2027, 8, 1, 9, 0, tzinfo=datetime.UTC)):
        services.action_point_set_status(
            action_point=action_point, actor=other_chair_office, status="done", note="Reported"
        )
    # After its term, it no longer does (it did not chair that meeting).
    with (
        time_machine.travel(datetime.datetime(2028, 2, 1, 9, 0, tzinfo=datetime.UTC)),
        pytest.raises(PermissionDenied),
    ):
        services.action_point_set_status(
            action_point=action_point, actor=other_chair_office, status="open"
        )
