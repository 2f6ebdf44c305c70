"""Build a dated treatment schedule from protocol data: the pure core (standard library only)."""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from webapp.protocol import (  # noqa: F401  (re-exported: the schedule's public vocabulary)
    ANCHORS,
    BRANCHES,
    LAST_DAY,
    MAX_DELAY_DAYS,
    MILESTONE_KINDS,
    OPTION_NAMES,
    SETTINGS,
    UNITS,
    BranchSpec,
    MilestoneSpec,
    Options,
    PhaseSpec,
    Protocol,
)

# A relative (undated) timeline is computed from this reference Day 1. 2001-2003 have no
# 29 February, so a year-long rule reads as 365 days and Day numbers do not depend on leap years.
RELATIVE_REFERENCE = date(2001, 1, 1)
NO_OPTIONS = Options()


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


@dataclass(frozen=True)
class Milestone:
    """A one-day event placed in time, with its Day number from the start of treatment."""

    spec: MilestoneSpec
    date: date
    day: int
    phase: str
    occurrence: int = 0  # 1, 2, ... for a repeating milestone; 0 for a single one

    @property
    def id(self) -> str:
        return f"{self.spec.id}-{self.occurrence}" if self.occurrence else self.spec.id

    @property
    def label(self) -> str:
        return self.spec.label


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
    """The whole journey: phases and milestones in time order."""

    protocol: Protocol
    start: date
    options: Options
    phases: tuple[Phase, ...]
    milestones: tuple[Milestone, ...] = field(default=())
    relative: bool = False

    @property
    def main(self) -> tuple[Phase, ...]:
        return tuple(p for p in self.phases if p.track == "main")

    @property
    def end(self) -> date:
        return max(p.end for p in self.main)

    def phase(self, phase_id: str) -> Phase:
        """Return the placed phase with this id."""
        return next(p for p in self.phases if p.id == phase_id)

    @property
    def branches(self) -> tuple[BranchSpec, ...]:
        """Return the branches drawn on this schedule."""
        return tuple(self.protocol.branch(track) for track in dict.fromkeys(p.track for p in self.phases)
                     if track != "main")

    @property
    def path_end(self) -> date:
        """Return the last day of the path drawn: a replacing branch's end, else the main road's."""
        replacing = {b.id for b in self.branches if b.replaces_rest}
        ends = [p.end for p in self.phases if p.track in replacing]
        return max(ends) if ends else self.end

    @property
    def total_days(self) -> int:
        return (self.end - self.start).days + 1

    def day_number(self, day: date) -> int:
        """Return the Day number of a date (Day 1 = first day of treatment)."""
        return (day - self.start).days + 1

    def position(self, today: date) -> Position:
        """Say where `today` falls in the main track."""
        main = self.main
        if today < self.start:
            return Position("before", today, days_to_start=(self.start - today).days, next_phase=main[0])
        if today > self.end:
            return Position("after", today, percent_done=100)
        done = math.floor(100 * ((today - self.start).days + 1) / self.total_days)
        for index, phase in enumerate(main):
            if phase.contains(today):
                following = main[index + 1] if index + 1 < len(main) else None
                return Position(
                    "during",
                    today,
                    phase=phase,
                    week=(today - phase.start).days // 7 + 1,
                    weeks_in_phase=math.ceil(phase.days / 7),
                    next_phase=following,
                    percent_done=done,
                )
        # A planned break between two main-road phases (an `offset`: AIEOP-BFM rests two weeks after Protocol IB,
        # R16): no phase holds today, the next one is named.
        following = next((phase for phase in main if phase.start > today), None)
        return Position("during", today, next_phase=following, percent_done=done)


def N_(message: str) -> str:
    """Mark a message for the translation catalogue; the views translate it (this module stays stdlib-only)."""
    return message


class ScheduleError(ValueError):
    """The options cannot produce a schedule for this protocol; `field` names the cause."""

    def __init__(self, field_name: str, template: str, **params: object) -> None:
        self.field = field_name
        self.template, self.params = template, params  # %(name)s placeholders, for webapp.i18n.gettext
        self.message = template % params if params else template
        super().__init__(self.message)


def add_months(day: date, months: int) -> date:
    """Add calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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


def _chosen_length(spec: PhaseSpec, options: Options) -> int:
    if spec.option == "induction_weeks" and options.induction_weeks is not None:
        return options.induction_weeks
    return spec.length


def _span_days(length: int, unit: str) -> int:
    return (advance(RELATIVE_REFERENCE, length, unit) - RELATIVE_REFERENCE).days


def check_options(protocol: Protocol, options: Options) -> None:
    """Raise ScheduleError when an option does not apply to this protocol."""
    for branch in options.branches:
        if protocol.branch(branch) is None:
            offered = ", ".join(b.id for b in protocol.branches) or "none"
            raise ScheduleError(
                "branch", N_("%(protocol)s does not offer the branch “%(branch)s”. Branches it offers: %(offered)s."),
                protocol=protocol.name, branch=branch, offered=offered,
            )
    if options.induction_weeks is None:
        return
    allowed = protocol.option_range("induction_weeks")
    if allowed is None:
        first = protocol.phases[0]
        raise ScheduleError(
            "induction_weeks",
            N_("%(protocol)s has a fixed %(phase)s of %(days)s days, so its length cannot be chosen. "
               "Choose “As the protocol says”."),
            protocol=protocol.name, phase=first.name.lower(), days=_span_days(first.length, first.unit),
        )
    low, high = allowed
    if not low <= options.induction_weeks <= high:
        raise ScheduleError(
            "induction_weeks",
            N_("%(protocol)s allows an induction of %(low)s to %(high)s weeks, not %(weeks)s."),
            protocol=protocol.name, low=low, high=high, weeks=options.induction_weeks,
        )


def _selected(protocol: Protocol, options: Options) -> list[BranchSpec]:
    wanted = set(options.branches) | set(protocol.always)
    return [b for b in protocol.branches if b.id in wanted]


class _Placer:
    """Place phase specs in time, resolving anchors, inserted steps, clocks and delays on demand."""

    def __init__(self, specs: list[PhaseSpec], day1: date, options: Options) -> None:
        self.specs = {s.id: s for s in specs}
        self.day1, self.options = day1, options
        self.delays: dict[str, int] = {}
        for phase_id, days in options.delays:
            self.delays[phase_id] = self.delays.get(phase_id, 0) + days
        self.placed: dict[str, Phase] = {}
        self.visiting: set[str] = set()

    def _predecessor(self, spec: PhaseSpec) -> str:
        """Follow inserted branch steps: the main road resumes after the last one."""
        current = spec.after
        while True:
            step = next((s for s in self.specs.values() if s.inserts and s.after == current), None)
            if step is None or step.id == spec.id:
                return current
            current = step.id

    def place(self, phase_id: str) -> Phase:
        if phase_id in self.placed:
            return self.placed[phase_id]
        if phase_id in self.visiting:
            raise ScheduleError("protocol", N_("phase “%(phase)s” depends on itself"), phase=phase_id)
        self.visiting.add(phase_id)
        spec = self.specs[phase_id]
        if spec.after is None:
            first = self.day1
        else:
            anchor = self.place(self._predecessor(spec) if spec.track == "main" else spec.after)
            base = anchor.start if spec.anchor == "start" else anchor.end + timedelta(days=1)
            first = base + timedelta(days=spec.offset)
        min_end = max_end = None
        if spec.until is not None:
            last = self.place(spec.until).end
        elif spec.clock_from is not None:
            # "Ends N after the start of phase X": the COG maintenance clock (S2t, S14). Delays before
            # it shorten this phase instead of moving its end.
            clock = self.place(spec.clock_from).start
            last = advance(clock, spec.length, spec.unit) - timedelta(days=1)
            # A clock the sources give as a range (UKALL 2011: about 2 years for girls, 3 for boys) keeps it.
            if spec.length_min is not None:
                min_end = advance(clock, spec.length_min, spec.unit) - timedelta(days=1)
            if spec.length_max is not None:
                max_end = advance(clock, spec.length_max, spec.unit) - timedelta(days=1)
        else:
            last = advance(first, _chosen_length(spec, self.options), spec.unit) - timedelta(days=1)
            last += timedelta(days=self.delays.get(spec.id, 0))
            if spec.option is None:
                if spec.length_min is not None:
                    min_end = advance(first, spec.length_min, spec.unit) - timedelta(days=1)
                if spec.length_max is not None:
                    max_end = advance(first, spec.length_max, spec.unit) - timedelta(days=1)
        clipped = 0
        if spec.offset < 0 and first < self.day1:
            # A step counted back from a later one (the donor search, S38) cannot be drawn before treatment
            # starts: it gets less time than its typical window, from Day 1; the views say by how much.
            clipped, first = (self.day1 - first).days, self.day1
        if last < first:
            raise ScheduleError(
                "delay",
                N_("The delays leave no time for %(phase)s: it would end on %(end)s, before it starts on %(start)s. "
                   "Shorten the delays."),
                phase=spec.name, end=last.isoformat(), start=first.isoformat(),
            )
        phase = Phase(spec, first, last, (first - self.day1).days + 1, (last - self.day1).days + 1, min_end, max_end,
                      clipped)
        self.placed[phase_id] = phase
        return phase


def _check_delays(specs: list[PhaseSpec], options: Options) -> None:
    by_id = {s.id: s for s in specs}
    for phase_id, days in options.delays:
        spec = by_id.get(phase_id)
        if spec is None:
            known = ", ".join(s.id for s in specs if s.until is None and s.clock_from is None)
            raise ScheduleError(
                "delay", N_("“%(phase)s” is not a phase of this timeline. Phases you can delay: %(known)s."),
                phase=phase_id, known=known,
            )
        if spec.clock_from is not None or spec.until is not None:
            anchor = spec.clock_from or spec.until
            raise ScheduleError(
                "delay", N_("%(phase)s ends on a date fixed by %(anchor)s, so a delay cannot move its end."),
                phase=spec.name, anchor=by_id[anchor].name,
            )
        if not 1 <= days <= MAX_DELAY_DAYS:
            raise ScheduleError("delay", N_("A delay must be 1 to %(most)s days; “%(value)s” is not."),
                                most=MAX_DELAY_DAYS, value=f"{phase_id}:{days}")


def build(protocol: Protocol, start: date | None, options: Options = NO_OPTIONS) -> Schedule:
    """Place every phase and milestone of `protocol` in time from `start` (None = relative view)."""
    check_options(protocol, options)
    branches = _selected(protocol, options)
    specs = list(protocol.phases) + [step for branch in branches for step in branch.steps]
    _check_delays(specs, options)
    day1 = RELATIVE_REFERENCE if start is None else start
    placer = _Placer(specs, day1, options)
    phases = tuple(placer.place(spec.id) for spec in specs)
    milestone_specs = protocol.milestones + tuple(m for branch in branches for m in branch.milestones)
    milestones = tuple(sorted(_place_milestones(milestone_specs, placer.placed, day1), key=lambda m: (m.date, m.id)))
    return Schedule(protocol, day1, options, phases, milestones, start is None)


def _place_milestones(
    specs: tuple[MilestoneSpec, ...], placed: dict[str, Phase], day1: date
) -> list[Milestone]:
    found = []
    for spec in specs:
        phase = placed[spec.phase]
        first = phase.end if spec.day is None else phase.start + timedelta(days=spec.day - 1)
        step = spec.repeat_every
        at, occurrence = first, 1 if step else 0
        while at <= phase.end:
            found.append(Milestone(spec, at, (at - day1).days + 1, phase.id, occurrence))
            if not step:
                break
            at, occurrence = at + timedelta(days=step), occurrence + 1
    return found
