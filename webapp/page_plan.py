"""A kept page's fill plan for one kept schedule: its holes' words made once, its dates left as slots (issue 13).

A kept timeline page (webapp/fragments.py) has about 140 holes, most of them dates or sentences with dates in
them (the tables' days and windows, the steps after treatment, the start in every link). Its schedule is a kept
one moved by some days (webapp/shifts.py): every date lies as many days from the start as the kept one's, and
every other word of those holes is the same. So the holes are written once per kept schedule with each date in
them a slot named by its days from the start, as webapp/figure_part.py does for the chart's JSON; a request then
writes each of its dates once and joins. No Flask here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from operator import attrgetter, itemgetter
from typing import NamedTuple

from webapp.schedule import Schedule
from webapp.shifts import AFTER_DATES, MILESTONE_DATES, PHASE_DATES

# A slot: a date as long_date() writes it (escaped for the page), as ISO text, as the chart's JSON writes its long
# date (webapp/figure_part.py), or a hole filled per request; (kind, days from the start) or (NAME, hole name).
LONG, ISO, JSON, NAME = 0, 1, 2, 3
# The date fields webapp/shifts.py moves: one list, so a new date field is planned as it is moved.
_PHASE, _MILESTONE, _AFTER = attrgetter(*PHASE_DATES), attrgetter(*MILESTONE_DATES), attrgetter(*AFTER_DATES)
Piece = str | tuple[int, int] | tuple[int, str]


class Plan(NamedTuple):
    """A page as its own texts and slots: `order` picks its pieces from parts + each kind's dates + the values."""

    parts: tuple[str, ...]  # the skeleton's literal parts and the words of the holes around their dates
    dates: tuple[tuple[int, ...], ...]  # by kind (LONG, ISO, JSON): its dates, each once, as days from the start
    names: tuple[str, ...]  # the holes filled per request, each once
    order: Callable[[tuple[str, ...]], tuple[str, ...]]  # an itemgetter over that table: the page's pieces in order


def dates(schedule: Schedule) -> Iterator[date | None]:
    """Yield every date the schedule holds (None: a field without one), as webapp/shifts.py moves them."""
    yield schedule.start
    for p in (*schedule.phases, *schedule.replaced):
        yield from _PHASE(p)
    for m in schedule.milestones:
        yield from _MILESTONE(m)
    for mark in schedule.after:
        yield from _AFTER(mark)
    yield from (schedule.replaced_from, schedule.planned_path_end)


def make(split: tuple[tuple[str, ...], tuple[str, ...]], texts: dict[str, str | list[Piece]], own: frozenset[str],
         schedule: Schedule, long: Callable[[date], str], fixed: Iterable[str]) -> Plan | None:
    """Return the plan of a kept text's `split` (literals, hole names) filled with `texts` for `schedule`.

    `texts`: each hole's text as written in (escaped), or its pieces already made and checked (the chart's JSON,
    webapp/views/figures.py); the holes in `own` are filled per request. `long(day)`: a date as the page writes it.
    `fixed`: texts that do not move with the start (the address's other values). None when a date may be left in
    a text, or when a fixed text holds one of the schedule's dates: it would be taken for that date and moved.
    """
    literals, names = split
    start = schedule.start
    found: dict[str, tuple[int, int]] = {}  # a date's text: (how it is written, its days from the start)
    if not schedule.relative:  # Day numbers from the one reference Day 1: no date is written
        for day in set(dates(schedule)) - {None}:
            found[long(day)] = (LONG, (day - start).days)
            found[day.isoformat()] = (ISO, (day - start).days)
    if any(text in value for value in fixed for text in found):
        return None
    holed = {name: texts[name] if type(texts[name]) is list else _holed(texts[name], found)
             for name in set(names) - own}
    words = [piece for name, pieces in holed.items() if type(texts[name]) is str
             for piece in pieces if type(piece) is str]
    if found and _year(found, start).search("\x00".join(words)):  # one search: no year spans two parts
        return None
    pieces: list[Piece] = [literals[0]]
    for name, literal in zip(names, literals[1:], strict=True):
        pieces.extend([(NAME, name)] if name in own else holed[name])
        pieces.append(literal)
    return _plan(pieces)


def fill(plan: Plan, start: date, texts: tuple[Mapping[int, str], ...], values: dict) -> str:
    """Return the page of `plan` for a schedule moved to `start`, with `values` (escaped) in its own holes.

    `texts`: by kind (LONG, ISO, JSON), the dates' texts by ordinal.
    """
    first = start.toordinal().__add__
    long, iso, json = (map(kind.__getitem__, map(first, days)) for kind, days in zip(texts, plan.dates, strict=True))
    return "".join(plan.order((*plan.parts, *long, *iso, *json, *map(values.__getitem__, plan.names))))


def _holed(text: str, found: dict[str, tuple[int, int]]) -> list[Piece]:
    """Return `text` as its words and its dates' slots, in order."""
    places = []
    for written, slot in found.items():
        at = text.find(written)
        while at >= 0:
            places.append((at, at + len(written), slot))
            at = text.find(written, at + len(written))
    pieces: list[Piece] = []
    last = 0
    for begin, end, slot in sorted(places, key=lambda place: (place[0], -place[1])):
        if begin < last:  # inside a longer date's text (no language's dates are, but one could be)
            continue
        pieces += (text[last:begin], slot)
        last = end
    pieces.append(text[last:])
    return pieces


def _year(found: dict[str, tuple[int, int]], start: date) -> re.Pattern:
    """Return a pattern of the years the dates span, and one either side, as words: a date left in a text."""
    days = [offset for _, offset in found.values()]
    first, last = (date.fromordinal(start.toordinal() + offset) for offset in (min(days), max(days)))
    years = "|".join(map(str, range(first.year - 1, last.year + 2)))
    return re.compile(rf"(?<!\d)(?:{years})(?!\d)")


def _plan(pieces: list[Piece]) -> Plan:
    """Return the plan of a page's pieces: its texts, date slots and per-request holes, in order."""
    parts: list[str] = []
    kinds: tuple[dict, ...] = ({}, {}, {}, {})  # by kind: each date (or name) and its place, in order of first use
    order: list[tuple[int, int]] = []  # each piece: (0 for a text, else 1 + its kind; its place)
    for piece in pieces:
        if type(piece) is str:
            if not piece:
                continue
            # Not joined to the text before it: the skeleton's own texts are shared with it (a joined copy doubled
            # the memory of kept pages, 131 KB a plan, and made no fill measurably faster).
            order.append((0, len(parts)))
            parts.append(piece)
            continue
        kind, value = piece
        order.append((1 + kind, kinds[kind].setdefault(value, len(kinds[kind]))))
    base = [0, len(parts)]
    for found in kinds[:-1]:
        base.append(base[-1] + len(found))
    indexes = [base[part] + place for part, place in order]
    pick = itemgetter(*indexes) if len(indexes) > 1 else lambda table: tuple(table[i] for i in indexes)
    return Plan(tuple(parts), tuple(tuple(found) for found in kinds[:-1]), tuple(kinds[NAME]), pick)
