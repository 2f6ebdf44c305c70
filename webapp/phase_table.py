"""The schedule table's memo key (all it shows but dates) and its dates (filled per request), for webapp/fragments.py.

Calendar months make phase lengths depend on the start date, so the key holds every row's day numbers and lengths;
two start dates with the same rows share one rendered table, and only the dates are written in (issue 13).
"""

from __future__ import annotations

import functools

from webapp import shifts
from webapp.formatting import after_when, end_window_text, long_date, start_window_text
from webapp.schedule import Schedule

# The timeline page's and the print view's kept parts are keyed by this: building it took 0.036 ms a request (issue
# 13). Bound: 512 kept schedules' keys, each holding its schedule (11 KB; mostly the very ones webapp/shifts.py
# keeps) and its key (11 KB counted deep, its names the protocol's own): about 11 MB at worst.
KEYS = 512
_keys = shifts.PerKept(KEYS)


def table_key(schedule: Schedule) -> tuple:
    """Return everything the table shows except its dates: protocol, options, and each row's own values."""
    return _keys.get(schedule, _table_key)  # a moved schedule's key is its kept one's: all numbers of days


def _table_key(schedule: Schedule) -> tuple:
    phases = tuple((p.id, p.name, p.track, p.start_day, p.end_day, p.days, p.actual, p.later_days, p.spec.setting,
                    p.min_end and (p.min_end - p.start).days, p.max_end and (p.max_end - p.start).days,
                    tuple((day - p.start).days for day in p.start_window + p.end_window),
                    # What decides whether a note shows, and the clipped days' number (a month-counted step's can
                    # differ between start dates with the same rows), not only the windows' widths.
                    p.may_start_between, p.earliest_end is not None, p.clipped_days)
                   for p in schedule.phases)
    milestones = tuple((m.id, m.label, m.day, m.phase, m.spec.kind, m.spec.note, tuple(m.spec.sources))
                       for m in schedule.milestones)
    # Life after treatment: its rows' own values; their dates (and ranges) are holes like the others.
    after = tuple((m.id, m.label, m.day, m.uncertain, tuple(m.spec.sources)) for m in schedule.after_dated)
    return (schedule.protocol.id, schedule.protocol.name, schedule.relative, schedule.options.choices,
            schedule.options.branches, phases, milestones, after)


def table_dates(schedule: Schedule) -> dict[str, str]:
    """Return the table's dates by the names its template gives their holes."""
    if schedule.relative:
        return {}
    # Both pages fill about 50 of these per request (issue 13): the names are made once per number of rows, and the
    # texts in one list (27 -> 20 us a table, seven protocols).
    after = schedule.after_dated
    values = [long_date(schedule.start)]
    for p in schedule.phases:
        # The windows the ranges before a phase leave it (hyper-CVAD's courses add up): dates, so holes too.
        values += (long_date(p.start), long_date(p.end), start_window_text(p, False), end_window_text(p, False))
    values += [long_date(m.date) for m in schedule.milestones]
    values += [after_when(m, schedule) for m in after]
    return dict(zip(_names(len(schedule.phases), len(schedule.milestones), len(after)), values, strict=True))


@functools.lru_cache(maxsize=1024)  # one per number of phases, milestones and dated steps: a few dozen, 1 KB each
def _names(phases: int, milestones: int, after: int) -> tuple[str, ...]:
    """Return the holes' names in the order table_dates gives their texts."""
    names = ["start"]
    for n in range(phases):
        names += (f"ps{n}", f"pe{n}", f"pw{n}", f"pv{n}")
    return (*names, *(f"md{n}" for n in range(milestones)), *(f"ad{n}" for n in range(after)))
