"""Every write about topic proposals, agenda items, published agendas and guests."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.enums import PROPOSAL_TRANSITIONS, PdfState, ProposalState, Purpose, StandingItem
from agenda.models import (
    Agenda,
    AgendaItem,
    AgendaVersion,
    GuestInvitation,
    Paper,
    Proposal,
    ProposalDecision,
    PurposeTag,
)
from core.audit import audit_record
from core.clock import group_today
from core.errors import ConflictError
from core.uploads import OFFICE_TYPES, check_upload
from meetings.enums import Level, MeetingStatus
from meetings.models import Meeting
from meetings.services.meetings import meeting_freeze_chair
from members.enums import Role
from members.models import Agency, Person
from members.services import person_invite
from notices.services import notice_fanout, notice_queue

logger = logging.getLogger(__name__)

PAPER_MAX_MB = 20


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


# --- Papers -----------------------------------------------------------------


def paper_upload(*, file, actor) -> Paper:
    """Keep an uploaded paper on the server, not yet attached (a form may still be corrected)."""
    content_type, sha256 = check_upload(file, allowed=OFFICE_TYPES, max_mb=PAPER_MAX_MB)
    paper = Paper(
        name=file.name[:255],
        content_type=content_type,
        size=file.size,
        sha256=sha256,
        uploaded_by=actor,
    )
    paper.file.save(file.name, file, save=False)
    paper.save()
    return paper


def papers_held_for(*, actor, ids) -> list[Paper]:
    """Papers this person uploaded and has not attached yet (or attached to ``proposal``)."""
    return list(Paper.objects.filter(pk__in=ids, uploaded_by=actor, item__isnull=True))


# --- Proposals --------------------------------------------------------------


def next_suitable_meeting(*, level: str, today: datetime.date | None = None) -> Meeting | None:
    """The next planned meeting of this level whose proposal deadline has not passed."""
    today = today or group_today()
    return (
        Meeting.objects.filter(
            level=level, status=MeetingStatus.PLANNED, proposal_deadline__gte=today
        )
        .order_by("start")
        .first()
    )


def _set_purposes(obj, purposes) -> None:
    obj.purposes.set(PurposeTag.objects.filter(code__in=[str(p) for p in purposes]))


@transaction.atomic
def proposal_create(*, actor, purposes, guest_organizations=(), papers=(), **fields) -> Proposal:
    """A focal point writes a topic proposal for their agency (a draft until submitted)."""
    _require(actor, "agenda.add_proposal")
    proposal = Proposal.objects.create(agency=actor.agency, author=actor, **fields)
    _set_purposes(proposal, purposes)
    proposal.guest_organizations.set(guest_organizations)
    Paper.objects.filter(pk__in=[p.pk for p in papers], uploaded_by=actor).update(proposal=proposal)
    audit_record(actor=actor, action="proposal.create", target=proposal)
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    actor,
    version: int,
    purposes,
    guest_organizations=(),
    papers=(),
    **fields,
) -> Proposal:
    """Edit an undecided proposal; refused if someone saved it meanwhile."""
    _require(actor, "agenda.change_proposal", proposal)
    if proposal.state != ProposalState.DRAFT:
        # Once with a chair, only the chair's office moves it (by deferring).
        fields.pop("meeting", None)
        fields.pop("level", None)
    updated = Proposal.objects.filter(
        pk=proposal.pk, version=version, state__in=ProposalState.editable()
    ).update(version=F("version") + 1, **fields)
    if not updated:
        raise ConflictError(
            _("This proposal was changed or decided while you were editing it. Review it first.")
        )
    proposal.refresh_from_db()
    _set_purposes(proposal, purposes)
    proposal.guest_organizations.set(guest_organizations)
    Paper.objects.filter(pk__in=[p.pk for p in papers], uploaded_by=actor).update(proposal=proposal)
    audit_record(actor=actor, action="proposal.update", target=proposal)
    return proposal


def _notify_proposal(proposal: Proposal, *, kind: str, occasion: str) -> None:
    recipients = Person.objects.filter(
        agency=proposal.agency, role=Role.FOCAL_POINT, is_active=True
    )
    for person in recipients:
        notice_queue(
            to=person,
            kind=kind,
            key=f"{kind}:{proposal.pk}:{occasion}:to:{person.pk}",
            template=f"agenda/email/{kind}",
            context={"proposal": proposal},
            about=proposal,
        )


@transaction.atomic
def proposal_transition(
    *, proposal: Proposal, to: str, actor, note: str = "", meeting: Meeting | None = None
) -> Proposal:
    """The one way a proposal changes state: checks the table, the rule, and audits.

    - submit: resolves "next suitable meeting", marks it late after the deadline, sends a receipt;
    - accept: the topic becomes an agenda item, with its papers and guests;
    - defer: moves it to a later meeting (``meeting``), whose chair's office decides;
    - decline, withdraw: closes it. Every decision tells the proposing agency.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    source = proposal.state
    if to not in PROPOSAL_TRANSITIONS[source]:
        raise ValidationError(
            _("A proposal that is %(from)s cannot become %(to)s.")
            % {"from": ProposalState(source).label, "to": ProposalState(to).label}
        )
    perm = {
        ProposalState.SUBMITTED: "agenda.submit_proposal",
        ProposalState.WITHDRAWN: "agenda.withdraw_proposal",
    }.get(to, "agenda.decide_proposal")
    _require(actor, perm, proposal)
    now = timezone.now()
    decided_meeting = proposal.meeting

    if to == ProposalState.SUBMITTED:
        if proposal.meeting is None:
            proposal.meeting = next_suitable_meeting(level=proposal.level)
            if proposal.meeting is None:
                raise ValidationError(
                    _("No upcoming meeting is open for topics yet; choose a meeting.")
                )
        if proposal.meeting.status != MeetingStatus.PLANNED:
            raise ValidationError({"meeting": _("That meeting is no longer planned.")})
        proposal.submitted_at = now
        proposal.is_late = group_today() > proposal.meeting.proposal_deadline
        decided_meeting = proposal.meeting
    elif to == ProposalState.DEFERRED:
        if (
            meeting is None
            or meeting.start <= proposal.meeting.start
            or meeting.level != proposal.meeting.level
        ):
            raise ValidationError({"meeting": _("Choose a later meeting to defer the topic to.")})
        if meeting.status != MeetingStatus.PLANNED:
            raise ValidationError({"meeting": _("That meeting is no longer planned.")})
        proposal.deferred_from = proposal.meeting
        proposal.meeting = meeting
        proposal.is_late = False
    elif to == ProposalState.ACCEPTED:
        _accept_into_agenda(proposal)

    if to in (ProposalState.ACCEPTED, ProposalState.DEFERRED, ProposalState.DECLINED):
        proposal.decision_note = note
        proposal.decided_by = actor
        proposal.decided_at = now
    proposal.state = to
    proposal.version += 1
    proposal.save()
    ProposalDecision.objects.create(
        proposal=proposal,
        from_state=source,
        to_state=to,
        meeting=decided_meeting,
        note=note,
        actor=actor,
        at=now,
    )
    audit_record(actor=actor, action=f"proposal.{to}", target=proposal, note=note)
    if to == ProposalState.SUBMITTED:
        _notify_proposal(proposal, kind="proposal_receipt", occasion=f"submitted-{now.isoformat()}")
    elif to != ProposalState.WITHDRAWN:
        _notify_proposal(proposal, kind="proposal_decision", occasion=f"{to}-{now.isoformat()}")
    return proposal


def _accept_into_agenda(proposal: Proposal) -> AgendaItem:
    agenda = agenda_ensure(meeting=proposal.meeting)
    item = AgendaItem.objects.create(
        agenda=agenda,
        position=_position_before_aob(agenda),
        title=proposal.title,
        description=proposal.summary,
        presenter_agency=proposal.agency,
        presenter=proposal.author,
        minutes=proposal.minutes_wished,
        proposal=proposal,
    )
    item.purposes.set(proposal.purposes.all())
    proposal.papers.update(item=item)
    for organization in proposal.guest_organizations.all():
        invitation, _created = GuestInvitation.objects.get_or_create(
            meeting=proposal.meeting, organization=organization, defaults={"proposal": proposal}
        )
        invitation.items.add(item)
    _bump(agenda)
    return item


# --- The agenda -------------------------------------------------------------

STEP = 10


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting of the same level before this one (not cancelled): its minutes are adopted."""
    return (
        Meeting.objects.filter(level=meeting.level, start__lt=meeting.start)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-start")
        .first()
    )


@transaction.atomic
def agenda_ensure(*, meeting: Meeting) -> Agenda:
    """The meeting's agenda, created with its standing items the first time it is needed."""
    agenda, created = Agenda.objects.get_or_create(meeting=meeting)
    if created:
        previous = previous_meeting(meeting)
        standing = [
            (StandingItem.ADOPT_AGENDA, 1 * STEP, 5, None),
            (StandingItem.ADOPT_MINUTES, 2 * STEP, 5, previous),
            (StandingItem.FOLLOW_UP, 3 * STEP, 15, None),
            (StandingItem.AOB, 1000 * STEP, 10, None),
        ]
        AgendaItem.objects.bulk_create(
            AgendaItem(
                agenda=agenda,
                standing=code,
                title=str(StandingItem(code).label),
                position=position,
                minutes=minutes,
                linked_meeting=linked,
            )
            for code, position, minutes, linked in standing
        )
    return agenda


def _position_before_aob(agenda: Agenda) -> int:
    """A place for a new item: after the others, before "any other business"."""
    last = (
        agenda.items.exclude(standing=StandingItem.AOB).aggregate(last=Max("position"))["last"] or 0
    )
    position = last + STEP
    # After a reordering AOB may sit right at that place: keep it after the new item.
    agenda.items.filter(standing=StandingItem.AOB, position__lte=position).update(
        position=position + STEP
    )
    return position


def _bump(agenda: Agenda) -> None:
    Agenda.objects.filter(pk=agenda.pk).update(version=F("version") + 1)
    agenda.version += 1


def _claim(agenda: Agenda, version: int) -> Agenda:
    """Refuse a change that started from an older agenda than the one saved now."""
    updated = Agenda.objects.filter(pk=agenda.pk, version=version).update(version=version + 1)
    if not updated:
        raise ConflictError(
            _(
                "Someone else changed this agenda while you were working on it, so your "
                "change was not applied. Check the agenda as it is now, then do it again."
            )
        )
    agenda.version = version + 1
    return agenda


@transaction.atomic
def agenda_item_save(
    *,
    agenda: Agenda,
    actor,
    version: int,
    item: AgendaItem | None = None,
    purposes=(),
    papers=(),
    **fields,
) -> AgendaItem:
    """Add or edit an item; the chair's office of the meeting only."""
    _require(actor, "agenda.change_agenda", agenda.meeting)
    _claim(agenda, version)
    if item is None:
        item = AgendaItem(agenda=agenda, position=_position_before_aob(agenda))
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean(exclude=["agenda", "proposal", "linked_meeting"])
    item.save()
    item.purposes.set(PurposeTag.objects.filter(code__in=[str(p) for p in purposes]))
    Paper.objects.filter(pk__in=[p.pk for p in papers], uploaded_by=actor).update(item=item)
    audit_record(actor=actor, action="agenda.item_save", target=agenda.meeting, item=item.title)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor, version: int) -> None:
    """Remove an item (a proposal behind it stays accepted; its papers stay with the proposal)."""
    agenda = item.agenda
    _require(actor, "agenda.change_agenda", agenda.meeting)
    if item.standing:
        raise ValidationError(_("A standing item stays on every agenda; edit it instead."))
    _claim(agenda, version)
    item.papers.update(item=None)
    audit_record(actor=actor, action="agenda.item_remove", target=agenda.meeting, item=item.title)
    item.delete()


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, actor, version: int, direction: str) -> None:
    """Move an item one place up or down; numbering follows the order."""
    agenda = item.agenda
    _require(actor, "agenda.change_agenda", agenda.meeting)
    _claim(agenda, version)
    items = list(agenda.items.order_by("position", "pk"))
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        if each.position != position * STEP:
            each.position = position * STEP
            each.save(update_fields=["position"])


def agenda_total_minutes(agenda: Agenda) -> int:
    return sum(item.minutes for item in agenda.items.all())


def _snapshot(agenda: Agenda) -> dict:
    items = []
    for number, item in enumerate(
        agenda.items.select_related("presenter_agency", "presenter", "linked_meeting")
        .prefetch_related("purposes", "papers")
        .order_by("position", "pk"),
        start=1,
    ):
        items.append(
            {
                "id": item.pk,
                "number": number,
                "title": item.title,
                "description": item.description,
                "standing": item.standing,
                "presenter_agency": item.presenter_agency.acronym if item.presenter_agency else "",
                "presenter": item.presenter.full_name if item.presenter else "",
                "minutes": item.minutes,
                "purposes": [p.code for p in item.purposes.all()],
                "papers": [{"id": p.pk, "name": p.name} for p in item.papers.all()],
                "linked_meeting": item.linked_meeting.title if item.linked_meeting else "",
            }
        )
    return {**meeting_header(agenda), "items": items}


def meeting_header(agenda: Agenda) -> dict:
    """What a frozen document (agenda version, minutes edition) says about its meeting."""
    meeting = agenda.meeting
    chair = meeting.chair
    return {
        "reference": agenda.reference,
        "meeting": meeting.title,
        "level": meeting.get_level_display(),
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
        "time_zone": meeting.time_zone,
        "venue": meeting.venue,
        "online_link": meeting.online_link,
        "chair": chair.name if chair else "",
        "chair_acronym": chair.acronym if chair else "",
    }


def _changes(before: dict | None, after: dict) -> list[str]:
    """What changed between two published versions, in words for the participants."""
    if before is None:
        return []
    changes = []
    old = {item["id"]: item for item in before["items"]}
    new = {item["id"]: item for item in after["items"]}
    for item in after["items"]:
        previous = old.get(item["id"])
        if previous is None:
            changes.append(
                _("Added: %(n)s. %(title)s") % {"n": item["number"], "title": item["title"]}
            )
            continue
        if previous["number"] != item["number"]:
            changes.append(
                _("Moved: %(title)s (now %(n)s, was %(old)s)")
                % {"title": item["title"], "n": item["number"], "old": previous["number"]}
            )
        fields = [
            key
            for key in (
                "title",
                "description",
                "presenter_agency",
                "presenter",
                "minutes",
                "purposes",
                "papers",
            )
            if previous[key] != item[key]
        ]
        if fields:
            changes.append(
                _("Changed: %(n)s. %(title)s (%(fields)s)")
                % {"n": item["number"], "title": item["title"], "fields": ", ".join(fields)}
            )
    for item in before["items"]:
        if item["id"] not in new:
            changes.append(_("Removed: %(title)s") % {"title": item["title"]})
    for key in ("start", "end", "venue", "online_link"):
        if before[key] != after[key]:
            changes.append(_("Meeting details changed: %(field)s") % {"field": key})
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


def agenda_participants(meeting: Meeting):
    """Who receives the published agenda: focal points of all members, delegates, invited guests."""
    members = Agency.objects.members_on(meeting.local_date)
    focal_points = Person.objects.filter(
        role=Role.FOCAL_POINT, agency__in=members, is_active=True
    ).values_list("pk", flat=True)
    delegates = meeting.delegates.values_list("person_id", flat=True)
    guests = Person.objects.filter(guest_invitations__meeting=meeting, is_active=True).values_list(
        "pk", flat=True
    )
    ids = set(focal_points) | set(delegates) | set(guests)
    return Person.objects.filter(pk__in=ids, is_active=True).order_by("pk")


@transaction.atomic
def agenda_publish(*, agenda: Agenda, actor, version: int) -> AgendaVersion:
    """Publish a numbered, frozen version; tell the participants; render its PDF in the worker.

    The first publication gives the meeting its reference and freezes its chair.
    """
    meeting = agenda.meeting
    _require(actor, "agenda.publish_agenda", meeting)
    agenda = Agenda.objects.select_for_update().get(pk=agenda.pk)
    if agenda.version != version:
        raise ConflictError(
            _("Someone else changed this agenda meanwhile: check it again before publishing.")
        )
    if agenda.number is None:
        _assign_reference(agenda)
        meeting_freeze_chair(meeting=meeting)
        agenda.meeting.refresh_from_db()
    previous = agenda.versions.order_by("-number").first()
    snapshot = _snapshot(agenda)
    if previous is not None and previous.snapshot == snapshot:
        raise ValidationError(_("Nothing changed since version %(n)s.") % {"n": previous.number})
    published = AgendaVersion.objects.create(
        agenda=agenda,
        number=(previous.number + 1) if previous else 1,
        published_by=actor,
        snapshot=snapshot,
        changes=_changes(previous.snapshot if previous else None, snapshot),
    )
    notice_fanout(
        recipients=agenda_participants(meeting),
        kind="agenda_published",
        key=f"agenda:{agenda.pk}:v{published.number}",
        template="agenda/email/agenda_published",
        context={"version": published, "meeting": meeting, "site_url": settings.SITE_URL},
        about=published,
    )
    from agenda.tasks import render_agenda_pdf

    transaction.on_commit(lambda: render_agenda_pdf.delay(published.pk))
    audit_record(actor=actor, action="agenda.publish", target=meeting, version=published.number)
    return published


# --- Guests -----------------------------------------------------------------


@transaction.atomic
def guest_invitation_save(*, meeting: Meeting, actor, organization, items) -> GuestInvitation:
    """Invite an organization to a meeting for some of its items (or add items to it)."""
    _require(actor, "agenda.change_agenda", meeting)
    items = list(items)
    if any(item.agenda.meeting_id != meeting.pk for item in items):
        raise ValidationError({"items": _("Choose items of this meeting's agenda.")})
    invitation, _created = GuestInvitation.objects.get_or_create(
        meeting=meeting, organization=organization
    )
    invitation.items.add(*items)
    audit_record(
        actor=actor, action="agenda.guest_invite", target=meeting, organization=str(organization)
    )
    return invitation


@transaction.atomic
def guest_person_invite(
    *, invitation: GuestInvitation, actor, email: str, full_name: str
) -> Person:
    """Name a guest person on an invitation; someone new gets an invitation to set a password."""
    _require(actor, "agenda.change_agenda", invitation.meeting)
    person = Person.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        person = person_invite(
            actor=actor,
            email=email,
            full_name=full_name,
            role=Role.GUEST,
            organization=invitation.organization,
        )
    elif person.organization_id != invitation.organization_id:
        raise ValidationError(
            {"email": _("%(email)s belongs to another organization or agency.") % {"email": email}}
        )
    invitation.people.add(person)
    audit_record(actor=actor, action="agenda.guest_add", target=invitation.meeting, email=email)
    return person


def purposes_labels(codes) -> list[str]:
    return [str(Purpose(code).label) for code in codes if code in Purpose.values]


@transaction.atomic
def agenda_version_pdf_retry(*, version: AgendaVersion, actor) -> AgendaVersion:
    """Render a version's PDF again after a failure (the secretariat)."""
    _require(actor, "agenda.retry_pdf")
    version = AgendaVersion.objects.select_for_update().get(pk=version.pk)
    if version.pdf_state != PdfState.FAILED:
        raise ValidationError(_("Only a PDF that could not be prepared is prepared again."))
    version.pdf_state = PdfState.PENDING
    version.pdf_error = ""
    version.save(update_fields=["pdf_state", "pdf_error"])
    from agenda.tasks import render_agenda_pdf

    transaction.on_commit(lambda: render_agenda_pdf.delay(version.pk))
    audit_record(actor=actor, action="agenda.pdf_retry", target=version)
    return version
