"""The print view's memo key (all it shows but dates and its address) and its holes, for webapp/fragments.py page().

Every family's print-out has its own start date and share address (issue 13), but two with the same protocol,
options, rows and language show the same document but for those: it is rendered once per key, and the dates,
the notes, the chart's data, the share address and its QR code are written into its holes per request.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date

from webapp import page_plan, shifts
from webapp.formatting import long_date
from webapp.schedule import Schedule
from webapp.timeline_part import plan_key as page_plan_key
from webapp.timeline_part import print_holes, print_key

# Shapes are numbered so that a key is a few values, not some 600 (a table's every row): building that tuple took
# 0.045 ms a request and hashing it for the page memo another 0.01 (issue 13). Equal shapes get one number while
# it is kept here; a number is never reused, so a shape pushed out and seen again only renders its page again.
# Bound: 512 numbered shapes (1,500 bench addresses make 72), at most 15 KB each counted deep (11 on average, their
# names the protocol's own), and 512 kept schedules' numbers, each holding its schedule (11 KB; mostly the very ones
# webapp/shifts.py keeps): some 13 MB at worst.
SHAPES = 512
_numbers: OrderedDict[tuple, int] = OrderedDict()
_of_kept = shifts.PerKept(SHAPES)
_counter = itertools.count()
_lock = threading.Lock()


def key(args: Sequence[tuple[str, str]], schedule: Schedule, sentences: dict[str, str], qr: bool) -> tuple:
    """Return what decides the print view but its holes: the address but its start, the rows, which notes show.

    The address names the protocol, options and paths, so it decides the option lines and the sources as well
    (the memo adds the language): only an upload's differ, and its page is not kept.
    """
    return (tuple((k, v) for k, v in args if k != "start"), shape(schedule),
            tuple(bool(v) for v in sentences.values()), qr)


def shape(schedule: Schedule) -> int:
    """Return the number of the schedule's shape (shape_value): equal numbers, equal shapes."""
    return _of_kept.get(schedule, lambda made_of: _number(shape_value(made_of)))  # a moved one's is its kept one's


def shape_value(schedule: Schedule) -> tuple:
    """Return what the print view shows of the schedule but its dates: the tables' rows, notes and lengths."""
    return print_key(schedule), schedule.total_days, len(schedule.phases)


def _number(value: tuple) -> int:
    with _lock:
        number = _numbers.get(value)
        if number is None:
            number = _numbers[value] = next(_counter)
            while len(_numbers) > SHAPES:
                _numbers.popitem(last=False)
        else:
            _numbers.move_to_end(value)
        return number


def holes(schedule: Schedule, sentences: dict[str, str], generated: date) -> dict[str, str]:
    """Return the print view's dated texts by hole name: the tables', the heading's and its notes."""
    filled = {**print_holes(schedule), **sentences, "generated": long_date(generated)}
    if not schedule.relative:
        filled.update(iso=schedule.start.isoformat(), end=long_date(schedule.end))
    return filled


# A planned print view's holes made per request: the day it was made, the share address and its QR code, and the
# notes that may hold a day that does not move with the start (a delay's undelayed end; recorded dates).
OWN_HOLES = frozenset(("delay", "recorded", "generated", "qr", "share-url"))
_UNMARKED = {(page_plan.NAME, "today-line"): '"shapes": []', (page_plan.NAME, "today-note"): '"annotations": []'}


def plan_key(timeline, args: Sequence[tuple[str, str]], origin: str, own: dict) -> tuple | None:
    """Return the kept schedule a print view's fill plan is made for and what else decides it; None: not planned.

    As the timeline page's (timeline_part.plan_key), with which notes show and whether there is a QR code: the
    kept schedule decides the rows, notes and chart, the address but its start the options, sources and links.
    """
    planned = page_plan_key(timeline, args, origin, "print", False)
    if planned is None:
        return None
    return planned[0], (*planned[1], bool(own["delay"]), bool(own["recorded"]), bool(own["qr"]))


def unmarked(pieces: list) -> list:
    """Return a kept figure's plan pieces without a today line (the print view draws none): its empty lists."""
    return [_UNMARKED.get(piece, piece) if type(piece) is tuple else piece for piece in pieces]
