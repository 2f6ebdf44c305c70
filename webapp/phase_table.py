"""The schedule table's memo key (all it shows but dates) and its dates (filled per request), for webapp/fragments.py.

Calendar months make phase lengths depend on the start date, so the key holds every row's day numbers and lengths;
two start dates with the same rows share one rendered table, and only the dates are written in (issue 13).
"""

from __future__ import annotations

from webapp.formatting import after_when, end_window_text, long_date, start_window_text
from webapp.schedule import Schedule


def table_key(schedule: Schedule) -> tuple:
    """Return everything the table shows except its dates: protocol, options, and each row's own values."""
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
    dates = {"start": long_date(schedule.start)}
    for n, p in enumerate(schedule.phases):
        dates[f"ps{n}"], dates[f"pe{n}"] = long_date(p.start), long_date(p.end)
        # The windows the ranges before a phase leave it (hyper-CVAD's courses add up): dates, so holes too.
        dates[f"pw{n}"], dates[f"pv{n}"] = start_window_text(p, False), end_window_text(p, False)
    for n, m in enumerate(schedule.milestones):
        dates[f"md{n}"] = long_date(m.date)
    for n, m in enumerate(schedule.after_dated):
        dates[f"ad{n}"] = after_when(m, schedule)
    return dates
