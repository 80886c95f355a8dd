"""Every write about meetings: create, plan a year, change, cancel, invite, documents."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.clock import group_today
from core.permissions import require
from core.registry import Registry
from core.uploads import OFFICE_TYPES, check_upload
from core.versioning import save_versioned
from meetings.enums import STATUS_TRANSITIONS, Kind, Level, MeetingStatus
from meetings.models import Meeting, MeetingDocument
from meetings.selectors import chair_on
from meetings.signals import meeting_created
from meetings.titles import meeting_default_title, quarter_of
from members.enums import Role
from members.models import Agency, Person
from notices.services import notice_fanout, notice_queue_many

# Fields whose change a calendar must show: they raise the iCal SEQUENCE.
CALENDAR_FIELDS = {"title", "start", "end", "time_zone", "venue", "online_link", "description"}
TIME_FIELDS = {"start", "end", "time_zone"}
# A change of these is told to everyone who holds the meeting's date and place.
MOVE_FIELDS = TIME_FIELDS | {"venue", "online_link"}

# function(meeting) -> ids of people holding a document of the meeting (the published
# agenda): a higher floor registers one, so that a new date or place reaches them too.
meeting_audiences = Registry("meeting audiences")

# Meeting documents: office files (as for topic papers) and pictures.
DOCUMENT_TYPES = {**OFFICE_TYPES, "png": "image/png", "jpg": "image/jpeg"}


# Key of the advisory lock that serialises "plan a year" (any fixed number).
PLAN_YEAR_LOCK = 4762


def _check_deadlines(local_date: datetime.date, **deadlines) -> None:
    """The proposal and registration deadlines fall on or before the meeting's day."""
    errors = {
        name: _("Choose a date on or before the meeting.")
        for name, day in deadlines.items()
        if day is not None and day > local_date
    }
    if errors:
        raise ValidationError(errors)


def default_deadline(local_date: datetime.date, *, days_before: int) -> datetime.date:
    """``days_before`` the meeting, but never already past for a meeting still ahead: a
    short-notice meeting takes topics and registrations until today at least."""
    deadline = local_date - datetime.timedelta(days=days_before)
    today = group_today()
    if deadline < today <= local_date:
        return today
    return deadline


def _check_times(start, end):
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValueError("Meeting times must be aware datetimes.")
    if end <= start:
        raise ValidationError({"end": _("The meeting must end after it starts.")})


@transaction.atomic
def meeting_create(
    *,
    actor,
    level: str,
    kind: str,
    start: datetime.datetime,
    end: datetime.datetime,
    time_zone: str,
    title: str = "",
    venue: str = "",
    online_link: str = "",
    related_meeting: Meeting | None = None,
    proposal_deadline: datetime.date | None = None,
    registration_deadline: datetime.date | None = None,
    description: str = "",
) -> Meeting:
    """Add a meeting; the title and the deadlines default from its date.

    The secretariat adds any meeting; the chair's office adds ad hoc meetings
    within its own term (it would have no rights on another term's meeting).
    """
    require(actor, "meetings.add_meeting")
    if kind != Kind.AD_HOC:
        # The chair's office adds ad hoc meetings; regular ones come from the plan.
        require(actor, "meetings.add_regular_meeting")
    _check_times(start, end)
    local_date = start.astimezone(zoneinfo.ZoneInfo(time_zone)).date()
    _check_deadlines(
        local_date, proposal_deadline=proposal_deadline, registration_deadline=registration_deadline
    )
    if not actor.has_perm("meetings.schedule_in_any_term"):
        term = chair_on(local_date)
        if term is None or term.agency_id != actor.agency_id:
            current = chair_on(group_today())
            raise ValidationError(
                {
                    "date": _(
                        "Your agency chairs until %(end)s: choose a date in its term, "
                        "or ask the secretariat."
                    )
                    % {"end": date_format(current.end, _("j F Y")) if current else "—"}
                }
            )
    default_title = meeting_default_title(level=level, kind=kind, local_date=local_date)
    meeting = Meeting(
        level=level,
        kind=kind,
        start=start,
        end=end,
        time_zone=time_zone,
        title=title or default_title,
        title_is_default=not title or title == default_title,
        venue=venue,
        online_link=online_link,
        related_meeting=related_meeting,
        proposal_deadline=proposal_deadline
        or default_deadline(local_date, days_before=settings.GMG_PROPOSAL_DAYS),
        registration_deadline=registration_deadline
        or default_deadline(local_date, days_before=settings.GMG_REGISTRATION_DAYS),
        description=description,
    )
    meeting.full_clean(exclude=["local_date"])
    meeting.save()
    audit_record(actor=actor, action="meeting.create", target=meeting, level=level, kind=kind)
    meeting_created.send(sender=Meeting, meeting=meeting, actor=actor)
    return meeting


def meeting_recipients():
    """The focal points and principals of all current members."""
    return Person.objects.filter(
        is_active=True, role__in=Role.member_roles(), agency__in=Agency.objects.members_on()
    ).order_by("pk")


def _notify(*, meeting: Meeting, kind: str, key: str) -> int:
    return notice_queue_many(
        recipients=meeting_recipients(),
        kind=kind,
        key_prefix=key,
        template=f"meetings/email/{kind.removeprefix('meeting_')}",
        context={"meeting": meeting, "documents": list(meeting.documents.all())},
        about=meeting,
    )


def _follow_default_title(meeting: Meeting, fields: dict) -> None:
    """A title made from the date follows a new date; a title someone typed stays.

    An empty title asks for the default one again.
    """
    start = fields.get("start", meeting.start)
    zone = zoneinfo.ZoneInfo(fields.get("time_zone", meeting.time_zone))
    default = meeting_default_title(
        level=fields.get("level", meeting.level),
        kind=fields.get("kind", meeting.kind),
        local_date=start.astimezone(zone).date(),
    )
    typed = (fields.get("title") or "").strip() if "title" in fields else meeting.title
    if not typed:
        fields["title"], fields["title_is_default"] = default, True
    elif typed != meeting.title:
        fields["title"], fields["title_is_default"] = typed, typed == default
    elif meeting.title_is_default and typed != default:
        fields["title"] = default


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor, version: int, **fields) -> Meeting:
    """Edit a meeting; a change calendars show raises its SEQUENCE, a new time re-notifies.

    Refused if someone else saved it meanwhile.
    """
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be changed."))
    require(actor, "meetings.change_meeting", meeting)
    if "start" in fields or "end" in fields:
        _check_times(fields.get("start", meeting.start), fields.get("end", meeting.end))
    _follow_default_title(meeting, fields)
    changed = {name for name, value in fields.items() if getattr(meeting, name) != value}
    rescheduled = bool(changed & TIME_FIELDS)
    if changed & CALENDAR_FIELDS:
        fields["sequence"] = meeting.sequence + 1
    if rescheduled:
        start = fields.get("start", meeting.start)
        zone = zoneinfo.ZoneInfo(fields.get("time_zone", meeting.time_zone))
        fields["local_date"] = start.astimezone(zone).date()
        can_move = actor.has_perm("meetings.schedule_in_any_term")
        if not can_move and not meeting.frozen_chair_id:
            # The chair's office may not move its meeting into another agency's term.
            term = chair_on(fields["local_date"])
            if term is None or term.agency_id != actor.agency_id:
                raise ValidationError(
                    {
                        "start": _(
                            "That date is outside your agency's chair term: "
                            "ask the secretariat to move the meeting."
                        )
                    }
                )
    # The deadlines being set (the edit form sends both) fall on or before the meeting.
    _check_deadlines(
        fields.get("local_date", meeting.local_date),
        **{
            name: fields[name]
            for name in ("proposal_deadline", "registration_deadline")
            if name in fields
        },
    )
    save_versioned(obj=meeting, version=version, fields=fields)
    audit_record(actor=actor, action="meeting.update", target=meeting, fields=sorted(changed))
    if changed & MOVE_FIELDS:
        notice_fanout(
            recipients=meeting_change_recipients(meeting),
            kind="meeting_rescheduled",
            key=f"meeting-rescheduled:{meeting.pk}:seq{meeting.sequence}",
            template="meetings/email/rescheduled",
            context={"meeting": meeting},
            about=meeting,
        )
    return meeting


def meeting_change_recipients(meeting: Meeting) -> list[int]:
    """Who is told of a new date, time or place: whoever was invited (once the invitation
    went), whoever registered, and whoever holds a document of the meeting (the floors
    above say who, through ``meeting_audiences``: those who received the agenda)."""
    ids = set(meeting.delegates.values_list("person_id", flat=True))
    if Meeting.objects.filter(pk=meeting.pk, invited_at__isnull=False).exists():
        ids |= set(meeting_recipients().values_list("pk", flat=True))
    for audience in meeting_audiences:
        ids |= set(audience(meeting))
    return sorted(ids)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor, reason: str) -> Meeting:
    """Cancel a planned meeting with a reason; those invited are told, calendars show it."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if MeetingStatus.CANCELLED not in STATUS_TRANSITIONS[meeting.status]:
        raise ValidationError(_("Only a planned meeting can be cancelled."))
    require(actor, "meetings.cancel_meeting", meeting)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason.strip()
    meeting.sequence += 1
    meeting.version += 1
    meeting.save(update_fields=["status", "cancel_reason", "sequence", "version"])
    audit_record(actor=actor, action="meeting.cancel", target=meeting, reason=reason)
    if meeting.invited_at:
        _notify(meeting=meeting, kind="meeting_cancelled", key=f"meeting-cancelled:{meeting.pk}")
    return meeting


@transaction.atomic
def meeting_invite(*, meeting: Meeting, actor) -> int:
    """Send the invitation to the focal points and principals of all members.

    Each person is invited once (a changed date is announced by the
    reschedule notice, not by a second invitation). Returns how many were queued.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be announced."))
    require(actor, "meetings.invite_meeting", meeting)
    count = _notify(
        meeting=meeting,
        kind="meeting_invitation",
        key=f"meeting-invitation:{meeting.pk}",
    )
    if meeting.invited_at is None:
        meeting.invited_at = timezone.now()
        meeting.save(update_fields=["invited_at"])
    audit_record(actor=actor, action="meeting.invite", target=meeting, queued=count)
    return count


@transaction.atomic
def meeting_freeze_chair(*, meeting: Meeting, actor) -> Meeting:
    """Keep today's chair on the meeting (the agenda floor calls it on first publication).

    System work: the agenda's first publication asks for it with ``SYSTEM``.
    """
    require(actor, "meetings.freeze_chair", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.frozen_chair_id is None and meeting.chair_agency_id_for_date() is not None:
        meeting.frozen_chair_id = meeting.chair_agency_id_for_date()
        meeting.save(update_fields=["frozen_chair"])
        audit_record(actor=actor, action="meeting.freeze_chair", target=meeting)
    return meeting


@transaction.atomic
def meeting_document_add(*, meeting: Meeting, actor, title: str, file) -> MeetingDocument:
    """Attach a file to a meeting; refused above the size limit or outside the allowed types."""
    require(actor, "meetings.add_meetingdocument", meeting)
    name = file.name
    if name.lower().endswith(".jpeg"):
        file.name = name[:-5] + ".jpg"
    try:
        content_type, _sha256 = check_upload(
            file, allowed=DOCUMENT_TYPES, max_mb=settings.GMG_DOCUMENT_MAX_MB
        )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document = MeetingDocument(
        meeting=meeting,
        title=title,
        file=file,
        content_type=content_type,
        size=file.size,
        uploaded_by=actor,
    )
    document.save()
    audit_record(actor=actor, action="meeting.document_add", target=meeting, title=title)
    return document


# --- Plan a year ------------------------------------------------------------------


@dataclass(frozen=True)
class YearPattern:
    """When the regular meetings of a year fall."""

    weekday: int = 1  # Monday = 0
    nth: int = 2  # 1-4, or -1 for the last
    month_in_quarter: int = 2  # 1-3
    start_time: datetime.time = datetime.time(10, 0)
    end_time: datetime.time = datetime.time(13, 0)
    time_zone: str = "Europe/Zurich"
    working_weeks_before: int = 3  # 0: no working-level meetings
    working_start_time: datetime.time = datetime.time(14, 0)
    working_end_time: datetime.time = datetime.time(16, 0)


@dataclass
class PlannedMeeting:
    level: str
    title: str
    start: datetime.datetime
    end: datetime.datetime
    time_zone: str
    quarter: int
    existing: Meeting | None = None
    working: list = field(default_factory=list)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    if nth > 0:
        offset = (weekday - first.weekday()) % 7
        return first + datetime.timedelta(days=offset + 7 * (nth - 1))
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last = following - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def _aware(day: datetime.date, at: datetime.time, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, at, tzinfo=zone)


def meeting_plan_preview(*, year: int, pattern: YearPattern) -> list[PlannedMeeting]:
    """The year's regular meetings on the pattern, each marked when it already exists."""
    zone = zoneinfo.ZoneInfo(pattern.time_zone)
    existing = {
        quarter_of(m.local_date): m
        for m in Meeting.objects.filter(
            level=Level.PRINCIPALS, kind=Kind.REGULAR, local_date__year=year
        ).prefetch_related("working_meetings")
    }
    plan = []
    for quarter in range(1, 5):
        month = (quarter - 1) * 3 + pattern.month_in_quarter
        day = nth_weekday(year, month, pattern.weekday, pattern.nth)
        principal = PlannedMeeting(
            level=Level.PRINCIPALS,
            title=meeting_default_title(level=Level.PRINCIPALS, kind=Kind.REGULAR, local_date=day),
            start=_aware(day, pattern.start_time, zone),
            end=_aware(day, pattern.end_time, zone),
            time_zone=pattern.time_zone,
            quarter=quarter,
            existing=existing.get(quarter),
        )
        if pattern.working_weeks_before:
            working_day = day - datetime.timedelta(weeks=pattern.working_weeks_before)
            already = None
            if principal.existing is not None:
                already = next(
                    (
                        w
                        for w in principal.existing.working_meetings.all()
                        if w.kind == Kind.REGULAR
                    ),
                    None,
                )
            principal.working.append(
                PlannedMeeting(
                    level=Level.WORKING,
                    title=meeting_default_title(
                        level=Level.WORKING, kind=Kind.REGULAR, local_date=day
                    ),
                    start=_aware(working_day, pattern.working_start_time, zone),
                    end=_aware(working_day, pattern.working_end_time, zone),
                    time_zone=pattern.time_zone,
                    quarter=quarter,
                    existing=already,
                )
            )
        plan.append(principal)
    return plan


@transaction.atomic
def meeting_plan_year(*, year: int, pattern: YearPattern, actor) -> list[Meeting]:
    """Create the year's regular meetings on the pattern; those that exist are left alone."""
    require(actor, "meetings.plan_year")
    # One planner at a time: the second waits, then finds the first one's meetings.
    # A row lock would lock nothing in a year without meetings, so PostgreSQL
    # takes a transaction-wide advisory lock; SQLite's IMMEDIATE transactions
    # already run one writer at a time.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [PLAN_YEAR_LOCK, year])
    created = []
    for planned in meeting_plan_preview(year=year, pattern=pattern):
        principal = planned.existing
        if principal is None:
            principal = meeting_create(
                actor=actor,
                level=planned.level,
                kind=Kind.REGULAR,
                start=planned.start,
                end=planned.end,
                time_zone=planned.time_zone,
                title=planned.title,
            )
            created.append(principal)
        for working in planned.working:
            if working.existing is None:
                created.append(
                    meeting_create(
                        actor=actor,
                        level=Level.WORKING,
                        kind=Kind.REGULAR,
                        start=working.start,
                        end=working.end,
                        time_zone=working.time_zone,
                        title=working.title,
                        related_meeting=principal,
                    )
                )
    audit_record(actor=actor, action="meeting.plan_year", year=year, created=len(created))
    return created
