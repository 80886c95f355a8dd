"""Demo data for this floor (idempotent): three years of meetings that have lived.

Every held meeting with a chair's office (the demo's chair terms cover three
years back: ``meetings.demo``) gets what its chair's office and the members
would have done, in order, through the services: an agenda with a topic
published two weeks before (every third one corrected by a Rev.1), the
delegations of five to seven agencies registered (system work, in nobody's name) and the
attendance recorded by the chair's office, minutes drafted, circulated,
commented on by several agencies and answered, made final and published,
and action points that were then done, dropped or left open (overdue).

The newest meetings show the other states: the last principals' meeting's
minutes are a draft, the last working-level meeting's are circulated (the
comments open today), the one before the previous working-level meeting's
are final, and the previous principals' meeting's were published and then
corrected (a corrigendum). So the latest meeting's "adoption of the previous
minutes" always links published minutes.

The services stamp what they do with the clock; the dates of the past are
set after the fact on the rows they wrote (published, circulated, commented,
done), and the notices of those past occasions are marked as handed out
(``notices.demo`` writes the outbox). A meeting that already has minutes is
left alone, so a second run adds nothing.
"""

import contextlib
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.dispatch import receiver
from django.utils import timezone

from agenda import services as agenda_services
from agenda.demo import TOPICS
from agenda.models import Agenda, AgendaVersion
from core.models import AuditEntry
from core.permissions import SYSTEM
from meetings import services as meeting_services
from meetings.enums import Level, MeetingStatus, Rsvp
from meetings.models import Delegate, Meeting
from meetings.selectors import meetings_with_chair
from members.enums import Role
from members.models import Agency, Person
from members.signals import seed_demo
from minutes import services
from minutes.enums import ActionStatus, CommentOutcome, MinutesState
from minutes.models import (
    ActionPoint,
    ActionPointChange,
    Comment,
    Edition,
    Minutes,
    MinutesRevision,
    MinutesSection,
)
from notices.enums import NoticeState
from notices.models import Notice, NoticeBatch
from notices.services import UNCERTAIN_AFTER_DATA, notice_fanout_run

DRAFT, CIRCULATED, FINAL, PUBLISHED, CORRIGENDUM = (
    "draft",
    "circulated",
    "final",
    "published",
    "corrigendum",
)

SUMMARY = (
    "The chair introduced the item. Members **welcomed** the joint note and stressed:\n\n"
    "- the need for comparable data across agencies;\n"
    "- the link with the [Global Compact](https://www.un.org/en/migration2022/global-compact-for-migration)"
    " follow-up;\n"
    "- capacity building for national statistical offices.\n"
)
DECISIONS = "The group **agreed** to prepare a common position for the next principals' meeting."
ACTIONS = [
    "Circulate the joint note to all members",
    "Propose a common position for the next principals' meeting",
    "Share the training calendar",
    "Map the regional consultative processes",
    "Collect the members' data sources",
    "Draft a one-page summary for the heads of agency",
]
COMMENTS = [
    "Please add that our agency offered to host the next technical workshop.",
    "The second paragraph should say 'regular pathways', as agreed.",
    "We suggest adding the date by which members send their data.",
    "Our delegation's intervention on children on the move is missing.",
]


def _focal_point(agency_id):
    return (
        Person.objects.filter(agency_id=agency_id, role=Role.FOCAL_POINT, is_active=True)
        .order_by("email")
        .first()
    )


def _at(day: datetime.date, hour: int, now: datetime.datetime) -> datetime.datetime:
    """Noon-ish on ``day`` (UTC), never after ``now``."""
    return min(datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC), now)


@contextlib.contextmanager
def _dated(at: datetime.datetime):
    """What the services record in the audit log within the block happened ``at``."""
    last = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    yield
    AuditEntry.objects.filter(pk__gt=last).update(at=at)


def _plans(held: list) -> dict:
    """Which state each meeting's minutes reach (see the module's docstring)."""
    plans = {meeting.pk: PUBLISHED for meeting in held}
    principals = [m for m in held if m.level == Level.PRINCIPALS]
    working = [m for m in held if m.level == Level.WORKING]
    for series, states in (
        (principals, [DRAFT, CORRIGENDUM]),
        (working, [CIRCULATED, None, FINAL]),
    ):
        for meeting, state in zip(reversed(series), states, strict=False):
            if state:
                plans[meeting.pk] = state
    return plans


class Life:
    """One meeting's life, from its agenda to its action points' follow-up."""

    def __init__(self, meeting, *, number, plan, secretariat, now, today):
        self.meeting = meeting
        self.number = number
        self.plan = plan
        self.secretariat = secretariat
        self.now, self.today = now, today
        self.chair = _focal_point(meeting.chair_agency_id_for_date())
        day = meeting.local_date
        self.day = day
        # Five to seven member agencies take part, the chair's among them.
        members = list(Agency.objects.members_on(day).order_by("acronym"))
        count = 5 + number % 3
        start = (number * 3) % max(len(members), 1)
        chosen = (members[start:] + members[:start])[:count]
        chair_agency = next((a for a in members if a.pk == self.chair.agency_id), None)
        if chair_agency and chair_agency not in chosen:
            chosen = [chair_agency, *chosen[: count - 1]]
        self.agencies = chosen

    def run(self) -> int:
        created = self.agenda() + self.delegations()
        started = _at(self.day + datetime.timedelta(days=1), 9, self.now)
        with _dated(started):
            minutes = services.minutes_start(meeting=self.meeting, actor=self.chair)
        Minutes.objects.filter(pk=minutes.pk).update(created_at=started)
        with _dated(_at(self.day + datetime.timedelta(days=2), 15, self.now)):
            created += 1 + self.draft(minutes)
        try:
            created += self.advance(minutes)
        except ValidationError:
            return created  # a meeting too recent for its part of the story stays where it got
        return created

    # --- Before the meeting ---------------------------------------------------

    def agenda(self) -> int:
        agenda = Agenda.objects.get(meeting=self.meeting)
        if AgendaVersion.objects.filter(agenda=agenda).exists():
            return 0
        title, purposes = TOPICS[self.number % len(TOPICS)]
        first_at = _at(self.day - datetime.timedelta(days=14), 10, self.now)
        second_at = _at(self.day - datetime.timedelta(days=4), 10, self.now)
        with _dated(first_at):
            first, item = self._first_version(agenda, title, purposes)
        versions = [(first, first_at)]
        if self.number % 3 == 1:
            # A corrected version: the item's time changed after the first publication.
            with _dated(second_at):
                agenda.refresh_from_db()
                agenda_services.agenda_item_save(
                    agenda=agenda, actor=self.chair, version=agenda.version, item=item, minutes=50
                )
                agenda.refresh_from_db()
                second = agenda_services.agenda_publish(
                    agenda=agenda, actor=self.chair, version=agenda.version
                )
            versions.append((second, second_at))
        for version, at in versions:
            AgendaVersion.objects.filter(pk=version.pk).update(published_at=at)
        return len(versions)

    def _first_version(self, agenda, title, purposes):
        item = agenda_services.agenda_item_save(
            agenda=agenda,
            actor=self.chair,
            version=agenda.version,
            title=title,
            description="A note from the chair's office is attached to the invitation.",
            minutes=40,
            presenter_agency=self.chair.agency,
            purposes=purposes,
        )
        agenda.refresh_from_db()
        first = agenda_services.agenda_publish(
            agenda=agenda, actor=self.chair, version=agenda.version
        )
        return first, item

    def delegations(self) -> int:
        if Delegate.objects.filter(meeting=self.meeting).exists():
            return 0
        registered = _at(self.day - datetime.timedelta(days=6), 11, self.now)
        with _dated(registered):
            created = self._register()
        Delegate.objects.filter(meeting=self.meeting).update(updated_at=registered)
        # One delegate registered but did not come.
        delegates = list(
            Delegate.objects.filter(meeting=self.meeting).order_by("agency__acronym", "pk")
        )
        absent = delegates[-1].pk if len(delegates) > 3 else None
        with _dated(min(self.meeting.end, self.now)):
            meeting_services.attendance_record(
                meeting=self.meeting,
                actor=self.chair,
                attended_ids=[d.pk for d in delegates if d.pk != absent],
            )
        return created

    def _register(self) -> int:
        created = 0
        for agency in self.agencies:
            people = list(
                Person.objects.filter(
                    agency=agency, role__in=Role.delegation_roles(), is_active=True
                ).order_by("email")
            )
            head = next((p for p in people if p.role == Role.PRINCIPAL), None)
            chosen = [p for p in people if p.role != Role.PRINCIPAL][:2]
            if self.meeting.level == Level.PRINCIPALS and head:
                chosen = [head, *chosen[:1]]
            entries = [
                meeting_services.Entry(
                    person=person,
                    rsvp=Rsvp.ONLINE if (self.number + n) % 4 == 0 else Rsvp.IN_PERSON,
                    is_head=n == 0,
                )
                for n, person in enumerate(chosen)
            ]
            created += len(
                meeting_services.delegation_save(
                    # The registrations of the past are the demo's own work, in nobody's name.
                    meeting=self.meeting,
                    agency=agency,
                    actor=SYSTEM,
                    entries=entries,
                )
            )
        return created

    # --- The minutes ----------------------------------------------------------

    def draft(self, minutes) -> int:
        created = 0
        sections = list(minutes.sections.order_by("number"))
        for section in sections:
            if section.standing in ("", "follow-up"):
                services.section_save(
                    section=section,
                    actor=self.chair,
                    version=section.version,
                    summary=SUMMARY,
                    decisions=DECISIONS if not section.standing else "",
                    # Publication records it in the register of decisions.
                    decision_marked=not section.standing,
                )
        drafted = _at(self.day + datetime.timedelta(days=2), 15, self.now)
        MinutesSection.objects.filter(minutes=minutes).update(updated_at=drafted)
        MinutesRevision.objects.filter(section__minutes=minutes).update(at=drafted)
        topic = next((s for s in sections if not s.standing), sections[0])
        owners = [a for a in self.agencies if a.pk != self.chair.agency_id] or self.agencies
        for n in range(3):
            services.action_point_save(
                section=topic,
                actor=self.chair,
                text=ACTIONS[(self.number + n) % len(ACTIONS)],
                agencies=[owners[(self.number + n) % len(owners)]],
                due=self.day + datetime.timedelta(days=30 * (n + 1)),
                person="",
            )
            created += 1
        ActionPoint.objects.filter(minutes=minutes).update(created_at=drafted, updated_at=drafted)
        ActionPointChange.objects.filter(action_point__minutes=minutes).update(at=drafted)
        return created

    def advance(self, minutes) -> int:
        """Walk the minutes through their states, on the days after the meeting."""
        if self.plan == DRAFT:
            return 0
        if self.plan == CIRCULATED:
            services.minutes_transition(
                minutes=minutes, to=MinutesState.CIRCULATED, actor=self.chair, now=self.now
            )
            return self.comments(minutes, self.now, answered=False)
        circulated = _at(self.day + datetime.timedelta(days=7), 9, self.now)
        # The comment period stays open today while the members' comments go in through
        # the service, then gets back its ten days.
        open_days = (self.today - circulated.date()).days + 1
        with _dated(circulated):
            services.minutes_transition(
                minutes=minutes,
                to=MinutesState.CIRCULATED,
                actor=self.chair,
                now=circulated,
                comment_days=max(open_days, 1),
            )
        created = self.comments(minutes, circulated, answered=True)
        Minutes.objects.filter(pk=minutes.pk).update(
            comments_until=circulated.date() + datetime.timedelta(days=services.COMMENT_DAYS)
        )
        minutes.refresh_from_db()
        final = _at(self.day + datetime.timedelta(days=19), 10, self.now)
        with _dated(final):
            services.minutes_transition(
                minutes=minutes, to=MinutesState.FINAL, actor=self.chair, now=final
            )
        if self.plan == FINAL:
            return created
        published = _at(self.day + datetime.timedelta(days=21), 10, self.now)
        with _dated(published):
            services.minutes_transition(
                minutes=minutes, to=MinutesState.PUBLISHED, actor=self.chair, now=published
            )
        Edition.objects.filter(minutes=minutes).update(published_at=published)
        created += 1
        if self.plan == CORRIGENDUM:
            corrected = _at(self.day + datetime.timedelta(days=35), 10, self.now)
            with _dated(corrected):
                services.minutes_transition(
                    minutes=minutes,
                    to=MinutesState.DRAFT,
                    actor=self.chair,
                    reason="The date of the next meeting was wrong.",
                )
                services.minutes_transition(
                    minutes=minutes, to=MinutesState.PUBLISHED, actor=self.chair
                )
            Edition.objects.filter(minutes=minutes, number=2).update(published_at=corrected)
            created += 1
        self.follow_up(minutes, published)
        return created

    def comments(self, minutes, circulated, *, answered: bool) -> int:
        """Two or three attending agencies comment; the chair's office answers (in the past)."""
        sections = list(minutes.sections.order_by("number"))
        topic = next((s for s in sections if not s.standing), sections[0])
        others = [a for a in self.agencies if a.pk != self.chair.agency_id][: 2 + self.number % 2]
        created = 0
        for n, agency in enumerate(others):
            author = _focal_point(agency.pk)
            if author is None:
                continue
            commented = _at(circulated.date() + datetime.timedelta(days=2 + n), 14, self.now)
            with _dated(commented):
                comment = services.comment_add(
                    section=topic if n % 2 == 0 else sections[min(1, len(sections) - 1)],
                    actor=author,
                    text=COMMENTS[(self.number + n) % len(COMMENTS)],
                )
            created += 1
            if not answered:
                continue
            replied = _at(circulated.date() + datetime.timedelta(days=11), 9, self.now)
            with _dated(replied):
                services.comment_answer(
                    comment=comment,
                    actor=self.chair,
                    outcome=CommentOutcome.TAKEN if n % 2 == 0 else CommentOutcome.NOT_TAKEN,
                    reply="Thank you: the text now says so."
                    if n % 2 == 0
                    else "The minutes record what was said at the meeting.",
                )
            Comment.objects.filter(pk=comment.pk).update(created_at=commented, replied_at=replied)
        return created

    def follow_up(self, minutes, published) -> None:
        """After publication, the owners report: done, dropped, or nothing yet (overdue)."""
        for n, point in enumerate(
            minutes.action_points.order_by("pk").prefetch_related("agencies")
        ):
            if point.due >= self.today:
                continue  # still ahead: open
            choice = (self.number + n) % 5
            if choice == 4:
                continue  # nobody reported: open and overdue
            owner = _focal_point(point.agencies.all()[0].pk)
            last_change = point.changes.order_by("-pk").values_list("pk", flat=True).first()
            reported = max(_at(point.due - datetime.timedelta(days=3), 12, self.now), published)
            dropped = choice == 3
            with _dated(reported):
                services.action_point_set_status(
                    action_point=point,
                    actor=self.chair if dropped else owner or self.secretariat,
                    status=ActionStatus.DROPPED if dropped else ActionStatus.DONE,
                    note="Overtaken by events." if dropped else "Shared on the extranet.",
                )
            ActionPoint.objects.filter(pk=point.pk).update(updated_at=reported)
            ActionPointChange.objects.filter(action_point=point, pk__gt=last_change or 0).update(
                at=reported
            )


@receiver(seed_demo)
def seed_minutes(sender, **kwargs) -> int:
    now = timezone.now()
    today = timezone.localdate()
    secretariat = Person.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    if Agency.objects.count() < 2 or secretariat is None:
        return 0
    held = [
        m
        for m in meetings_with_chair(
            Meeting.objects.filter(status=MeetingStatus.HELD, end__lt=now).order_by("start")
        )
        if m.chair_agency_id_for_date() and _focal_point(m.chair_agency_id_for_date())
    ]
    plans = _plans(held)
    done = set(Minutes.objects.values_list("meeting_id", flat=True))
    batches_before = NoticeBatch.objects.aggregate(last=Max("pk"))["last"] or 0
    created = 0
    for number, meeting in enumerate(held):
        if meeting.pk in done:
            continue
        created += Life(
            meeting,
            number=number,
            plan=plans[meeting.pk],
            secretariat=secretariat,
            now=now,
            today=today,
        ).run()
    return created + _outbox(batches_before, now)


def _outbox(batches_before: int, now) -> int:
    """The notices of the past: told then, not to be sent again now.

    The fan-outs of the occasions this run wrote into the past are marked as
    handed out (the worker then writes nothing for them), except the comment
    period open today. The last two past occasions (an agenda, then minutes)
    are written into the outbox here, through the fan-out, and marked sent
    when they were; one of them failed (the address was refused) and one is
    uncertain (the server never answered): the secretariat's to-do.
    """
    batches = list(
        NoticeBatch.objects.filter(pk__gt=batches_before, finished_at__isnull=True).order_by("pk")
    )
    past = [b for b in batches if not _is_open_today(b)]
    shown = [b for b in past if b.kind == "agenda_published"][-1:] + [
        b for b in past if b.kind == "minutes_published"
    ][-1:]
    created = 0
    for batch in shown:
        created += notice_fanout_run(batch_id=batch.pk)
        about = batch.content_type.get_object_for_this_type(pk=batch.object_id)
        at = getattr(about, "published_at", now)
        Notice.objects.filter(idempotency_key__startswith=f"{batch.key}:to:").update(
            state=NoticeState.SENT,
            attempts=1,
            created_at=at,
            next_attempt_at=at,
            last_attempt_at=at,
            sent_at=at + datetime.timedelta(seconds=20),
        )
    for batch in past:
        if batch not in shown:
            NoticeBatch.objects.filter(pk=batch.pk).update(
                done=len(batch.recipient_ids), finished_at=now
            )
    if shown:
        notices = list(
            Notice.objects.filter(idempotency_key__startswith=f"{shown[0].key}:to:").order_by("pk")[
                :2
            ]
        )
        if len(notices) == 2:
            failed, uncertain = notices
            Notice.objects.filter(pk=failed.pk).update(
                state=NoticeState.FAILED,
                attempts=settings.NOTICE_MAX_ATTEMPTS,
                sent_at=None,
                last_error=(
                    f"SMTPRecipientsRefused: {{'{failed.to_email}': "
                    "(550, '5.1.1 Mailbox unavailable')}"
                ),
            )
            Notice.objects.filter(pk=uncertain.pk).update(
                state=NoticeState.UNCERTAIN,
                sent_at=None,
                last_error=(
                    f"{UNCERTAIN_AFTER_DATA} "
                    "(SMTPServerDisconnected: Connection unexpectedly closed)"
                ),
            )
    return created


def _is_open_today(batch) -> bool:
    """The circulation of the minutes whose comment period runs today is today's news."""
    if batch.kind != "minutes_circulated":
        return False
    minutes = Minutes.objects.filter(pk=batch.object_id).first()
    return bool(minutes and minutes.state == MinutesState.CIRCULATED)
