"""Turn schedule values into plain words: dates, lengths, settings, where-are-we sentences."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from webapp.i18n import current, gettext, lazy_gettext, ngettext
from webapp.schedule import Phase, Position, Schedule

SETTING_TEXT = {
    "inpatient": lazy_gettext("Mostly in hospital"),
    "inpatient-first": lazy_gettext("In hospital at first, then clinic visits"),
    "outpatient": lazy_gettext("Clinic visits, home in between"),
    "home": lazy_gettext("At home, with regular clinic checks"),
    "varies": lazy_gettext("Hospital or clinic, depending on the centre"),
}
BRANCH_NAMES = {
    "hsct": lazy_gettext("If transplant"),
    "car-t": lazy_gettext("If CAR-T"),
    "blinatumomab": lazy_gettext("If blinatumomab"),
    "tki": lazy_gettext("Targeted drug (TKI)"),
}
# CLDR patterns through Babel: "Mon 5 Jan 2026" in English, "lun 5 ene 2026" in Spanish.
LONG_DATE = "EEE d MMM y"
SHORT_DATE = "d MMM y"


def long_date(day: date) -> str:
    """Format a date for reading in the active language: 'Mon 5 Jan 2026'."""
    return format_date(day, LONG_DATE, locale=current())


def short_date(day: date) -> str:
    """Format a date compactly in the active language: '5 Jan 2026'."""
    return format_date(day, SHORT_DATE, locale=current())


def days_text(days: int) -> str:
    """Say a number of days: '1 day', '3 days'."""
    return ngettext("%(num)s day", "%(num)s days", days)


def length_text(days: int) -> str:
    """Say a length in days and whole weeks: '29 days (4 weeks 1 day)'."""
    weeks, rest = divmod(days, 7)
    if weeks == 0:
        return days_text(days)
    parts = ngettext("%(num)s week", "%(num)s weeks", weeks)
    if rest:
        parts = gettext("%(weeks)s %(days)s", weeks=parts, days=days_text(rest))
    return gettext("%(days)s (%(parts)s)", days=days_text(days), parts=parts)


def span_text(days: int) -> str:
    """Say a long span roughly: 'about 26 months'."""
    months = round(days / 30.44)
    if months < 3:
        return ngettext("about %(num)s week", "about %(num)s weeks", round(days / 7))
    return ngettext("about %(num)s month", "about %(num)s months", months)


def range_text(phase: Phase) -> str:
    """Say a phase's uncertain length: 'usually 56 days, from 49 to 56 days'; empty if it is fixed."""
    if phase.min_end is None and phase.max_end is None:
        return ""
    low = ((phase.min_end or phase.end) - phase.start).days + 1
    high = ((phase.max_end or phase.end) - phase.start).days + 1
    return gettext("usually %(days)s days, from %(low)s to %(high)s days", days=phase.days, low=low, high=high)


def clipped_text(phase: Phase) -> str:
    """Say that a step counted back from a later one is shorter than usual; empty when it is not."""
    if not phase.clipped_days:
        return ""
    return ngettext("Shorter than its typical window here: it would start %(num)s day before the first day of "
                    "treatment, so it is drawn from Day 1.",
                    "Shorter than its typical window here: it would start %(num)s days before the first day of "
                    "treatment, so it is drawn from Day 1.", phase.clipped_days)


def phase_dates(phase: Phase, relative: bool) -> str:
    """Say a phase's first and last day, as dates or as Day numbers."""
    if relative:
        return gettext("Day %(first)s to Day %(last)s", first=phase.start_day, last=phase.end_day)
    return gettext("%(first)s to %(last)s", first=long_date(phase.start), last=long_date(phase.end))


def position_text(schedule: Schedule, position: Position) -> str:
    """Say in one sentence where `position.today` falls and what comes next."""
    today = long_date(position.today)
    if position.when == "before":
        return ngettext(
            "On %(today)s, treatment has not started yet: it starts in %(num)s day, on %(start)s, with %(phase)s.",
            "On %(today)s, treatment has not started yet: it starts in %(num)s days, on %(start)s, with %(phase)s.",
            position.days_to_start, today=today, start=long_date(schedule.start), phase=position.next_phase.name,
        )
    if position.when == "after":
        return gettext("On %(today)s, the planned schedule has ended: its last day was %(end)s.",
                       today=today, end=long_date(schedule.end))
    phase = position.phase
    if phase is None:
        return gettext("On %(today)s (Day %(day)s), you are in a planned break between phases. Next: %(phase)s, "
                       "from %(start)s.", today=today, day=schedule.day_number(position.today),
                       phase=position.next_phase.name, start=long_date(position.next_phase.start))
    text = gettext("On %(today)s (Day %(day)s), you are in week %(week)s of %(weeks)s of %(phase)s.",
                   today=today, day=schedule.day_number(position.today), week=position.week,
                   weeks=position.weeks_in_phase, phase=phase.name)
    if position.next_phase is not None:
        text += " " + gettext("Next: %(phase)s, from %(start)s.", phase=position.next_phase.name,
                              start=long_date(position.next_phase.start))
    else:
        text += " " + gettext("This is the last phase; it is planned to end on %(end)s.", end=long_date(phase.end))
    return text


def delay_text(schedule: Schedule, baseline: Schedule) -> str:
    """Say what the entered delays do to the end date and to any phase on a fixed clock."""
    entered = ", ".join(gettext("%(phase)s: %(days)s", phase=schedule.phase(pid).name, days=days_text(days))
                        for pid, days in schedule.options.delays)
    moved = (schedule.end - baseline.end).days
    if moved:
        text = gettext("The delays you entered (%(entered)s) move the planned end %(days)s later, to %(end)s.",
                       entered=entered, days=days_text(moved), end=long_date(schedule.end))
    else:
        text = gettext("The delays you entered (%(entered)s) do not move the planned end (%(end)s).",
                       entered=entered, end=long_date(schedule.end))
    for phase in schedule.main:
        before = baseline.phase(phase.id)
        if phase.spec.clock_from and phase.days < before.days:
            clock = schedule.phase(phase.spec.clock_from).name
            text += " " + gettext(
                "%(phase)s is %(days)s shorter: it ends a fixed time after the first day of %(clock)s, "
                "so delays after that day come out of it.",
                phase=phase.name, days=days_text(before.days - phase.days), clock=clock,
            )
    return text


def difference_text(first: Schedule, second: Schedule) -> str:
    """Say how much longer or shorter the second path is than the first."""
    days = (second.path_end - first.path_end).days
    if days == 0:
        return gettext("Both paths end on the same day.")
    if first.relative:
        params = {"day": second.day_number(second.path_end), "days": days_text(abs(days)),
                  "first": first.day_number(first.path_end)}
        if days > 0:
            return gettext("Path B ends on Day %(day)s, %(days)s later than path A (Day %(first)s).", **params)
        return gettext("Path B ends on Day %(day)s, %(days)s earlier than path A (Day %(first)s).", **params)
    params = {"end": long_date(second.path_end), "days": days_text(abs(days)), "span": span_text(abs(days)),
              "first": long_date(first.path_end)}
    if days > 0:
        return gettext("Path B ends on %(end)s, %(days)s (%(span)s) later than path A (%(first)s).", **params)
    return gettext("Path B ends on %(end)s, %(days)s (%(span)s) earlier than path A (%(first)s).", **params)


def chart_summary(schedule: Schedule, position: Position | None = None) -> str:
    """Say what the chart shows in one sentence, for screen readers and anyone who cannot see it."""
    count = len(schedule.main)
    if schedule.relative:
        return ngettext(
            "Treatment over %(days)s days, from Day 1 to Day %(days)s, in %(num)s phase; "
            "the chart counts Day numbers, not dates.",
            "Treatment over %(days)s days, from Day 1 to Day %(days)s, in %(num)s phases; "
            "the chart counts Day numbers, not dates.",
            count, days=schedule.total_days,
        )
    dates = {"start": short_date(schedule.start), "end": short_date(schedule.end)}
    if position is None or position.when == "during" and position.phase is None:
        return ngettext("Treatment from %(start)s to %(end)s, in %(num)s phase.",
                        "Treatment from %(start)s to %(end)s, in %(num)s phases.", count, **dates)
    if position.when == "before":
        return ngettext("Treatment from %(start)s to %(end)s, in %(phases)s; it starts in %(num)s day.",
                        "Treatment from %(start)s to %(end)s, in %(phases)s; it starts in %(num)s days.",
                        position.days_to_start, phases=phases_text(count), **dates)
    if position.when == "after":
        return ngettext("Treatment from %(start)s to %(end)s, in %(num)s phase; the planned schedule has ended.",
                        "Treatment from %(start)s to %(end)s, in %(num)s phases; the planned schedule has ended.",
                        count, **dates)
    return ngettext("Treatment from %(start)s to %(end)s, in %(num)s phase; you are in week %(week)s of %(phase)s.",
                    "Treatment from %(start)s to %(end)s, in %(num)s phases; you are in week %(week)s of %(phase)s.",
                    count, week=position.week, phase=position.phase.name, **dates)


def phases_text(count: int) -> str:
    """Say a number of phases: '1 phase', '6 phases'."""
    return ngettext("%(num)s phase", "%(num)s phases", count)
