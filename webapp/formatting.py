"""Turn schedule values into plain words: dates, lengths, settings, where-are-we sentences."""

from __future__ import annotations

from datetime import date

from webapp.schedule import Phase, Position, Schedule

SETTING_TEXT = {
    "inpatient": "Mostly in hospital",
    "inpatient-first": "In hospital at first, then clinic visits",
    "outpatient": "Clinic visits, home in between",
    "home": "At home, with regular clinic checks",
    "varies": "Hospital or clinic, depending on the centre",
}
BRANCH_NAMES = {
    "hsct": "If transplant",
    "car-t": "If CAR-T",
    "blinatumomab": "If blinatumomab",
    "tki": "Targeted drug (TKI)",
}


def long_date(day: date) -> str:
    """Format a date for reading: 'Mon 5 Jan 2026'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def short_date(day: date) -> str:
    """Format a date compactly: '5 Jan 2026'."""
    return f"{day.day} {day:%b %Y}"


def length_text(days: int) -> str:
    """Say a length in days and whole weeks: '29 days (4 weeks 1 day)'."""
    weeks, rest = divmod(days, 7)
    if weeks == 0:
        return f"{days} day{'s' if days != 1 else ''}"
    parts = [f"{weeks} week{'s' if weeks != 1 else ''}"]
    if rest:
        parts.append(f"{rest} day{'s' if rest != 1 else ''}")
    return f"{days} days ({' '.join(parts)})"


def span_text(days: int) -> str:
    """Say a long span roughly: 'about 26 months'."""
    months = round(days / 30.44)
    if months < 3:
        return f"about {round(days / 7)} weeks"
    return f"about {months} months"


def range_text(phase: Phase) -> str:
    """Say a phase's uncertain length: 'usually 56 days, from 49 to 56 days'; empty if it is fixed."""
    if phase.min_end is None and phase.max_end is None:
        return ""
    low = ((phase.min_end or phase.end) - phase.start).days + 1
    high = ((phase.max_end or phase.end) - phase.start).days + 1
    return f"usually {phase.days} days, from {low} to {high} days"


def phase_dates(phase: Phase, relative: bool) -> str:
    """Say a phase's first and last day, as dates or as Day numbers."""
    if relative:
        return f"Day {phase.start_day} to Day {phase.end_day}"
    return f"{long_date(phase.start)} to {long_date(phase.end)}"


def position_text(schedule: Schedule, position: Position) -> str:
    """Say in one sentence where `position.today` falls and what comes next."""
    today = long_date(position.today)
    if position.when == "before":
        days = position.days_to_start
        return (f"On {today}, treatment has not started yet: it starts in {days} day"
                f"{'s' if days != 1 else ''}, on {long_date(schedule.start)}, with {position.next_phase.name}.")
    if position.when == "after":
        return f"On {today}, the planned schedule has ended: its last day was {long_date(schedule.end)}."
    phase = position.phase
    text = (f"On {today} (Day {schedule.day_number(position.today)}), you are in week {position.week} "
            f"of {position.weeks_in_phase} of {phase.name}.")
    if position.next_phase is not None:
        text += f" Next: {position.next_phase.name}, from {long_date(position.next_phase.start)}."
    else:
        text += f" This is the last phase; it is planned to end on {long_date(phase.end)}."
    return text


def delay_text(schedule: Schedule, baseline: Schedule) -> str:
    """Say what the entered delays do to the end date and to any phase on a fixed clock."""
    entered = ", ".join(f"{schedule.phase(pid).name}: {days} days" for pid, days in schedule.options.delays)
    moved = (schedule.end - baseline.end).days
    text = f"The delays you entered ({entered}) "
    text += (f"move the planned end {moved} days later, to {long_date(schedule.end)}." if moved
             else f"do not move the planned end ({long_date(schedule.end)}).")
    for phase in schedule.main:
        before = baseline.phase(phase.id)
        if phase.spec.clock_from and phase.days < before.days:
            clock = schedule.phase(phase.spec.clock_from).name
            text += (f" {phase.name} is {before.days - phase.days} days shorter: it ends a fixed time after the "
                     f"first day of {clock}, so delays after that day come out of it.")
    return text


def difference_text(first: Schedule, second: Schedule) -> str:
    """Say how much longer or shorter the second path is than the first."""
    days = (second.path_end - first.path_end).days
    if days == 0:
        return "Both paths end on the same day."
    if first.relative:
        return (f"Path B ends on Day {second.day_number(second.path_end)}, {abs(days)} days "
                f"{'later' if days > 0 else 'earlier'} than path A (Day {first.day_number(first.path_end)}).")
    return (f"Path B ends on {long_date(second.path_end)}, {abs(days)} days ({span_text(abs(days))}) "
            f"{'later' if days > 0 else 'earlier'} than path A ({long_date(first.path_end)}).")


def chart_summary(schedule: Schedule, position: Position | None = None) -> str:
    """Say what the chart shows in one sentence, for screen readers and anyone who cannot see it."""
    count = len(schedule.main)
    phases = f"{count} phase{'s' if count != 1 else ''}"
    if schedule.relative:
        return (f"Treatment over {schedule.total_days} days, from Day 1 to Day {schedule.total_days}, "
                f"in {phases}; the chart counts Day numbers, not dates.")
    text = f"Treatment from {short_date(schedule.start)} to {short_date(schedule.end)}, in {phases}"
    if position is None:
        return text + "."
    if position.when == "before":
        days = position.days_to_start
        return text + f"; it starts in {days} day{'s' if days != 1 else ''}."
    if position.when == "after":
        return text + "; the planned schedule has ended."
    if position.phase is None:
        return text + "."
    return text + f"; you are in week {position.week} of {position.phase.name}."
