"""Schedules kept per protocol and options, and moved to any start date they are an exact shift for (issue 13).

Placing a protocol in time is day arithmetic, which moves with the start date, except calendar months and years
(31 Jan + 1 month is 28 or 29 Feb; a 2-year clock is 730 or 731 days). So the schedule from a new start is the kept
one moved by the days between the two starts exactly when each month step, taken in order from the new start, adds
the same days as it did for the kept one: until a step differs, every date is the moved one, so the next step's
first day is too (induction on the steps; recorded dates are fixed days, so a schedule with them is never kept).
The kept schedules of one protocol and its options form a tree: a node is one step (its first day as days after
Day 1, and its months), a branch the days that step added, a leaf the schedule. Standard library only.
"""

from __future__ import annotations

import calendar
import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeVar

from webapp.journey import AfterMark, Milestone, Phase, Schedule
from webapp.protocol import Options, Protocol

# Bounds: a kept schedule is about 11 KB; five years of start dates give 7-19 schedules for a protocol alone and up
# to 55 with a path (the transplant's donor search counts back in months). The least recently used goes first.
T = TypeVar("T")
MAX_KEPT = 256  # protocol and options combinations
MAX_LEAVES = 64  # schedules kept per combination
MAX_TOTAL = 1024  # schedules kept in all (about 11 MB)
RECENT = 16  # kept schedules asked for lately, so an export can find them (a Moved knows its own)

_kept: OrderedDict[tuple, Kept] = OrderedDict()
_total = [0]  # schedules kept in all
_recent: OrderedDict[int, tuple[Schedule, Schedule, int]] = OrderedDict()
_lock = threading.Lock()


def add_months(day: date, months: int) -> date:
    """Add calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]  # calendar.monthrange's, faster
    return date(year, month, min(day.day, last))


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def advance(day: date, length: int, unit: str) -> date:
    """Return the day `length` units after `day` (the first day after a span of that length)."""
    if unit == "days":
        return day + timedelta(days=length)
    if unit == "weeks":
        return day + timedelta(weeks=length)
    if unit == "months":
        return add_months(day, length)
    if unit == "years":
        return add_months(day, 12 * length)
    raise ValueError(f"unknown unit {unit!r}")


class Steps:
    """`advance` from a Day 1 that notes each month step: (its first day as days after Day 1, months, days added)."""

    def __init__(self, day1: date) -> None:
        self.day1 = day1
        self.taken: list[tuple[int, int, int]] = []

    def advance(self, day: date, length: int, unit: str) -> date:
        """Return what `advance` does, noting a step of months or years."""
        if unit not in ("months", "years"):
            return advance(day, length, unit)
        months = length if unit == "months" else 12 * length
        found = add_months(day, months)
        self.taken.append(((day - self.day1).days, months, (found - day).days))
        return found


class Kept:
    """The schedules kept for one protocol and its options, by the days their month steps add."""

    def __init__(self, protocol: Protocol, key: tuple) -> None:
        self.protocol = protocol  # kept alive with its schedules: the memo is keyed by its id
        self.key = key  # its place in _kept
        self.root: tuple | Schedule | None = None  # a step (days after Day 1, months, {days added: node}) or a leaf
        self.leaves = 0

    def find(self, day1: date) -> Schedule | None:
        """Return a kept schedule whose every month step adds, from `day1`, the days it added; None: not kept."""
        node = self.root
        while type(node) is tuple:
            offset, months, after = node
            first = day1 + timedelta(days=offset)
            node = after.get((add_months(first, months) - first).days)
        return node

    def add(self, taken: list[tuple[int, int, int]], schedule: Schedule) -> bool:
        """Keep a schedule placed with these month steps; False when it is not kept (the tree is full)."""
        with _lock:
            # Evicted or replaced meanwhile (another thread): its leaves no longer count in the total (review).
            if _kept.get(self.key) is not self or self.leaves >= MAX_LEAVES or _total[0] >= MAX_TOTAL:
                return False
            if self.root is None:
                self.root = _chain(taken, schedule)
                self._grew()
                return True
            node = self.root
            for index, (offset, months, added) in enumerate(taken):
                if type(node) is not tuple or node[:2] != (offset, months):
                    return False  # the steps so far agree, so the next is the same one (see above): never here
                following = node[2].get(added)
                if following is None:
                    node[2][added] = _chain(taken[index + 1:], schedule)
                    self._grew()
                    return True
                node = following
            return False  # an equivalent schedule is kept already

    def _grew(self) -> None:
        self.leaves += 1
        _total[0] += 1


def _chain(taken: list[tuple[int, int, int]], schedule: Schedule) -> tuple | Schedule:
    node: tuple | Schedule = schedule
    for offset, months, added in reversed(taken):
        node = (offset, months, {added: node})
    return node


def kept_for(protocol: Protocol, relative: bool, options: Options) -> Kept:
    """Return the kept schedules of this protocol (this very object) and what of the options places them."""
    key = (id(protocol), relative, options.choices, options.branches, options.delays, options.guideline)
    with _lock:
        found = _kept.get(key)
        if found is not None and found.protocol is protocol:
            _kept.move_to_end(key)
            return found
        if found is not None:
            _total[0] -= found.leaves
        found = _kept[key] = Kept(protocol, key)
        _kept.move_to_end(key)
        while len(_kept) > MAX_KEPT or (_total[0] >= MAX_TOTAL and len(_kept) > 1):
            _total[0] -= _kept.popitem(last=False)[1].leaves
    return found


def remember(schedule: Schedule, kept_one: Schedule, days: int) -> None:
    """Note that `schedule` is the kept one moved by `days` (for `origin`)."""
    with _lock:
        _recent[id(schedule)] = (schedule, kept_one, days)
        _recent.move_to_end(id(schedule))
        while len(_recent) > RECENT:
            _recent.popitem(last=False)


def origin(schedule: Schedule) -> tuple[Schedule, int] | None:
    """Return the kept schedule this one (this very object) was moved from and by how many days; None: unknown."""
    moved = schedule.__dict__.get("_origin")  # a Moved knows; a copy of one made by dataclasses.replace does not
    if moved is not None:
        return moved
    found = _recent.get(id(schedule))
    if found is None or found[0] is not schedule:
        return None
    return found[1], found[2]


class PerKept:
    """What is made once of a kept schedule, for every schedule moved from it; bounded, safe for threaded servers.

    Only for what every schedule moved from the kept one shares (numbers of days between its dates, never its
    dates): a schedule not moved from a kept one (recorded dates, or moved long ago) gets its own, made each time.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[int, tuple[Schedule, object]] = OrderedDict()  # id of a kept schedule: it and its own
        self.lock = threading.Lock()

    def get(self, schedule: Schedule, make: Callable[[Schedule], T]) -> T:
        """Return make(schedule), made once per kept schedule for the schedules moved from it."""
        found = origin(schedule)
        if found is None:
            return make(schedule)
        kept = found[0]
        with self.lock:
            entry = self.items.get(id(kept))
            if entry is not None and entry[0] is kept:
                self.items.move_to_end(id(kept))
                return entry[1]
        made = make(kept)
        with self.lock:
            self.items[id(kept)] = (kept, made)
            self.items.move_to_end(id(kept))
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return made


def _plus(day: date | None, by: timedelta) -> date | None:
    return None if day is None else day + by


# The date fields of each record; tests/test_shifts.py checks these are all of them.
PHASE_DATES = ("start", "end", "min_end", "max_end", "planned_start", "planned_end", "earliest_start", "latest_start",
                "earliest_end", "latest_end")
MILESTONE_DATES = ("date", "earliest", "latest")
AFTER_DATES = ("date", "latest")


def _moved(record: Phase | Milestone | AfterMark, by: timedelta, dates: tuple[str, ...]):
    """Return a copy of a frozen record with its dates moved, made field by field (its __init__ is 8x slower)."""
    found = object.__new__(type(record))
    fields = found.__dict__
    fields.update(record.__dict__)
    for name in dates:
        day = fields[name]
        if day is not None:
            fields[name] = day + by
    return found


def move(schedule: Schedule, day1: date, options: Options) -> Schedule:
    """Return a kept schedule moved to Day 1 `day1`, with these options (the same but for the as-of day)."""
    days = (day1 - schedule.start).days
    if days == 0 and schedule.options is options:
        remember(schedule, schedule, 0)
        return schedule
    by = timedelta(days=days)
    found = object.__new__(Moved)
    found.__dict__.update(
        protocol=schedule.protocol, start=day1, options=options, relative=schedule.relative,
        replaced_by=schedule.replaced_by, replaced_from=_plus(schedule.replaced_from, by),
        planned_path_end=_plus(schedule.planned_path_end, by), guideline=schedule.guideline,
        _origin=(schedule, days), _by=by)
    return found


class _MovedRecords:
    """A record field of a Moved schedule: the kept one's records, moved when first read and then kept."""

    def __init__(self, dates: tuple[str, ...]) -> None:
        self.dates = dates

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, schedule: Moved | None, owner: type | None = None):
        if schedule is None:
            return self
        fields = schedule.__dict__  # a non-data descriptor: once set there, this is not called again
        found = fields[self.name] = tuple(_moved(r, fields["_by"], self.dates)
                                          for r in getattr(fields["_origin"][0], self.name))
        return found


class Moved(Schedule):
    """A kept schedule moved by some days, equal to the one placed from its start; its records move when read.

    /schedule.json reads none of them: it fills its kept schedule's text (webapp/exports/records.py). Copying its
    ~27 records was 33 of a 200 us answer in-process (issue 13); a page reads them all and pays what it did.
    """

    phases = _MovedRecords(PHASE_DATES)
    milestones = _MovedRecords(MILESTONE_DATES)
    replaced = _MovedRecords(PHASE_DATES)
    after = _MovedRecords(AFTER_DATES)

    def __eq__(self, other: object) -> bool:
        # A dataclass's __eq__ compares only objects of its very class: a Moved is equal to the Schedule placed.
        if not isinstance(other, Schedule):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in dataclasses.fields(Schedule))

    __hash__ = Schedule.__hash__
