"""The reminder engine: each reminder is declared once, one sweep sends them all.

A floor declares its reminders in its own ``reminders.py`` and registers them
(``core.reminders.reminders.register(...)``) in its ``AppConfig.ready``. A
declaration says

- what goes: the notice ``kind`` and its ``template``;
- about what, to whom: ``occasions(sweep)`` returns the occasions in a bounded
  window (a meeting, a deadline, a person's week), each with its recipients;
- when: ``days``, a window of the recipient's own days relative to the
  occasion's ``anchor`` (a date, or a moment seen in the recipient's time
  zone). The window is wider than a day on purpose: a day the sweep missed
  (worker down, a meeting planned late) is made up on a later day, until the
  occasion passes.

The sweep (beat every quarter hour) sends only in each recipient's daytime
(``core.clock``: 08:00-20:00 local). Every notice's outbox key is the
occasion's key and the recipient, so a second sweep, a second beat or a
restart sends nothing twice, and a moved date (a new key) is a new occasion.

Its cost does not grow with the data or the history: each declaration reads
its window with a fixed number of queries (shared between declarations with
``sweep.memo``), all the sweep's candidate keys are checked in one query, and
the new notices go into the outbox in bulk, each rendering made once for the
recipients it is the same for (``Reminder.shared_by``). The outbox is handed
in (the ground floor knows no app): ``notices`` runs the sweep with its own.
"""

import datetime
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone

from core.clock import local_day_if_daytime, person_zone
from core.registry import Registry


@dataclass
class Occasion:
    """One thing a reminder is about, for some people.

    ``key`` names the occasion (the engine adds ``:to:<person>``); put in it
    the date the reminder is about, so that a moved date is a new occasion.
    ``anchor`` is None for an occasion that is due on the day it is found
    (a digest of the person's day or week).
    """

    key: str
    recipients: Iterable
    anchor: datetime.date | datetime.datetime | None = None
    about: Any = None
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reminder:
    """A reminder, declared once by the floor it belongs to."""

    name: str  # unique; the sweep's counts use it
    kind: str  # the notice's kind (several reminders may share one)
    template: str
    occasions: Callable[["Sweep"], Iterable[Occasion]]
    # Due from anchor + days[0] to anchor + days[1] (inclusive), in the recipient's days;
    # or a function returning them (read at each sweep, e.g. from a setting).
    days: tuple[int, int] | Callable[[], tuple[int, int]] = (0, 0)
    # Bulk-loads what the notices about to go need (one query for all of them).
    prepare: Callable[["Sweep", list["Due"]], None] | None = None
    # A digest says how many days back ``sweep.last_sent(kind)`` must see its last one.
    lookback: int = 0
    order: int = 100
    # What of its recipient the notice reads, as function(person) -> a value (``same_for_all``,
    # ``by_time_zone``): the recipients with the same value, language and context share one
    # rendering. None: each notice is rendered for its recipient.
    shared_by: Callable[[Any], Any] | None = None


def same_for_all(person) -> str:
    """``Reminder.shared_by`` for a notice that reads nothing of its recipient."""
    return ""


def by_time_zone(person) -> str:
    """``Reminder.shared_by`` for a notice that shows times in its recipient's zone."""
    return getattr(person, "time_zone", "")


@dataclass
class Due:
    """A notice the sweep is about to queue: one reminder, one occasion, one person."""

    reminder: Reminder
    occasion: Occasion
    person: Any
    day: datetime.date  # the person's day now
    key: str
    context: dict = field(default_factory=dict)


class Outbox(Protocol):
    """What the engine needs of the outbox (``notices`` provides it)."""

    def existing(self, keys: list[str]) -> set[str]: ...

    def last_sent(
        self, kinds: list[str], since: datetime.datetime
    ) -> dict[str, dict[int, datetime.datetime]]: ...

    def queue(self, due: list[Due]) -> int: ...


reminders = Registry("reminders")


class Sweep:
    """One run: the moment, each person's day, and data shared by the declarations."""

    def __init__(self, *, now: datetime.datetime, outbox: Outbox, chosen: list["Reminder"]):
        self.now = now
        self.chosen = chosen
        # The group's day (Geneva): whose membership counts, which windows open.
        self.today = now.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()
        self.outbox = outbox
        self._memo: dict[str, Any] = {}
        self._days: dict[int, datetime.date | None] = {}

    def memo(self, name: str, load: Callable[[], Any]) -> Any:
        """``load()`` once per sweep, whichever declaration asks first."""
        if name not in self._memo:
            self._memo[name] = load()
        return self._memo[name]

    def day_of(self, person) -> datetime.date | None:
        """The person's date now if it is their daytime, else None."""
        if person.pk not in self._days:
            self._days[person.pk] = local_day_if_daytime(person, self.now)
        return self._days[person.pk]

    def last_sent(self, kind: str) -> dict[int, datetime.datetime]:
        """When each person last got a notice of ``kind`` (a digest's ``lookback`` back at most).

        One query answers it for every digest of the sweep, whichever asks first.
        """
        return self.memo("last_sent", self._load_last_sent).get(kind, {})

    def _load_last_sent(self) -> dict[str, dict[int, datetime.datetime]]:
        digests = [r for r in self.chosen if r.lookback]
        if not digests:
            return {}
        since = self.now - datetime.timedelta(days=max(r.lookback for r in digests))
        return self.outbox.last_sent(sorted({r.kind for r in digests}), since)


def _anchor_day(anchor, person) -> datetime.date:
    if isinstance(anchor, datetime.datetime):
        return anchor.astimezone(person_zone(person)).date()
    return anchor


def _due(sweep: Sweep, reminder: Reminder) -> Iterable[Due]:
    first, last = reminder.days() if callable(reminder.days) else reminder.days
    for occasion in reminder.occasions(sweep):
        for person in occasion.recipients:
            day = sweep.day_of(person)
            if day is None:
                continue
            context = dict(occasion.context)
            if occasion.anchor is not None:
                anchor_day = _anchor_day(occasion.anchor, person)
                if not anchor_day + datetime.timedelta(days=first) <= day:
                    continue
                if not day <= anchor_day + datetime.timedelta(days=last):
                    continue
                context["days_left"] = (anchor_day - day).days
            yield Due(reminder, occasion, person, day, f"{occasion.key}:to:{person.pk}", context)


def reminders_run(
    *, outbox: Outbox, now: datetime.datetime | None = None, only: Iterable[str] | None = None
) -> dict[str, int]:
    """Queue every registered reminder due now; returns how many new notices of each."""
    chosen = [r for r in reminders if only is None or r.name in set(only)]
    sweep = Sweep(now=now or timezone.now(), outbox=outbox, chosen=chosen)
    candidates: dict[str, Due] = {}
    for reminder in chosen:
        for due in _due(sweep, reminder):
            candidates.setdefault(due.key, due)
    counts = {reminder.name: 0 for reminder in chosen}
    if not candidates:
        return counts
    sent = outbox.existing(list(candidates))
    new = [due for key, due in candidates.items() if key not in sent]
    for reminder in chosen:
        mine = [due for due in new if due.reminder is reminder]
        if mine and reminder.prepare is not None:
            reminder.prepare(sweep, mine)
    outbox.queue(new)
    for due in new:
        counts[due.reminder.name] += 1
    return counts
