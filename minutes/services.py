"""Every write about minutes: drafting, the lifecycle, comments, action points, PDFs."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, AgendaVersion
from core.audit import audit_record
from core.documents.services import documents_request
from core.errors import ConflictError
from core.i18n import format_list
from core.permissions import require
from meetings.models import Meeting
from minutes.enums import MINUTES_TRANSITIONS, ActionStatus, CommentOutcome, MinutesState
from minutes.models import (
    ActionPoint,
    ActionPointChange,
    Comment,
    Edition,
    Minutes,
    MinutesRevision,
    MinutesSection,
    NoComment,
)
from minutes.pdf import DRAFT_PDF, EDITION_PDF
from minutes.selectors import (
    attending_agency_ids,
    circulation_recipients,
    comments_awaited,
    minutes_snapshot,
    publication_recipients,
)
from minutes.signals import minutes_published
from minutes.text import render_markdown
from notices.services import notice_fanout

COMMENT_DAYS = 10


def _fresh(minutes_id: int) -> Minutes:
    return Minutes.objects.select_related("meeting").get(pk=minutes_id)


# --- Drafting ---------------------------------------------------------------


@transaction.atomic
def minutes_start(*, meeting: Meeting, actor) -> Minutes:
    """Open the minutes of a meeting: a section per item of its last published agenda."""
    require(actor, "minutes.add_minutes", meeting)
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    version = AgendaVersion.objects.filter(agenda__meeting=meeting).order_by("-number").first()
    if version is None:
        raise ValidationError(_("The minutes follow the published agenda: publish it first."))
    minutes = Minutes.objects.create(meeting=meeting, agenda_version=version, created_by=actor)
    MinutesSection.objects.bulk_create(
        MinutesSection(
            minutes=minutes,
            agenda_item_id=item["id"],
            number=item["number"],
            title=item["title"][:300],
            standing=item.get("standing", ""),
        )
        for item in version.snapshot["items"]
    )
    # Items deleted since publication keep their section, just not the link.
    known = set(AgendaItem.objects.filter(agenda__meeting=meeting).values_list("pk", flat=True))
    MinutesSection.objects.filter(minutes=minutes).exclude(agenda_item_id__in=known).update(
        agenda_item=None
    )
    audit_record(actor=actor, action="minutes.start", target=minutes, agenda=version.number)
    return minutes


@transaction.atomic
def section_save(
    *,
    section: MinutesSection,
    actor,
    version: int,
    summary: str,
    decisions: str,
    decision_marked: bool = False,
) -> MinutesSection:
    """Save a section's text as a new revision; refused if someone saved it since ``version``."""
    # The rule is checked on the minutes as saved now, never on a copy read earlier.
    require(actor, "minutes.change_minutes", _fresh(section.minutes_id))
    current = MinutesSection.objects.filter(pk=section.pk, version=version).first()
    if current is not None and (current.summary, current.decisions, current.decision_marked) == (
        summary,
        decisions,
        decision_marked,
    ):
        return current  # saved unchanged: no new revision, nobody's name on it
    now = timezone.now()
    updated = MinutesSection.objects.filter(pk=section.pk, version=version).update(
        version=version + 1,
        summary=summary,
        decisions=decisions,
        decision_marked=decision_marked,
        summary_html=render_markdown(summary),
        decisions_html=render_markdown(decisions),
        updated_at=now,
        updated_by=actor,
    )
    if not updated:
        raise ConflictError(
            _(
                "Someone else saved this section while you were editing it. "
                "Your text was not saved; it is still in the form."
            )
        )
    section.refresh_from_db()
    last = section.revisions.aggregate(last=Max("number"))["last"] or 0
    MinutesRevision.objects.create(
        section=section,
        number=last + 1,
        summary=summary,
        decisions=decisions,
        decision_marked=decision_marked,
        author=actor,
        at=now,
    )
    audit_record(actor=actor, action="minutes.section_save", target=section, revision=last + 1)
    return section


# --- The lifecycle ----------------------------------------------------------


def _refusal(minutes: Minutes, to: str, *, reason: str, today: datetime.date) -> str | None:
    """Why a move in the table cannot be made now, or None."""
    never_published = not minutes.editions.exists()
    if to == MinutesState.PUBLISHED and minutes.state == MinutesState.DRAFT and never_published:
        return _("Minutes are circulated for comments and made final before they are published.")
    if to == MinutesState.FINAL and minutes.comments_until and today <= minutes.comments_until:
        return _(
            "The comment period runs until %(day)s: the minutes can be made final after it."
        ) % {"day": minutes.comments_until.isoformat()}
    if minutes.state == MinutesState.PUBLISHED and to == MinutesState.DRAFT and not reason.strip():
        return _("A corrigendum needs its reason.")
    return None


def transition_refusal(minutes: Minutes, to: str, *, reason: str = "", today=None) -> str | None:
    """Why ``minutes`` cannot move to ``to`` (the table first, then the guards), or None."""
    if to not in MinutesState.values:
        return _("Unknown state.")
    if to not in MINUTES_TRANSITIONS[minutes.state]:
        return _("Minutes that are %(from)s cannot become %(to)s.") % {
            "from": MinutesState(minutes.state).label.lower(),
            "to": MinutesState(to).label.lower(),
        }
    today = today or timezone.now().astimezone(minutes.meeting.zone).date()
    return _refusal(minutes, to, reason=reason, today=today)


@transaction.atomic
def minutes_transition(
    *,
    minutes: Minutes,
    to: str,
    actor,
    version: int | None = None,
    comment_days: int = COMMENT_DAYS,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Minutes:
    """The one place minutes change state; every refusal says why.

    circulated: comments open for ``comment_days``, the attending agencies'
    focal points are told, the draft PDF is rendered. published: a new edition
    (a corrigendum after the first), every focal point and principal is told,
    its PDF rendered. published → draft starts a corrigendum with its reason.
    """
    require(actor, "minutes.change_state", minutes)
    now = now or timezone.now()
    minutes = _lock_for_move(minutes, version)
    today = now.astimezone(minutes.meeting.zone).date()
    refusal = transition_refusal(minutes, to, reason=reason, today=today)
    if refusal:
        raise ValidationError(refusal)
    before, correction = minutes.state, minutes.correction_reason
    fields = _move_fields(
        minutes, to, today=today, now=now, comment_days=comment_days, reason=reason
    )
    for name, value in fields.items():
        setattr(minutes, name, value)
    minutes.save(update_fields=list(fields))
    edition = _after_move(minutes, to, actor=actor, correction=correction)
    audit_record(
        actor=actor,
        action="minutes.transition",
        target=minutes,
        before=before,
        after=to,
        reason=reason,
        edition=edition.number if edition else None,
    )
    return minutes


def _lock_for_move(minutes: Minutes, version: int | None) -> Minutes:
    """The minutes as saved now, locked; refused if they changed since ``version``."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if version is not None and version != minutes.version:
        raise ConflictError(
            _("Someone else changed these minutes meanwhile: check them again first.")
        )
    return minutes


def _move_fields(minutes: Minutes, to: str, *, today, now, comment_days: int, reason: str):
    """The columns a move writes: the comment period, a corrigendum's reason, the PDF state."""
    fields = {"state": to, "version": minutes.version + 1}
    if to == MinutesState.CIRCULATED:
        if comment_days < 1:
            raise ValidationError(_("The comment period lasts at least one day."))
        fields.update(
            comments_until=today + datetime.timedelta(days=comment_days),
            circulated_at=now,
        )
    elif to == MinutesState.DRAFT:
        fields.update(correction_reason=reason.strip(), comments_until=None)
    elif to == MinutesState.PUBLISHED:
        fields["correction_reason"] = ""
    return fields


def _after_move(minutes: Minutes, to: str, *, actor, correction: str) -> Edition | None:
    """Who is told and what is rendered: the circulated draft, or a new edition."""
    if to == MinutesState.CIRCULATED:
        _notify_circulated(minutes)
        documents_request(owner=minutes, kind=DRAFT_PDF)
    elif to == MinutesState.PUBLISHED:
        return _publish_edition(minutes, actor=actor, reason=correction)
    return None


def _publish_edition(minutes: Minutes, *, actor, reason: str) -> Edition:
    last = minutes.editions.aggregate(last=Max("number"))["last"] or 0
    edition = Edition.objects.create(
        minutes=minutes,
        number=last + 1,
        reason=reason if last else "",
        published_by=actor,
        snapshot=minutes_snapshot(minutes),
    )
    notice_fanout(
        recipients=publication_recipients(minutes.meeting),
        kind="minutes_published",
        key=f"minutes:{minutes.pk}:e{edition.number}",
        template="minutes/email/minutes_published",
        context={"minutes": minutes, "edition": edition, "meeting": minutes.meeting},
        about=edition,
    )
    documents_request(owner=edition, kind=EDITION_PDF)
    # Higher floors act on it in the same transaction (the register records the decisions).
    minutes_published.send(sender=Edition, edition=edition, actor=actor)
    return edition


def _notify_circulated(minutes: Minutes) -> None:
    # Once per edition being prepared: the first minutes, then each circulated corrigendum.
    occasion = f"e{minutes.editions.count() + 1}"
    notice_fanout(
        recipients=circulation_recipients(minutes.meeting),
        kind="minutes_circulated",
        key=f"minutes:{minutes.pk}:circulated:{occasion}",
        template="minutes/email/minutes_circulated",
        context={"minutes": minutes, "meeting": minutes.meeting},
        about=minutes,
    )


# --- Comments ---------------------------------------------------------------


@transaction.atomic
def comment_add(*, section: MinutesSection, actor, text: str) -> Comment:
    """A focal point of a member agency comments on a section of circulated minutes."""
    require(actor, "minutes.add_comment", _fresh(section.minutes_id))
    if not text.strip():
        raise ValidationError({"text": _("Write your comment.")})
    comment = Comment.objects.create(
        section=section, author=actor, agency_id=actor.agency_id, text=text.strip()
    )
    audit_record(actor=actor, action="minutes.comment", target=comment)
    return comment


@transaction.atomic
def comment_answer(*, comment: Comment, actor, outcome: str, reply: str) -> Comment:
    """The chair's office marks a comment taken into account or not, with a reply."""
    require(actor, "minutes.answer_comment", comment.section.minutes)
    if outcome not in (CommentOutcome.TAKEN, CommentOutcome.NOT_TAKEN):
        raise ValidationError({"outcome": _("Say whether the comment was taken into account.")})
    comment.outcome = outcome
    comment.reply = reply.strip()
    comment.replied_by = actor
    comment.replied_at = timezone.now()
    comment.save(update_fields=["outcome", "reply", "replied_by", "replied_at"])
    audit_record(actor=actor, action="minutes.comment_answer", target=comment, outcome=outcome)
    return comment


# --- Action points ----------------------------------------------------------


def _describe(point: ActionPoint) -> dict:
    return {
        "text": point.text,
        "owners": ", ".join(sorted(a.acronym for a in point.agencies.all())),
        "person": point.person,
        "due": point.due.isoformat() if point.due else "",
        "status": point.status,
    }


@transaction.atomic
def action_point_save(
    *,
    section: MinutesSection,
    actor,
    text: str,
    agencies,
    due: datetime.date,
    person: str = "",
    action_point: ActionPoint | None = None,
    version: int | None = None,
) -> ActionPoint:
    """Add or edit an action point of a section (not once the minutes are published)."""
    minutes = _fresh(section.minutes_id)
    require(actor, "minutes.change_minutes", minutes)
    agencies = list(agencies)
    if not agencies:
        raise ValidationError({"agencies": _("Name at least one agency that owns the action.")})
    if action_point is None:
        point = ActionPoint.objects.create(
            minutes=minutes,
            meeting_id=minutes.meeting_id,
            section=section,
            text=text,
            person=person,
            due=due,
        )
        point.agencies.set(agencies)
        before = {}
    else:
        point = ActionPoint.objects.select_for_update().get(pk=action_point.pk)
        if version is not None and point.version != version:
            raise ConflictError(_("Someone else changed this action point meanwhile."))
        before = _describe(point)
        unchanged = (
            point.section_id == section.pk
            and (point.text, point.person, point.due) == (text, person, due)
            and {a.pk for a in point.agencies.all()} == {a.pk for a in agencies}
        )
        if unchanged:
            return point
        point.section = section
        point.text, point.person, point.due = text, person, due
        point.version += 1
        point.updated_at = timezone.now()
        point.save(update_fields=["section", "text", "person", "due", "version", "updated_at"])
        point.agencies.set(agencies)
    after = _describe(point)
    changes = {k: [before.get(k, ""), v] for k, v in after.items() if before.get(k, "") != v}
    ActionPointChange.objects.create(action_point=point, actor=actor, changes=changes)
    audit_record(actor=actor, action="minutes.action_point_save", target=point)
    return point


@transaction.atomic
def action_point_set_status(
    *, action_point: ActionPoint, actor, status: str, note: str = "", version: int | None = None
) -> ActionPoint:
    """An owning agency, the secretariat or the chair's office marks it open, done or dropped."""
    require(actor, "minutes.update_actionpoint", action_point)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    point = ActionPoint.objects.select_for_update().get(pk=action_point.pk)
    if version is not None and point.version != version:
        raise ConflictError(
            _("Someone else updated this action point meanwhile: see its history below.")
        )
    if status == ActionStatus.DROPPED and not note.strip():
        raise ValidationError({"note": _("Say why the action is dropped.")})
    changes = {}
    if point.status != status:
        changes["status"] = [point.status, status]
    if point.status_note != note.strip():
        changes["note"] = [point.status_note, note.strip()]
    if not changes:
        return point
    point.status, point.status_note = status, note.strip()
    point.version += 1
    point.updated_at = timezone.now()
    point.save(update_fields=["status", "status_note", "version", "updated_at"])
    ActionPointChange.objects.create(
        action_point=point, actor=actor, changes=changes, note=note.strip()
    )
    audit_record(actor=actor, action="minutes.action_point_status", target=point, status=status)
    return point


@transaction.atomic
def minutes_no_comments(*, minutes: Minutes, actor) -> NoComment:
    """A focal point of an attending agency says its agency has no comments."""
    require(actor, "minutes.add_comment", _fresh(minutes.pk))
    if actor.agency_id not in attending_agency_ids(minutes.meeting):
        raise ValidationError(_("Only an agency that attended is asked for comments."))
    said, _created = NoComment.objects.get_or_create(
        minutes=minutes, agency_id=actor.agency_id, defaults={"person": actor}
    )
    audit_record(actor=actor, action="minutes.no_comments", target=minutes)
    return said


@transaction.atomic
def minutes_close_comments(*, minutes: Minutes, actor) -> Minutes:
    """The chair's office ends the comment period early: only once every attending agency
    has commented or said it has none. The minutes can then be finalised."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    require(actor, "minutes.close_comments", _fresh(minutes.pk))
    awaited = comments_awaited(minutes)
    if awaited:
        raise ValidationError(
            _("The comment period stands: %(agencies)s have not commented or said they have none.")
            % {"agencies": format_list(a.acronym for a in awaited)}
        )
    today = timezone.now().astimezone(minutes.meeting.zone).date()
    minutes.comments_until = today - datetime.timedelta(days=1)
    minutes.version += 1
    minutes.save(update_fields=["comments_until", "version"])
    audit_record(actor=actor, action="minutes.close_comments", target=minutes)
    return minutes
