"""Build a dated treatment schedule from protocol data: the pure core (standard library only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from webapp.choices import (  # noqa: F401  (ScheduleError and apply_options re-exported: callers name them here)
    N_,
    ScheduleError,
    apply_options,
    check_options,
    selected,
)
from webapp.journey import AfterMark, Milestone, Phase, Position, Schedule  # noqa: F401  (re-exported)
from webapp.protocol import (  # noqa: F401  (re-exported: the schedule's public vocabulary)
    AFTER_END,
    AFTER_PATH_MAIN,
    ANCHORS,
    CUSTOM_ID,
    LAST_DAY,
    MAX_DELAY_DAYS,
    MILESTONE_KINDS,
    OPTION_CHANGES,
    OPTION_NAMES,
    SETTINGS,
    UNITS,
    BranchSpec,
    MilestoneSpec,
    OptionChange,
    Options,
    OptionSpec,
    OptionValue,
    PhaseSpec,
    Protocol,
)
from webapp.shifts import Steps, add_months, advance, kept_for, move, remember  # noqa: F401  (add_months re-exported)

# A relative (undated) timeline is computed from this reference Day 1. 2001-2003 have no
# 29 February, so a year-long rule reads as 365 days and Day numbers do not depend on leap years.
RELATIVE_REFERENCE = date(2001, 1, 1)
NO_OPTIONS = Options()
Advance = Callable[[date, int, str], date]


def _attached(step: PhaseSpec, protocol: Protocol, main: tuple[PhaseSpec, ...]) -> PhaseSpec:
    """Attach a branch step to the road as the options leave it: past a phase left out, to the one before it.

    AALL1331's transplant follows the last blinatumomab rest, or, when the chemotherapy blocks are chosen and the
    blinatumomab rows are left out, the last chemotherapy block before them (data/options.csv).
    """
    kept, by_id = {s.id for s in main}, {s.id: s for s in protocol.phases}
    after = step.after
    while after in by_id and after not in kept:
        after = by_id[after].after
    return step if after == step.after else replace(step, after=after)


class _Placer:
    """Place phase specs in time, resolving anchors, inserted steps, clocks and delays on demand."""

    def __init__(self, specs: list[PhaseSpec], day1: date, options: Options, first_plan: bool,
                 advance: Advance) -> None:
        self.advance = advance
        self.specs = {s.id: s for s in specs}
        self.inserted: dict[str, PhaseSpec] = {}  # phase id -> the first branch step inserted after it
        for s in specs:
            if s.inserts:
                self.inserted.setdefault(s.after, s)
        self.first_plan = first_plan  # no recorded dates, no delays: each phase is placed where first planned
        self.day1, self.options = day1, options
        self.delays: dict[str, int] = {}
        for phase_id, days in options.delays:
            self.delays[phase_id] = self.delays.get(phase_id, 0) + days
        self.placed: dict[str, Phase] = {}
        self.visiting: set[str] = set()
        # A recorded first day ends the phase before it the day before (it stretched or was shorter).
        self.actual = dict(options.started)
        self.forced: dict[str, tuple[date, str]] = {}  # phase id -> (its last day, the phase recorded after it)
        for phase_id, day in options.started:
            spec = self.specs[phase_id]
            if spec.after is not None and spec.anchor == "end":
                before = self._predecessor(spec) if spec.track == "main" else spec.after
                self.forced[before] = (day - timedelta(days=spec.offset + 1), phase_id)

    def _predecessor(self, spec: PhaseSpec) -> str:
        """Follow inserted branch steps: the main road resumes after the last one."""
        current = spec.after
        while True:
            step = self.inserted.get(current)
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
        window = None  # (earliest, latest) first day when the ranges before it add up; None: one day
        if spec.after is None:
            first = self.day1
        else:
            anchor = self.place(self._predecessor(spec) if spec.track == "main" else spec.after)
            base = anchor.start if spec.anchor == "start" else anchor.end + timedelta(days=1)
            first = self.actual.get(phase_id, base + timedelta(days=spec.offset))
            if phase_id not in self.actual:  # a recorded first day is certain
                window = _shifted(anchor.start_window if spec.anchor == "start" else anchor.end_window,
                                  spec.offset + (0 if spec.anchor == "start" else 1))
        min_end = max_end = None
        end_window = None  # (earliest, latest) last day, the ranges before it included
        if spec.until is not None:
            until = self.place(spec.until)
            last = until.end
            end_window = _spread(until.end_window)
        elif spec.clock_from is not None:
            # "Ends N after the start of phase X": the COG maintenance clock (S2t, S14). Delays before
            # it shorten this phase instead of moving its end.
            clock_phase = self.place(spec.clock_from)
            clock = clock_phase.start
            last = self.advance(clock, spec.length, spec.unit) - timedelta(days=1)
            # A clock the sources give as a range (UKALL 2011: about 2 years for girls, 3 for boys) keeps it.
            if spec.length_min is not None:
                min_end = self.advance(clock, spec.length_min, spec.unit) - timedelta(days=1)
            if spec.length_max is not None:
                max_end = self.advance(clock, spec.length_max, spec.unit) - timedelta(days=1)
            if _spread(clock_phase.start_window):
                end_window = _ends(clock_phase.start_window, spec, 0, self.advance)
        else:
            last = self.advance(first, spec.length, spec.unit) - timedelta(days=1)
            last += timedelta(days=self.delays.get(spec.id, 0))
            if spec.option is None:
                if spec.length_min is not None:
                    min_end = self.advance(first, spec.length_min, spec.unit) - timedelta(days=1)
                if spec.length_max is not None:
                    max_end = self.advance(first, spec.length_max, spec.unit) - timedelta(days=1)
            if window is not None:
                end_window = _ends(window, spec if spec.option is None else replace(spec, length_min=None,
                                   length_max=None), self.delays.get(spec.id, 0), self.advance)
        if phase_id in self.forced:
            last, recorded = self.forced[phase_id]
            min_end = max_end = None  # it ended when the next phase actually began
            end_window = None
            if last < first:
                raise ScheduleError(
                    "started", N_("%(next)s cannot have begun on %(date)s, before %(phase)s began (%(start)s). The "
                                  "dates must follow the order of the treatment."),
                    next=self.specs[recorded].name, date=self.actual[recorded].isoformat(), phase=spec.name,
                    start=first.isoformat(),
                )
        clipped = 0
        if spec.offset < 0 and first < self.day1:
            # A step counted back from a later one (the donor search, S38) cannot be drawn before treatment
            # starts: it gets less time than its typical window, from Day 1; the views say by how much.
            clipped, first = (self.day1 - first).days, self.day1
        if window is not None:
            window = _spread((max(window[0], self.day1), max(window[1], self.day1)))
        if last < first:
            raise ScheduleError(
                "delay",
                N_("The delays leave no time for %(phase)s: it would end on %(end)s, before it starts on %(start)s. "
                   "Shorten the delays."),
                phase=spec.name, end=last.isoformat(), start=first.isoformat(),
            )
        earliest_start, latest_start = window or (None, None)
        earliest_end, latest_end = end_window or (None, None)
        planned_start, planned_end = (first, last) if self.first_plan else (None, None)
        phase = Phase(spec, first, last, (first - self.day1).days + 1, (last - self.day1).days + 1, min_end, max_end,
                      clipped, planned_start=planned_start, planned_end=planned_end, actual=phase_id in self.actual,
                      earliest_start=earliest_start, latest_start=latest_start, earliest_end=earliest_end,
                      latest_end=latest_end)
        self.placed[phase_id] = phase
        return phase


def _spread(window: tuple[date, date]) -> tuple[date, date] | None:
    """Return a window that spans more than one day, else None (nothing before it is uncertain)."""
    return window if window[0] != window[1] else None


def _shifted(window: tuple[date, date], days: int) -> tuple[date, date] | None:
    """Return the window of the day `days` after each end of `window` (None when it is one day)."""
    spread = _spread(window)
    return (spread[0] + timedelta(days=days), spread[1] + timedelta(days=days)) if spread else None


def _ends(starts: tuple[date, date], spec: PhaseSpec, delay: int, advance: Advance) -> tuple[date, date]:
    """Return the earliest and latest last day: shortest length from the earliest start, longest from the latest."""
    shortest = spec.length if spec.length_min is None else spec.length_min
    longest = spec.length if spec.length_max is None else spec.length_max
    return (advance(starts[0], shortest, spec.unit) - timedelta(days=1 - delay),
            advance(starts[1], longest, spec.unit) - timedelta(days=1 - delay))


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
    # Recorded dates are fixed days: they do not move with the start (webapp/shifts.py). An upload is a new
    # protocol object on every request: kept, it would only push the catalogue's schedules out (review).
    if options.started or protocol.id == CUSTOM_ID:
        return _build(protocol, start, options, advance)
    kept = kept_for(protocol, start is None, options)
    day1 = RELATIVE_REFERENCE if start is None else start
    found = kept.find(day1)
    if found is not None:
        return move(found, day1, options)
    steps = Steps(day1)
    schedule = _build(protocol, start, options, steps.advance)
    if kept.add(steps.taken, schedule):
        remember(schedule, schedule, 0)
    return schedule


def _build(protocol: Protocol, start: date | None, options: Options, advance: Advance) -> Schedule:
    """Place the schedule step by step, with this calendar arithmetic (`advance`)."""
    check_options(protocol, options)
    branches = selected(protocol, options)
    replacing = _replacing(branches)
    main, own_milestones = apply_options(protocol, options)
    specs = list(main) + [_attached(step, protocol, main) for branch in branches for step in branch.steps]
    _check_delays(specs, options)
    _check_started(specs, start, options)
    day1 = RELATIVE_REFERENCE if start is None else start
    first_plan = not (options.started or options.delays)
    placer = _Placer(specs, day1, options, first_plan, advance)
    phases = tuple(placer.place(spec.id) for spec in specs)
    milestone_specs = own_milestones + tuple(m for branch in branches for m in branch.milestones)
    milestones = _place_milestones(milestone_specs, placer.placed, day1)
    cut, replaced = None, ()
    if replacing is not None:
        cut = replacement_day(replacing, placer.placed)
        phases, replaced, milestones = _replace_rest(replacing.id, cut, phases, milestones, day1)
        _check_on_path(replaced, options, replacing)
    milestones = sorted(milestones, key=lambda m: (m.date, m.id))
    plan = None
    if not first_plan:  # the first plan places every phase as if nothing had been recorded or delayed
        plan = _build(protocol, start, replace(options, started=(), delays=()), advance)
        phases = tuple(_with_plan(p, plan.phase(p.id)) for p in phases)
    schedule = Schedule(protocol, day1, options, phases, tuple(milestones), start is None,
                        replacing.id if replacing else None, cut, replaced, (plan.path_end if plan else None))
    guideline = options.guideline or protocol.guideline
    return replace(schedule, after=place_after(schedule, guideline, advance), guideline=guideline)


def place_after(schedule: Schedule, guideline: str, advance: Advance = advance) -> tuple[AfterMark, ...]:
    """Place the protocol's steps after treatment for one guideline, counted from the end of the journey drawn.

    The end follows recorded dates and delays, so these dates move with it; a step counted from a phase (the
    transplant's Day 0) is drawn only when that phase is.
    """
    drawn = {p.id: p for p in schedule.phases}
    tracks = {p.track for p in schedule.phases}
    found = []
    for spec in schedule.protocol.after:
        if spec.guideline and spec.guideline != guideline:
            continue
        if spec.path == AFTER_PATH_MAIN and schedule.replaced_by is not None:
            continue  # the timing after chemotherapy does not apply once a branch replaces the rest of it
        if spec.path not in ("", AFTER_PATH_MAIN) and spec.path not in tracks:
            continue
        if spec.length is None:
            found.append(AfterMark(spec, None, None, None))
            continue
        if spec.anchor != AFTER_END and spec.anchor not in drawn:
            continue
        base = schedule.path_end if spec.anchor == AFTER_END else drawn[spec.anchor].start
        first = advance(base, spec.length, spec.unit)
        latest = advance(base, spec.length_max, spec.unit) if spec.length_max is not None else None
        found.append(AfterMark(spec, first, latest, schedule.day_number(first)))
    return tuple(sorted(found, key=lambda m: (m.date is None, m.date or schedule.start, m.spec.id)))


def _with_plan(phase: Phase, planned: Phase) -> Phase:
    return replace(phase, planned_start=planned.start, planned_end=planned.end)


def _check_started(specs: list[PhaseSpec], start: date | None, options: Options) -> None:
    """Refuse recorded dates that cannot be: unknown or repeated phases, before the start, after the as-of day."""
    by_id, seen = {s.id: s for s in specs}, set()
    for phase_id, day in options.started:
        value = f"{phase_id}:{day.isoformat()}"
        spec = by_id.get(phase_id)
        if spec is None:
            raise ScheduleError("started", N_("“%(phase)s” is not a phase of this timeline. Its phases: %(known)s."),
                                phase=phase_id, known=", ".join(by_id))
        if phase_id in seen:
            raise ScheduleError("started", N_("%(phase)s was given twice; give one date for each phase."),
                                phase=spec.name)
        seen.add(phase_id)
        if start is None:
            raise ScheduleError("start", N_("a recorded date needs the treatment start date (start)."),
                                also=("started",))
        if spec.after is None:
            raise ScheduleError("started", N_("%(phase)s is the first phase, so it began on the start date; "
                                              "change start instead."), phase=spec.name)
        if day <= start:
            raise ScheduleError("started", N_("“%(value)s” is not after the start of treatment (%(start)s)."),
                                value=value, start=start.isoformat())
        if options.as_of is not None and day > options.as_of:
            raise ScheduleError("started", N_("“%(value)s” is after %(today)s, the day this timeline is "
                                              "seen from: record only what has already happened."),
                                also=("today",), value=value, today=options.as_of.isoformat())



def _replacing(branches: list[BranchSpec]) -> BranchSpec | None:
    """Return the one chosen branch that replaces the rest of the main road; two of them cannot share a road."""
    found = [b for b in branches if b.replaces_rest]
    if len(found) > 1:
        raise ScheduleError(
            "branch", N_("“%(first)s” and “%(second)s” each replace the rest of the main road, so one timeline can "
                         "show only one of them. Choose one, or compare them side by side."),
            first=found[0].id, second=found[1].id,
        )
    return found[0] if found else None


def replacement_day(branch: BranchSpec, placed: dict[str, Phase]) -> date:
    """Return the day a replacing path leaves the main road: the first day of its steps attached to the road.

    Steps counted from the path's own steps (the donor search, S38) run beside the main road and do not end it.
    """
    own = {step.id for step in branch.steps}
    return min(placed[step.id].start for step in branch.steps if step.after not in own)


def _replace_rest(track: str, cut: date, phases: tuple[Phase, ...], milestones: list[Milestone], day1: date):
    """Cut the rows off the replacing path at `cut`: later ones and their milestones go, a running one ends."""
    kept, replaced = [], []
    for phase in phases:
        if phase.track == track or phase.end < cut:
            kept.append(phase)
        elif phase.start < cut:
            last = cut - timedelta(days=1)
            # It ends at the cut, not within its usual range: the range no longer applies. In the first plan
            # that is where it was planned to end.
            planned = (phase.start, last) if phase.planned_start is not None else (None, None)
            kept.append(Phase(phase.spec, phase.start, last, phase.start_day, (last - day1).days + 1,
                              clipped_days=phase.clipped_days, planned_start=planned[0], planned_end=planned[1]))
        elif phase.track == "main":  # as placed, without the first plan's dates (they are not drawn)
            replaced.append(replace(phase, planned_start=None, planned_end=None) if phase.planned_start else phase)
    on_path = {p.id for p in kept}
    tracks = {p.id: p.track for p in phases}
    milestones = [m for m in milestones if m.phase in on_path and (tracks[m.phase] == track or m.date < cut)]
    return tuple(kept), tuple(replaced), milestones


def _check_on_path(replaced: tuple[Phase, ...], options: Options, branch: BranchSpec) -> None:
    gone = {p.id: p for p in replaced}
    refusals = (
        ("delay", options.delays, N_("%(phase)s is not on this path: “%(branch)s” replaces the rest of the main road "
                                     "from that point, so it cannot be delayed.")),
        ("started", options.started, N_("%(phase)s is not on this path: “%(branch)s” replaces the rest of the main "
                                        "road from that point, so no date can be recorded for it.")),
    )
    for field_name, given, template in refusals:
        for phase_id, _value in given:
            if phase_id in gone:
                raise ScheduleError(field_name, template, phase=gone[phase_id].name, branch=branch.id)


def _place_milestones(specs: tuple[MilestoneSpec, ...], placed: dict[str, Phase], day1: date) -> list[Milestone]:
    found = []
    for spec in specs:
        phase = placed[spec.phase]
        first = phase.end if spec.day is None else phase.start + timedelta(days=spec.day - 1)
        step = spec.repeat_every
        at, occurrence = first, 1 if step else 0
        while at <= phase.end:
            earliest, latest = _milestone_window(phase, spec, at)
            found.append(Milestone(spec, at, (at - day1).days + 1, phase.id, occurrence, earliest, latest))
            if not step:
                break
            at, occurrence = at + timedelta(days=step), occurrence + 1
    return found


def _milestone_window(phase: Phase, spec: MilestoneSpec, at: date) -> tuple[date | None, date | None]:
    """Return the window a milestone inherits: an end one the phase's summed end window, a dated one its start's.

    A Day-N milestone moves with its phase's first day (hyper-CVAD's maintenance taps after 8 courses of 21-28
    days); the planned last day moves with the phase's last, within its own range too.
    """
    if spec.day is None:  # the phase's last day: its own range counts too (AALL0434's 2 or 3 years)
        first, last = phase.end_window
        return (None, None) if first == last else (first, last)
    if not phase.may_start_between:
        return None, None
    shift = at - phase.start
    return phase.start_window[0] + shift, phase.start_window[1] + shift
