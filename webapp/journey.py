"""The journey placed in time: phases, milestones, where a day falls, the whole schedule (standard library only)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from webapp.protocol import AfterSpec, BranchSpec, MilestoneSpec, Options, PhaseSpec, Protocol


@dataclass(frozen=True)
class Phase:
    """A phase placed in time; `end` is the inclusive last day."""

    spec: PhaseSpec
    start: date
    end: date
    start_day: int
    end_day: int
    min_end: date | None = None
    max_end: date | None = None
    clipped_days: int = 0  # days of its typical window that fall before Day 1 (a step counted back)
    planned_start: date | None = None  # the first plan, from the start date alone (no recorded dates, no delays)
    planned_end: date | None = None
    actual: bool = False  # its first day is a recorded date (started=), not a projection
    # The window the ranges before it leave (hyper-CVAD's 21-28-day courses add up): the earliest and latest
    # first and last day if every uncertain phase before it is shortest or longest. None: the start is one day.
    earliest_start: date | None = None
    latest_start: date | None = None
    earliest_end: date | None = None
    latest_end: date | None = None

    @property
    def later_days(self) -> int:
        """Return how many days later than first planned this phase begins (negative: earlier)."""
        return (self.start - self.planned_start).days if self.planned_start else 0

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def track(self) -> str:
        return self.spec.track

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> float:
        return self.days / 7

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def start_window(self) -> tuple[date, date]:
        """Return the earliest and latest first day (the same day twice when nothing before it is uncertain)."""
        return (self.earliest_start or self.start, self.latest_start or self.start)

    @property
    def end_window(self) -> tuple[date, date]:
        """Return the earliest and latest last day: the ranges before it added to its own."""
        if self.earliest_end is not None:
            return (self.earliest_end, self.latest_end)
        return (self.min_end or self.end, self.max_end or self.end)

    @property
    def may_start_between(self) -> bool:
        """Say whether the ranges before this phase leave its first day uncertain."""
        return self.earliest_start is not None and self.earliest_start != self.latest_start


@dataclass(frozen=True)
class Milestone:
    """A one-day event placed in time, with its Day number from the start of treatment."""

    spec: MilestoneSpec
    date: date
    day: int
    phase: str
    occurrence: int = 0  # 1, 2, ... for a repeating milestone; 0 for a single one
    # The window its phase's uncertain start or end leaves it (hyper-CVAD's courses add up): its earliest and
    # latest day. None: the day is the only one the ranges allow.
    earliest: date | None = None
    latest: date | None = None

    @property
    def id(self) -> str:
        return f"{self.spec.id}-{self.occurrence}" if self.occurrence else self.spec.id

    @property
    def window(self) -> tuple[date, date] | None:
        """Return the earliest and latest day this milestone may fall on; None when it is one day."""
        return (self.earliest, self.latest) if self.earliest is not None else None

    @property
    def label(self) -> str:
        return self.spec.label


@dataclass(frozen=True)
class AfterMark:
    """A step after treatment placed in time: a day, or the earliest and latest day of a range; None: no date."""

    spec: AfterSpec
    date: date | None
    latest: date | None  # the end of the range the sources give (None: one day)
    day: int | None  # its Day number from the start of treatment

    @property
    def id(self) -> str:
        return f"after-{self.spec.id}"

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def uncertain(self) -> bool:
        """Say whether the sources give a range rather than one time."""
        return self.latest is not None and self.latest != self.date


@dataclass(frozen=True)
class Position:
    """Where a given day falls: before, during (with phase and week) or after treatment."""

    when: str  # "before" | "during" | "after"
    today: date
    phase: Phase | None = None
    week: int = 0
    weeks_in_phase: int = 0
    days_to_start: int = 0
    next_phase: Phase | None = None
    percent_done: int = 0


@dataclass(frozen=True)
class Schedule:
    """The whole journey: the phases and milestones of the path drawn, in time order."""

    protocol: Protocol
    start: date
    options: Options
    phases: tuple[Phase, ...]
    milestones: tuple[Milestone, ...] = field(default=())
    relative: bool = False
    replaced_by: str | None = None  # the branch that replaces the rest of the main road on this path
    replaced_from: date | None = None  # its first day on the main road: main-road phases end the day before
    replaced: tuple[Phase, ...] = ()  # the main-road phases not on this path, as they would have been placed
    planned_path_end: date | None = None  # the last day of the first plan (from the start date alone)
    after: tuple[AfterMark, ...] = ()  # what comes after treatment, in time order (undated ones last)
    guideline: str = ""  # whose guidance `after` follows

    def after_track(self, mark: AfterMark) -> str:
        """Return the track a step after treatment belongs to: its branch, else the path drawn (its end counts)."""
        if mark.spec.path and mark.spec.path != "main":
            return mark.spec.path
        return self.replaced_by or "main"

    @property
    def after_dated(self) -> tuple[AfterMark, ...]:
        """Return the steps after treatment that have a date, in time order."""
        return tuple(m for m in self.after if m.date is not None)

    @property
    def later_days(self) -> int:
        """Return how many days later than first planned the path drawn ends (negative: earlier)."""
        return (self.path_end - self.planned_path_end).days if self.planned_path_end else 0

    @property
    def end_window(self) -> tuple[date, date] | None:
        """Return the earliest and latest last day of the path drawn; None when it is one day.

        Both the ranges before a phase (hyper-CVAD's 21-28-day courses add up) and a phase's own range (AALL0434's
        2 or 3 years when sex is not given) count: every phase must be over, so each end is the latest of them.
        """
        first = max(p.end_window[0] for p in self.path)
        last = max(p.end_window[1] for p in self.path)
        return (first, last) if first != last else None

    @property
    def main(self) -> tuple[Phase, ...]:
        return tuple(p for p in self.phases if p.track == "main")

    @property
    def path(self) -> tuple[Phase, ...]:
        """Return the main road as drawn and the steps of the path that replaces the rest, in time order."""
        road = [p for p in self.phases if p.track in ("main", self.replaced_by)]
        return tuple(sorted(road, key=lambda p: (p.start, p.spec.order)))

    @property
    def path_end(self) -> date:
        """Return the last day of the path drawn: the one end every total, sentence and export uses."""
        return max(p.end for p in self.phases)

    @property
    def end(self) -> date:
        """Return the last day of the path drawn (the same as `path_end`)."""
        return self.path_end

    @property
    def main_end(self) -> date:
        """Return the last day of the main road as drawn (before a replacing path, when there is one)."""
        return max(p.end for p in self.main)

    def phase(self, phase_id: str) -> Phase:
        """Return the placed phase with this id."""
        return next(p for p in self.phases if p.id == phase_id)

    @property
    def branches(self) -> tuple[BranchSpec, ...]:
        """Return the branches drawn on this schedule."""
        found = (self.protocol.branch(t) for t in dict.fromkeys(p.track for p in self.phases) if t != "main")
        return tuple(b for b in found if b is not None)

    def possible(self, track: str) -> bool:
        """Say whether a row of this track is an "if ..." path rather than part of the protocol's road."""
        return track != "main" and track not in self.protocol.always

    @property
    def possible_tracks(self) -> tuple[str, ...]:
        """Return the "if ..." paths drawn on this schedule, in drawing order."""
        return tuple(t for t in dict.fromkeys(p.track for p in self.phases) if self.possible(t))

    @property
    def total_days(self) -> int:
        return (self.path_end - self.start).days + 1

    def day_number(self, day: date) -> int:
        """Return the Day number of a date (Day 1 = first day of treatment)."""
        return (day - self.start).days + 1

    def position(self, today: date) -> Position:
        """Say where `today` falls on the path drawn: the latest-begun phase running that day, and the next."""
        ordered = sorted(self.phases, key=lambda p: (p.start, p.spec.order))
        if today < self.start:
            return Position("before", today, days_to_start=(self.start - today).days, next_phase=ordered[0])
        if today > self.path_end:
            return Position("after", today, percent_done=100)
        done = math.floor(100 * ((today - self.start).days + 1) / self.total_days)
        running = [p for p in ordered if p.contains(today)]
        following = next((p for p in ordered if p.start > today), None)
        if not running:
            return Position("during", today, next_phase=following, percent_done=done)
        # Several rows can run at once (a donor search beside induction): the one begun last is where we are.
        phase = max(running, key=lambda p: (p.start, -p.spec.order))
        return Position(
            "during",
            today,
            phase=phase,
            week=(today - phase.start).days // 7 + 1,
            weeks_in_phase=math.ceil(phase.days / 7),
            next_phase=following,
            percent_done=done,
        )
