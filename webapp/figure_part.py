"""The chart's JSON kept per schedule shape with its dates as holes, filled per start date (issue 13); no Flask here.

chart.figure() reads dates only to compare them, subtract them and write them (as ISO text or as long_date()); what
the one calendar step it takes decides (the steps drawn in the six months past the end) is part of the key. Two
schedules whose every date lies as many days from their start, with the same rows, write the same JSON but for the
dates themselves: it is made once for such a shape, and each date in it becomes a hole named by its days from the
start. The print view (webapp/views/downloads.py) keeps one per shape and fills it per request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from jinja2.utils import htmlsafe_json_dumps

from webapp.chart import AFTER_IN_VIEW_MONTHS, span
from webapp.schedule import Schedule, add_months

# An ISO date opening a JSON string: a bar's base, a mark's x ("2026-01-05 12:00"), the axis's range.
ISO = re.compile(r'(?<=")\d{4}-\d\d-\d\d(?=[" ])')


class Template(NamedTuple):
    """A figure's JSON text as literal parts; between them its dates, each an index into `dates`."""

    literals: tuple[str, ...]
    dates: tuple[tuple[bool, int], ...]  # each date once: (written long, days from the start)
    holes: tuple[int, ...]  # which of `dates` each hole between two literal parts is


def key(schedule: Schedule) -> tuple:
    """Return every date the figure may read, as days from the start (None: no such date), and which steps it draws.

    The steps after treatment that the view draws end six months after the drawn end: a calendar step, whose
    length in days depends on the start date.
    """
    days = [schedule.replaced_from, schedule.planned_path_end]
    for p in schedule.phases:
        days += (p.start, p.end, p.min_end, p.max_end, p.planned_start, p.planned_end, p.earliest_start,
                 p.latest_start, p.earliest_end, p.latest_end)
    for m in schedule.milestones:
        days += (m.date, m.earliest, m.latest)
    for mark in schedule.after:
        days += (mark.date, mark.latest)
    first = schedule.start.toordinal()
    return drawn(schedule), tuple([None if day is None else day.toordinal() - first for day in days])


def drawn(schedule: Schedule) -> tuple[bool, ...]:
    """Return which steps after treatment the chart draws: the part of key() a schedule moved exactly may change."""
    cut = add_months(span(schedule)[1], AFTER_IN_VIEW_MONTHS)
    return tuple((mark.latest or mark.date) <= cut for mark in schedule.after_dated)


def _dates(schedule: Schedule) -> Iterator[date]:
    """Yield every date of the schedule that a text of the figure may write with long_date()."""
    yield from (schedule.start, schedule.end)
    for p in schedule.phases:
        yield from (p.start, p.end, *p.start_window, *p.end_window)
        if p.planned_start is not None:
            yield from (p.planned_start, p.planned_end)
    yield from (m.date for m in schedule.milestones)
    for mark in schedule.after_dated:
        yield from (mark.date, mark.latest or mark.date)


def template(text: str, schedule: Schedule, written: Callable[[date], str]) -> Template | None:
    """Return `text`, the figure's JSON for `schedule`, with its dates as holes; None when one may be left in it.

    `written(day)` is a date as long_date() writes it, escaped as the JSON writes it.
    """
    if schedule.relative:  # Day numbers from the one reference Day 1: the key decides every character
        return Template((text,), (), ())
    start = schedule.start
    longs = {written(day): (day - start).days for day in set(_dates(schedule))}
    # Where each date is written: a search per date is some 20 times faster than one pattern of them all.
    found = [(match.start(), match.end(), (False, (date.fromisoformat(match.group()) - start).days))
             for match in ISO.finditer(text)]
    for long, days in longs.items():
        at = text.find(long)
        while at >= 0:
            found.append((at, at + len(long), (True, days)))
            at = text.find(long, at + len(long))
    literals, holes, last = [], [], 0
    dates: dict[tuple[bool, int], int] = {}  # each date by its index, in order of first use
    for begin, end, named in sorted(found, key=lambda place: (place[0], -place[1])):
        if begin < last:  # inside a longer date's text (none of the languages' dates is, but one could be)
            continue
        literals.append(text[last:begin])
        holes.append(dates.setdefault(named, len(dates)))
        last = end
    literals.append(text[last:])
    years = {(start + timedelta(days)).year for days in (*longs.values(), *(days for _, days in dates))}
    years = range(min(years) - 1, max(years) + 2)
    # A year the figure's dates span, left in a literal part, is a date written another way: not kept. Not a
    # character's escape (a prime is \u2032) nor a longer number (a bar's length in milliseconds).
    left = re.compile(r"(?<!\\u)(?<!\d)(?:" + "|".join(map(str, years)) + r")(?!\d)")
    if left.search("\x00".join(literals)):  # one search: no year spans two parts
        return None
    return Template(tuple(literals), tuple(dates), tuple(holes))


@lru_cache(maxsize=16384)  # the long dates of ten years in every language
def json_text(text: str) -> str:
    """Return `text` as the page's JSON writes it inside a string (Jinja's tojson: ASCII, <>&' as escapes)."""
    return str(htmlsafe_json_dumps(text))[1:-1]


def fill(kept: Template, start: date, written: Callable[[date], str]) -> str:
    """Return the figure's JSON for a schedule of the kept shape that begins on `start`."""
    first = start.toordinal()
    days = [date.fromordinal(first + offset) for _, offset in kept.dates]
    values = [written(day) if long else day.isoformat() for day, (long, _) in zip(days, kept.dates, strict=True)]
    out = [""] * (2 * len(kept.literals) - 1)
    out[0::2] = kept.literals
    out[1::2] = [values[index] for index in kept.holes]
    return "".join(out)
