"""What the take-home pages (calendar, summary, school letter) pick out of a schedule; no Flask here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from webapp.journey import Milestone, Phase, Schedule

# The settings (data/phases.csv `setting`) with hospital stays or frequent clinic days: the school letter names
# their months as the ones when absence is most likely. "home" (tablets at home, regular clinic checks) is the rest.
ABSENCE_SETTINGS = ("inpatient", "inpatient-first", "outpatient", "varies")
KEY_KINDS = ("check", "end")  # the summary's key checks: tests and the planned end (spinal taps are counted)
SYMBOLS = {"check": "◆", "lp": "▼", "end": "★", "course": "■"}  # the chart's markers (webapp/chart.py MARKERS), as type
BANDS = 8  # patterns in static/css/takehome.css, one per main-road phase in turn (then they repeat)


@dataclass(frozen=True)
class Band:
    """How the calendar draws one row: a pattern class, and the colour of a path's steps (empty on the main road)."""

    css: str
    colour: str = ""


def symbols(schedule: Schedule) -> dict[str, str]:
    """Return the key's symbols: checks, taps and the end always, a drug course only where one is drawn."""
    drawn = {m.spec.kind for m in schedule.milestones}
    return {kind: symbol for kind, symbol in SYMBOLS.items() if kind != "course" or kind in drawn}


def bands(schedule: Schedule) -> dict[str, Band]:
    """Return each row's band: the main road's phases in turn, each path's steps hatched in the path's colour.

    The steps' names already say "If ..." (data/phases.csv), so the band needs no mark of its own.
    """
    found = {p.id: Band(f"band-{i % BANDS}") for i, p in enumerate(schedule.main)}
    for phase in schedule.phases:
        if phase.track != "main":
            branch = schedule.protocol.branch(phase.track)
            found[phase.id] = Band("band-path", branch.colour if branch else "#000000")
    return found


def absence_phases(schedule: Schedule) -> tuple[Phase, ...]:
    """Return the phases of the path drawn spent partly in hospital or at frequent clinic visits."""
    return tuple(p for p in schedule.path if p.spec.setting in ABSENCE_SETTINGS)


def home_phases(schedule: Schedule) -> tuple[Phase, ...]:
    """Return the phases of the path drawn spent mostly at home, with regular clinic checks."""
    return tuple(p for p in schedule.path if p.spec.setting not in ABSENCE_SETTINGS)


@dataclass(frozen=True)
class Stretch:
    """Days in a row covered by some phases, from the first day of the first to the last day of the last."""

    first: date
    last: date
    phases: tuple[Phase, ...]

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def stretches(phases: tuple[Phase, ...]) -> tuple[Stretch, ...]:
    """Join phases that overlap or follow on the next day into stretches: the letter's months away, in a few lines."""
    found: list[Stretch] = []
    for phase in sorted(phases, key=lambda p: (p.start, p.spec.order)):
        if found and phase.start <= found[-1].last + timedelta(days=1):
            last = found[-1]
            found[-1] = Stretch(last.first, max(last.last, phase.end), (*last.phases, phase))
        else:
            found.append(Stretch(phase.start, phase.end, (phase,)))
    return tuple(found)


def away_and_home(schedule: Schedule) -> tuple[tuple[Stretch, ...], tuple[Stretch, ...]]:
    """Return the stretches with hospital stays or frequent clinic visits, and the days mostly at home after them.

    A home phase that begins while a busier one still runs (immune recovery beside a transplant's first 100 days)
    counts as home only from the day after the busier stretch ends, so the letter never gives a day twice.
    """
    away = stretches(absence_phases(schedule))
    home = []
    for stretch in stretches(home_phases(schedule)):
        first = stretch.first
        for busy in away:
            if busy.first <= first <= busy.last:
                first = busy.last + timedelta(days=1)
        if first <= stretch.last:
            home.append(Stretch(first, stretch.last, stretch.phases))
    return away, tuple(home)


def key_checks(schedule: Schedule) -> tuple[Milestone, ...]:
    """Return the tests and the planned end, in time order: the summary's key checks."""
    return tuple(m for m in schedule.milestones if m.spec.kind in KEY_KINDS)


def spinal_taps(schedule: Schedule) -> int:
    """Return how many spinal taps the schedule draws (the summary counts them rather than listing each)."""
    return sum(1 for m in schedule.milestones if m.spec.kind == "lp")


def months_spanned(schedule: Schedule) -> int:
    """Return how many calendar months the schedule touches, from its first day to its last."""
    first, last = schedule.start, schedule.path_end
    return (last.year - first.year) * 12 + last.month - first.month + 1
