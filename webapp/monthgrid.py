"""A dated schedule laid out as a wall calendar: months of weeks of days, from a given first weekday (stdlib only)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from webapp.journey import Milestone, Phase, Schedule


@dataclass(frozen=True)
class Cell:
    """One square of a month's grid; the squares of the months before and after are blanks (`in_month` False)."""

    day: date
    in_month: bool
    number: int | None = None  # the Day number (Day 1 = first day of treatment); None outside treatment
    phases: tuple[Phase, ...] = ()  # the rows running that day, in time order
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class Month:
    """One printed page of the calendar: its weeks, and the rows and milestones that fall in it."""

    first: date  # the first day of the month
    weeks: tuple[tuple[Cell, ...], ...]
    phases: tuple[Phase, ...]  # the rows running on at least one day of the month, in time order
    milestones: tuple[Milestone, ...]


def first_days(first: date, last: date) -> list[date]:
    """Return the first day of every month from the one holding `first` to the one holding `last`."""
    found, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _cell(day: date, month: int, schedule: Schedule, rows: tuple[Phase, ...]) -> Cell:
    if day.month != month:
        return Cell(day, False)
    running = schedule.start <= day <= schedule.path_end
    return Cell(
        day, True, schedule.day_number(day) if running else None,
        tuple(p for p in rows if p.contains(day)), tuple(m for m in schedule.milestones if m.date == day),
    )


def months(schedule: Schedule, first_weekday: int = calendar.MONDAY) -> tuple[Month, ...]:
    """Return every month from the first day of treatment to the last day drawn, as weeks of cells.

    Weeks start on `first_weekday` (0 = Monday ... 6 = Sunday, as Babel's `first_week_day` counts: the
    language's own calendar). The rows are the schedule's own: the "if ..." paths appear only when the query
    chose them (branch=...).
    """
    layout = calendar.Calendar(firstweekday=first_weekday)
    if schedule.relative:
        raise ValueError("a calendar needs dates: the schedule has no start date")
    rows = tuple(sorted(schedule.phases, key=lambda p: (p.start, p.spec.order)))
    found = []
    for first in first_days(schedule.start, schedule.path_end):
        weeks = tuple(tuple(_cell(day, first.month, schedule, rows) for day in week)
                      for week in layout.monthdatescalendar(first.year, first.month))
        last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
        found.append(Month(
            first, weeks, tuple(p for p in rows if p.start <= last and p.end >= first),
            tuple(m for m in schedule.milestones if first <= m.date <= last),
        ))
    return tuple(found)
