"""Reads that span relations, with the chair already joined."""

import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from meetings.enums import Rsvp
from meetings.models import ChairTerm, Delegate, Meeting, MeetingDocument
from members.models import Agency


def chair_on(on: datetime.date) -> ChairTerm | None:
    """The term covering ``on`` (both ends included), or None in a gap."""
    return ChairTerm.objects.select_related("agency").filter(start__lte=on, end__gte=on).first()


def chair_current_and_next(*, today: datetime.date) -> tuple[ChairTerm | None, ChairTerm | None]:
    """The term covering today (or None) and the one after it, in one query.

    Terms never overlap: of those not over by today, the first covers today if it has
    started, and the next one follows it.
    """
    terms = list(
        ChairTerm.objects.select_related("agency").filter(end__gte=today).order_by("start")[:2]
    )
    if terms and terms[0].start <= today:
        return terms[0], terms[1] if len(terms) > 1 else None
    return None, terms[0] if terms else None


def rotation_terms(*, since: datetime.date | None = None) -> list:
    """The terms in order, with the gaps between them as ``("gap", start, end)`` rows."""
    terms = ChairTerm.objects.select_related("agency").order_by("start")
    if since:
        terms = terms.filter(end__gte=since)
    rows = []
    previous = None
    for term in terms:
        if previous and term.start > previous.end + datetime.timedelta(days=1):
            rows.append(
                {
                    "gap": True,
                    "start": previous.end + datetime.timedelta(days=1),
                    "end": term.start - datetime.timedelta(days=1),
                }
            )
        rows.append({"gap": False, "term": term, "start": term.start, "end": term.end})
        previous = term
    return rows


def rotation_order():
    """Agencies in the rotation order, with ``is_member`` today."""
    return Agency.objects.with_current_membership().order_by("rotation_position", "acronym")


def _term_agency(field: str):
    return Subquery(
        ChairTerm.objects.filter(start__lte=OuterRef("local_date"), end__gte=OuterRef("local_date"))
        .order_by("start")
        .values(field)[:1]
    )


def meetings_with_chair(queryset=None):
    """Meetings with their date's chair annotated: ``term_chair_id``, ``term_chair_acronym``."""
    queryset = queryset if queryset is not None else Meeting.objects.all()
    return queryset.select_related("frozen_chair", "related_meeting").annotate(
        term_chair_id=_term_agency("agency_id"),
        term_chair_acronym=_term_agency("agency__acronym"),
    )


def meeting_list(*, level: str = "", kind: str = "", start=None, end=None, upcoming=None, now=None):
    meetings = meetings_with_chair()
    if level:
        meetings = meetings.filter(level=level)
    if kind:
        meetings = meetings.filter(kind=kind)
    if start:
        meetings = meetings.filter(local_date__gte=start)
    if end:
        meetings = meetings.filter(local_date__lte=end)
    if upcoming is True:
        meetings = meetings.filter(end__gte=now)
    elif upcoming is False:
        meetings = meetings.filter(end__lt=now).order_by("-start")
    return meetings


def meeting_page():
    return meetings_with_chair().prefetch_related(
        Prefetch("documents", queryset=MeetingDocument.objects.order_by("uploaded_at")),
        Prefetch("working_meetings", queryset=Meeting.objects.order_by("start")),
    )


def meeting_participants(*, meeting: Meeting):
    return Delegate.objects.filter(meeting=meeting).select_related("agency", "person")


def meeting_totals(*, meeting: Meeting) -> dict:
    return Delegate.objects.filter(meeting=meeting).aggregate(
        in_person=Count("pk", filter=Q(rsvp=Rsvp.IN_PERSON)),
        online=Count("pk", filter=Q(rsvp=Rsvp.ONLINE)),
        not_attending=Count("pk", filter=Q(rsvp=Rsvp.NOT_ATTENDING)),
        agencies=Count("agency", distinct=True),
    )


def delegate_totals(delegates) -> dict:
    """``meeting_totals`` counted from the delegates already read."""
    rsvps = [d.rsvp for d in delegates]
    return {
        "in_person": rsvps.count(Rsvp.IN_PERSON),
        "online": rsvps.count(Rsvp.ONLINE),
        "not_attending": rsvps.count(Rsvp.NOT_ATTENDING),
        "agencies": len({d.agency_id for d in delegates}),
    }


def meetings_visible_to(person, *, ending_after: datetime.datetime | None = None):
    """Every meeting the person may see (cancelled ones too: calendars must learn of it).

    ``ending_after`` keeps only the meetings that end after it (a feed's window).
    """
    meetings = Meeting.objects.select_related("frozen_chair").order_by("start")
    if ending_after is not None:
        meetings = meetings.filter(end__gt=ending_after)
    return [m for m in meetings if person.has_perm("meetings.view_meeting", m)]
