"""The print view's memo key (all it shows but dates and its address) and its holes, for webapp/fragments.py page().

Every family's print-out has its own start date and share address (issue 13), but two with the same protocol,
options, rows and language show the same document but for those: it is rendered once per key, and the dates,
the notes, the chart's data, the share address and its QR code are written into its holes per request.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from webapp.formatting import long_date
from webapp.schedule import Schedule
from webapp.timeline_part import print_holes, print_key


def key(args: Sequence[tuple[str, str]], schedule: Schedule, sentences: dict[str, str], option_lines: list[str],
        cited: Sequence, qr: bool) -> tuple:
    """Return what decides the print view but its holes: the address but its start, the rows, notes and sources."""
    # Which notes and which sources show, and whether the address has a QR code; the kept tables' own key.
    return (tuple((k, v) for k, v in args if k != "start"), print_key(schedule), schedule.total_days,
            len(schedule.phases), tuple(option_lines), tuple(bool(v) for v in sentences.values()),
            tuple(s.key for s in cited), qr)


def holes(schedule: Schedule, sentences: dict[str, str], generated: date) -> dict[str, str]:
    """Return the print view's dated texts by hole name: the tables', the heading's and its notes."""
    filled = {**print_holes(schedule), **sentences, "generated": long_date(generated)}
    if not schedule.relative:
        filled.update(iso=schedule.start.isoformat(), end=long_date(schedule.end))
    return filled
