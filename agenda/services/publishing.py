"""Publishing the agenda: its reference, a frozen numbered version, the participants told."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from agenda.models import Agenda, AgendaVersion
from agenda.pdf import AGENDA_PDF
from agenda.selectors import agenda_participants, agenda_snapshot
from core.audit import audit_record
from core.documents.services import documents_request
from core.errors import ConflictError
from core.permissions import SYSTEM, require
from meetings.enums import Level, MeetingStatus
from meetings.models import Meeting
from meetings.services.meetings import meeting_freeze_chair
from notices.services import notice_fanout

# What a participant is told changed in an item between two versions.
ITEM_FIELDS = (
    "title",
    "description",
    "presenter_agency",
    "presenter",
    "minutes",
    "purposes",
    "papers",
)
MEETING_FIELDS = ("start", "end", "time_zone", "venue", "online_link")


def _item_changes(before: dict, after: dict) -> list[dict]:
    old = {item["id"]: item for item in before["items"]}
    new = {item["id"] for item in after["items"]}
    changes = []
    for item in after["items"]:
        previous = old.get(item["id"])
        if previous is None:
            changes.append({"kind": "added", "n": item["number"], "title": item["title"]})
            continue
        if previous["number"] != item["number"]:
            changes.append(
                {
                    "kind": "moved",
                    "n": item["number"],
                    "old": previous["number"],
                    "title": item["title"],
                }
            )
        fields = [key for key in ITEM_FIELDS if previous.get(key) != item.get(key)]
        if fields:
            changes.append(
                {"kind": "changed", "n": item["number"], "title": item["title"], "fields": fields}
            )
    changes.extend(
        {"kind": "removed", "title": item["title"]}
        for item in before["items"]
        if item["id"] not in new
    )
    return changes


def agenda_changes(before: dict | None, after: dict) -> list[dict]:
    """What changed between two published versions, as codes: each reader sees them in words
    of their own language (``AgendaVersion.changes_in_words``)."""
    if before is None:
        return []
    changes = _item_changes(before, after)
    changes.extend(
        {"kind": "meeting", "field": key}
        for key in MEETING_FIELDS
        if before.get(key) != after.get(key)
    )
    return changes


def _assign_reference(agenda: Agenda) -> None:
    """Number the meeting in its series (level and year) by the order of the meetings' dates.

    The number is the meeting's place among that year's meetings of its level
    (ad hoc ones included, cancelled ones without a reference left out). It
    never changes once given: if that place's number is already taken (a
    meeting added later to an earlier date), the meeting takes the next free
    number after the series' last.
    """
    meeting = agenda.meeting
    agenda.series = "PM" if meeting.level == Level.PRINCIPALS else "WL"
    agenda.year = meeting.local_date.year
    series = Agenda.objects.select_for_update().filter(series=agenda.series, year=agenda.year)
    taken = set(series.exclude(number__isnull=True).values_list("number", flat=True))
    earlier = (
        Meeting.objects.filter(
            level=meeting.level,
            local_date__year=agenda.year,
        )
        .filter(
            Q(local_date__lt=meeting.local_date)
            | Q(local_date=meeting.local_date, start__lt=meeting.start)
        )
        .exclude(Q(status=MeetingStatus.CANCELLED) & Q(agenda__number__isnull=True))
        .count()
    )
    place = earlier + 1
    agenda.number = place if place not in taken else max(taken) + 1
    agenda.save(update_fields=["series", "year", "number"])


def _notify_participants(agenda: Agenda, published: AgendaVersion) -> None:
    meeting = agenda.meeting
    notice_fanout(
        recipients=agenda_participants(meeting),
        kind="agenda_published",
        key=f"agenda:{agenda.pk}:v{published.number}",
        template="agenda/email/agenda_published",
        context={"version": published, "meeting": meeting, "site_url": settings.SITE_URL},
        about=published,
    )


@transaction.atomic
def agenda_publish(*, agenda: Agenda, actor, version: int) -> AgendaVersion:
    """Publish a numbered, frozen version; tell the participants; render its PDF in the worker.

    The first publication gives the meeting its reference and freezes its chair.
    """
    meeting = agenda.meeting
    require(actor, "agenda.publish_agenda", meeting)
    agenda = Agenda.objects.select_for_update().select_related("meeting").get(pk=agenda.pk)
    if agenda.version != version:
        raise ConflictError(
            _("Someone else changed this agenda meanwhile: check it again before publishing.")
        )
    if agenda.number is None:
        _assign_reference(agenda)
        meeting_freeze_chair(meeting=agenda.meeting, actor=SYSTEM)
        agenda.meeting.refresh_from_db()
    previous = agenda.versions.order_by("-number").first()
    snapshot = agenda_snapshot(agenda)
    if previous is not None and previous.snapshot == snapshot:
        raise ValidationError(_("Nothing changed since version %(n)s.") % {"n": previous.number})
    published = AgendaVersion.objects.create(
        agenda=agenda,
        number=(previous.number + 1) if previous else 1,
        published_by=actor,
        snapshot=snapshot,
        changes=agenda_changes(previous.snapshot if previous else None, snapshot),
    )
    _notify_participants(agenda, published)
    documents_request(owner=published, kind=AGENDA_PDF)
    audit_record(actor=actor, action="agenda.publish", target=meeting, version=published.number)
    return published
