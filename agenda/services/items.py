"""The agenda being built: its standing items, adding, editing, moving and removing items."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils.translation import gettext as _

from agenda.enums import StandingItem
from agenda.models import Agenda, AgendaItem, GuestInvitation, PurposeTag, StandingItemSetting
from agenda.selectors import next_meeting, previous_meeting
from agenda.services.papers import papers_attach
from core.audit import audit_record
from core.errors import ConflictError
from core.permissions import require
from core.versioning import save_versioned
from meetings.models import Meeting

# Items are numbered by their place; positions leave room between them.
STEP = 10


STANDING = (
    # code, position, minutes allotted (the defaults; StandingItemSetting holds the group's)
    (StandingItem.ADOPT_AGENDA, 1 * STEP, 5),
    (StandingItem.ADOPT_MINUTES, 2 * STEP, 5),
    (StandingItem.FOLLOW_UP, 3 * STEP, 15),
    (StandingItem.AOB, 1000 * STEP, 10),
)


@transaction.atomic
def agenda_create(*, meeting: Meeting, actor) -> Agenda:
    """Give a new meeting its agenda with the standing items (system work; idempotent).

    Called when the meeting is created (``agenda.receivers``). "Adoption of the
    minutes" names the previous meeting of the level; the next meeting's
    unpublished agenda now adopts this one's minutes, if it comes in between.
    """
    require(actor, "agenda.add_agenda", meeting)
    agenda, created = Agenda.objects.get_or_create(meeting=meeting)
    if not created:
        return agenda
    previous = previous_meeting(meeting)
    chosen = {s.code: s for s in StandingItemSetting.objects.all()}
    AgendaItem.objects.bulk_create(
        AgendaItem(
            agenda=agenda,
            standing=code,
            title=str(chosen[code]) if code in chosen else str(StandingItem(code).label),
            position=position,
            minutes=chosen[code].minutes if code in chosen else minutes,
            linked_meeting=previous if code == StandingItem.ADOPT_MINUTES else None,
        )
        for code, position, minutes in STANDING
        if code not in chosen or chosen[code].included
    )
    following = next_meeting(meeting)
    if following is not None:
        AgendaItem.objects.filter(
            agenda__meeting=following,
            agenda__number__isnull=True,
            standing=StandingItem.ADOPT_MINUTES,
        ).filter(
            Q(linked_meeting__isnull=True) | Q(linked_meeting__start__lt=meeting.start)
        ).update(linked_meeting=meeting)
    return agenda


def position_before_aob(agenda: Agenda) -> int:
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


def agenda_bump(agenda: Agenda) -> None:
    """Mark the agenda changed (an accepted topic added an item) for forms opened before."""
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


def _check_presenter(item: AgendaItem) -> None:
    """The presenter belongs to the presenting agency, or is a guest of an organization
    invited to the meeting for this item. An agency left empty is the presenter's own."""
    person = item.presenter
    if person is None:
        return
    if person.agency_id:
        if item.presenter_agency_id is None:
            item.presenter_agency_id = person.agency_id
        elif person.agency_id != item.presenter_agency_id:
            raise ValidationError(
                {
                    "presenter": _(
                        "%(person)s is of %(agency)s, not of the presenting agency %(presenting)s."
                    )
                    % {
                        "person": person.full_name,
                        "agency": person.agency.acronym,
                        "presenting": item.presenter_agency.acronym,
                    }
                }
            )
        return
    invited = (
        item.pk is not None
        and GuestInvitation.objects.filter(
            meeting_id=item.agenda.meeting_id, organization_id=person.organization_id, items=item
        ).exists()
    )
    if not invited:
        raise ValidationError(
            {
                "presenter": _(
                    "%(person)s can present only once %(organization)s is invited to the "
                    "meeting for this item."
                )
                % {
                    "person": person.full_name,
                    "organization": person.organization.name if person.organization_id else "—",
                }
            }
        )


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
    require(actor, "agenda.change_agenda", agenda.meeting)
    _claim(agenda, version)
    if item is None:
        item = AgendaItem(agenda=agenda, position=position_before_aob(agenda))
    for name, value in fields.items():
        setattr(item, name, value)
    _check_presenter(item)
    item.full_clean(exclude=["agenda", "proposal", "linked_meeting"])
    item.save()
    item.purposes.set(PurposeTag.objects.filter(code__in=[str(p) for p in purposes]))
    papers_attach(papers=papers, actor=actor, item=item)
    audit_record(actor=actor, action="agenda.item_save", target=agenda.meeting, item=item.title)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor, version: int) -> None:
    """Remove an item (a proposal behind it stays accepted; its papers stay with the proposal)."""
    agenda = item.agenda
    require(actor, "agenda.change_agenda", agenda.meeting)
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
    require(actor, "agenda.change_agenda", agenda.meeting)
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


@transaction.atomic
def standing_item_update(*, setting: StandingItemSetting, actor, version: int, **fields):
    """The secretariat changes how a standing item enters new agendas (published and
    drafted agendas keep theirs)."""
    require(actor, "agenda.manage_standing_items")
    fields["title"] = " ".join(fields.get("title", setting.title).split())
    changed = {k: v for k, v in fields.items() if getattr(setting, k) != v}
    if not changed:
        return setting
    save_versioned(obj=setting, version=version, fields=changed)
    audit_record(actor=actor, action="standing_item.update", target=setting, fields=sorted(changed))
    return setting
