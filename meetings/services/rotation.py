"""Every write about chair terms and the rotation order."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.clock import group_today
from core.permissions import require
from meetings.enums import TermChange
from meetings.models import ChairTerm, ChairTermChange, Meeting
from members.models import Agency, Membership


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def term_end_for(start: datetime.date, months: int | None = None) -> datetime.date:
    """The last day of a term that begins on ``start``."""
    return add_months(start, months or settings.GMG_TERM_MONTHS) - datetime.timedelta(days=1)


def _snapshot(terms) -> list[dict]:
    return [{"agency": t.agency.acronym, "start": str(t.start), "end": str(t.end)} for t in terms]


def _history(*, action, actor, reason="", **details) -> ChairTermChange:
    change = ChairTermChange.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
        details=details,
    )
    audit_record(actor=actor, action=f"rotation.{action}", target=change, reason=reason)
    return change


def is_member_throughout(agency: Agency, start: datetime.date, end: datetime.date) -> bool:
    return (
        Membership.objects.filter(agency=agency, start__lte=start).filter(end__isnull=True).exists()
        or Membership.objects.filter(agency=agency, start__lte=start, end__gte=end).exists()
    )


def chair_term_validate(term: ChairTerm, *, check_membership: bool = True) -> None:
    """Refuse a term that ends before it starts, overlaps another, or lacks a member agency."""
    if term.end < term.start:
        raise ValidationError({"end": _("A term cannot end before it starts.")})
    overlapping = (
        ChairTerm.objects.select_related("agency")
        .filter(start__lte=term.end, end__gte=term.start)
        .exclude(pk=term.pk)
        .first()
    )
    if overlapping:
        raise ValidationError(
            _(
                "This term overlaps the term of %(agency)s (%(start)s to %(end)s): "
                "chair terms never overlap."
            )
            % {"agency": overlapping.agency, "start": overlapping.start, "end": overlapping.end}
        )
    if check_membership and not is_member_throughout(term.agency, term.start, term.end):
        raise ValidationError(
            {
                "agency": _("%(agency)s is not a member for the whole term.")
                % {"agency": term.agency}
            }
        )


def _save_term(term: ChairTerm, *, check_membership: bool = True) -> ChairTerm:
    chair_term_validate(term, check_membership=check_membership)
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError as exc:
        # Another request saved an overlapping term meanwhile: the database refused it.
        raise ValidationError(
            _("This term overlaps another one: chair terms never overlap.")
        ) from exc
    return term


def _lock_terms():
    """Serialise rotation edits: one at a time, whichever process asks."""
    return list(ChairTerm.objects.select_for_update().order_by("start"))


def _not_begun(term: ChairTerm, today: datetime.date) -> None:
    if term.start <= today:
        raise ValidationError(
            _("The term of %(agency)s has begun: only terms that have not begun can be changed.")
            % {"agency": term.agency}
        )


def _next_member(after: Agency | None, order: list[Agency], start, end) -> Agency | None:
    """The agency after ``after`` in the rotation order that is a member for the whole term."""
    if not order:
        return None
    index = next((i for i, a in enumerate(order) if after and a.pk == after.pk), -1)
    for step in range(1, len(order) + 1):
        candidate = order[(index + step) % len(order)]
        if is_member_throughout(candidate, start, end):
            return candidate
    return None


def _order() -> list[Agency]:
    return list(Agency.objects.order_by("rotation_position", "acronym"))


@transaction.atomic
def chair_term_create(
    *, agency: Agency, start, end, actor, reason: str = "", note: str = "", check_membership=True
) -> ChairTerm:
    """Record one term by hand (the past chairs, or a one-off arrangement)."""
    require(actor, "meetings.change_chairterm")
    _lock_terms()
    term = _save_term(
        ChairTerm(agency=agency, start=start, end=end, note=note),
        check_membership=check_membership,
    )
    _history(action=TermChange.EXTEND, actor=actor, reason=reason, created=_snapshot([term]))
    return term


def rotation_default_start(*, today: datetime.date | None = None) -> tuple[datetime.date, str]:
    """Where "extend" starts: the day after the last term, or today when that is long past.

    "Long past" is more than a term ago: a rotation someone forgot to extend
    for a few weeks carries on without a gap; one abandoned years ago
    (the public history ends in 2017) starts afresh today.
    """
    today = today or group_today()
    last = ChairTerm.objects.order_by("-end").first()
    if last is None:
        return today, "first"
    following = last.end + datetime.timedelta(days=1)
    if add_months(following, settings.GMG_TERM_MONTHS) <= today:
        return today, "today"
    return following, "after_last"


@transaction.atomic
def chair_rotation_extend(
    *, until: datetime.date, start: datetime.date | None = None, actor, reason: str = ""
) -> list[ChairTerm]:
    """Generate terms in the rotation order until a term covers ``until``.

    Each term goes to the next agency (after the last term's) that is a member
    for the whole term. Running it twice adds nothing: the second run finds
    ``until`` already covered. ``until`` may be at most
    ``GMG_ROTATION_MAX_YEARS`` ahead, so the work (under the terms lock) stays small.
    """
    require(actor, "meetings.change_chairterm")
    years = settings.GMG_ROTATION_MAX_YEARS
    today = group_today()
    furthest = today.replace(year=today.year + years, day=min(today.day, 28))
    if until > furthest:
        raise ValidationError(
            {
                "until": _(
                    "Extend the rotation at most %(years)s years ahead, until %(date)s at the"
                    " latest."
                )
                % {"years": years, "date": furthest.isoformat()}
            }
        )
    _lock_terms()
    last = ChairTerm.objects.select_related("agency").order_by("-end").first()
    if start is None:
        start, _why = rotation_default_start()
    elif last and start <= last.end:
        raise ValidationError(
            {
                "start": _("The rotation already runs until %(end)s: start after that.")
                % {"end": last.end}
            }
        )
    order = _order()
    previous = last.agency if last else None
    created = []
    while start <= until:
        end = term_end_for(start)
        agency = _next_member(previous, order, start, end)
        if agency is None:
            raise ValidationError(_("No agency in the rotation order is a member for that term."))
        created.append(_save_term(ChairTerm(agency=agency, start=start, end=end)))
        previous, start = agency, end + datetime.timedelta(days=1)
    if created:
        _history(action=TermChange.EXTEND, actor=actor, reason=reason, created=_snapshot(created))
    return created


@transaction.atomic
def chair_term_swap(*, term: ChairTerm, other: ChairTerm, actor, reason: str) -> None:
    """Two terms that have not begun exchange their agencies; the dates stay."""
    require(actor, "meetings.change_chairterm")
    _lock_terms()
    today = group_today()
    _not_begun(term, today)
    _not_begun(other, today)
    if term.pk == other.pk:
        raise ValidationError(_("Choose two different terms."))
    before = _snapshot([term, other])
    term.agency, other.agency = other.agency, term.agency
    for t in (term, other):
        chair_term_validate(t)
        t.save(update_fields=["agency"])
    _history(
        action=TermChange.SWAP,
        actor=actor,
        reason=reason,
        before=before,
        after=_snapshot([term, other]),
    )


@transaction.atomic
def chair_term_skip(*, term: ChairTerm, actor, reason: str) -> None:
    """Pass over the term's agency: the next agency takes the term, later terms shift by one."""
    require(actor, "meetings.change_chairterm")
    _lock_terms()
    _not_begun(term, group_today())
    later = list(ChairTerm.objects.select_related("agency").filter(start__gte=term.start))
    before = _snapshot(later)
    agencies = [t.agency for t in later[1:]]
    last = later[-1]
    following = _next_member(last.agency, _order(), last.start, last.end)
    if following is None:
        raise ValidationError(_("No agency in the rotation order can take the last term."))
    agencies.append(following)
    for t, agency in zip(later, agencies, strict=True):
        t.agency = agency
        chair_term_validate(t)
        t.save(update_fields=["agency"])
    _history(
        action=TermChange.SKIP, actor=actor, reason=reason, before=before, after=_snapshot(later)
    )


@transaction.atomic
def chair_rotation_regenerate(*, from_date: datetime.date, actor, reason: str) -> list[ChairTerm]:
    """Replace the terms from ``from_date`` on with terms in the current order, same horizon."""
    require(actor, "meetings.change_chairterm")
    _lock_terms()
    if from_date <= group_today():
        raise ValidationError({"from_date": _("Regenerate only from a date after today.")})
    replaced = list(ChairTerm.objects.select_related("agency").filter(start__gte=from_date))
    if not replaced:
        raise ValidationError({"from_date": _("No term starts on or after this date.")})
    horizon = replaced[-1].end
    first_start = replaced[0].start
    ChairTerm.objects.filter(pk__in=[t.pk for t in replaced]).delete()
    kept = ChairTerm.objects.select_related("agency").order_by("-end").first()
    order, previous, start, created = _order(), kept.agency if kept else None, first_start, []
    while start <= horizon:
        end = term_end_for(start)
        agency = _next_member(previous, order, start, end)
        if agency is None:
            raise ValidationError(_("No agency in the rotation order is a member for that term."))
        created.append(_save_term(ChairTerm(agency=agency, start=start, end=end)))
        previous, start = agency, end + datetime.timedelta(days=1)
    _history(
        action=TermChange.REGENERATE,
        actor=actor,
        reason=reason,
        before=_snapshot(replaced),
        after=_snapshot(created),
    )
    return created


@transaction.atomic
def agency_rotation_move(*, agency: Agency, direction: str, actor) -> None:
    """Move an agency one place up or down in the rotation order."""
    require(actor, "meetings.change_chairterm")
    order = list(Agency.objects.select_for_update().order_by("rotation_position", "acronym"))
    index = next(i for i, a in enumerate(order) if a.pk == agency.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(order):
        return
    order[index], order[target] = order[target], order[index]
    for position, item in enumerate(order, start=1):
        if item.rotation_position != position:
            Agency.objects.filter(pk=item.pk).update(rotation_position=position)
    _history(
        action=TermChange.ORDER,
        actor=actor,
        moved=agency.acronym,
        direction=direction,
        order=[a.acronym for a in order],
    )


def frozen_meetings_in_unbegun_terms():
    """Meetings whose chair is frozen (agenda published) in terms that may still change."""
    return Meeting.objects.filter(
        frozen_chair__isnull=False, local_date__gt=group_today()
    ).select_related("frozen_chair")
