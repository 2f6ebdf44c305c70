"""The timeline section's memo key (all it shows but dates) and its holes (filled per request), for webapp/fragments.py.

Every family has its own start date (issue 13), but two start dates whose phases have the same day numbers and
lengths show the same section but for its dates, its where-are-we block and its chart: the section is rendered
once per key, and those are written into its holes. Its links carry the start date as the stand-in hole "s".
"""

from __future__ import annotations

from collections.abc import Sequence

from webapp import figure_part, shifts
from webapp.formatting import after_when, long_date
from webapp.phase_table import table_dates, table_key
from webapp.schedule import Phase, Schedule


def key(timeline, args: Sequence[tuple[str, str]], origin: str, sentences: dict, option_lines: list[str],
        actual_fields: list[Phase]) -> tuple | None:
    """Return what decides the section but its holes; None when it is not kept (an upload, an unusual start)."""
    schedule = timeline.schedule
    if timeline.custom:  # an upload lives in its address: rarely asked twice, and large as a key
        return None
    if not schedule.relative and timeline.reading.start != schedule.start.isoformat():
        return None  # the links repeat the start as typed: only the ISO form is the stand-in's
    # The address but its start (its order too: the links list options as given), the origin the calendar
    # subscription names, each row's values, whether the recorded-dates form shows, which notes show.
    return (tuple((k, v) for k, v in args if k != "start"), origin, table_key(schedule), schedule.total_days,
            len(schedule.path), schedule.guideline, tuple((m.id, bool(m.date)) for m in schedule.after),
            bool(actual_fields), tuple(option_lines), tuple(bool(v) for v in sentences.values()))


def plan_key(timeline, args: Sequence[tuple[str, str]], origin: str, layout, actual: bool) -> tuple | None:
    """Return the kept schedule a page's fill plan is made for and what else decides the plan; None: not planned.

    The kept schedule the page's is moved from (webapp/shifts.py) decides all key() holds but the address, and
    every hole but its dates (webapp/page_plan.py), and the chart but the steps after treatment it draws. The
    address with its start's place but not its value decides the links, the language menu and the form (`layout`).
    """
    schedule = timeline.schedule
    if timeline.custom or layout is None:
        return None
    if not schedule.relative and timeline.reading.start != schedule.start.isoformat():
        return None  # the links repeat the start as typed: only the ISO form is a date of the schedule
    found = shifts.origin(schedule)
    if found is None:  # not kept (recorded dates, a full memo)
        return None
    kept = found[0]
    address = tuple((k, None if k == "start" else v) for k, v in args)
    return kept, (id(kept), address, origin, layout, actual, figure_part.drawn(schedule))


def form_start(timeline) -> str:
    """Return the form's start field as it shows it (its hole "form-start"): the start as typed, without binding it."""
    return timeline.reading.start or ""  # the field's data, which is what the address gave (or nothing)


def holes(timeline, sentences: dict) -> dict[str, str]:
    """Return the section's per-request texts by hole name: its dates, notes, and the kept table's dates."""
    schedule: Schedule = timeline.schedule
    filled = {**table_dates(schedule), **_after_dates(schedule), **sentences}
    if schedule.relative:
        return filled
    filled.update({"s": schedule.start.isoformat(), "end": long_date(schedule.end)})
    for p in schedule.phases:
        filled[f"ps-{p.id}"], filled[f"pe-{p.id}"] = long_date(p.start), long_date(p.end)
    return filled


def print_key(schedule: Schedule) -> tuple:
    """Return what decides the print view's tables, phase notes and after-treatment list but their dates."""
    return (table_key(schedule), schedule.guideline, tuple((m.id, bool(m.date)) for m in schedule.after))


def print_holes(schedule: Schedule) -> dict[str, str]:
    """Return the print view's kept tables' dates by hole name."""
    return {**table_dates(schedule), **_after_dates(schedule)}


def _after_dates(schedule: Schedule) -> dict[str, str]:
    # Without a start date too: then they say Day numbers.
    return {f"aw-{mark.id}": after_when(mark, schedule) for mark in schedule.after if mark.date}
