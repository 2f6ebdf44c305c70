"""The schedule as a CSV table: one row per phase and per milestone, for spreadsheets."""

from __future__ import annotations

import csv
import io

from webapp.formatting import SETTING_TEXT
from webapp.schedule import Schedule

HEADER = (
    "kind", "id", "name", "track", "phase", "first_date", "last_date", "days", "first_day", "last_day",
    "setting", "milestone_kind", "sources", "planned_first_date", "planned_last_date", "recorded",
    # The windows the ranges before a row leave (hyper-CVAD's 21-28-day courses add up); empty when one day.
    "earliest_first_date", "latest_first_date", "earliest_last_date", "latest_last_date",
)
# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"); an
# uploaded protocol's names come from outside, so such text cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_csv(schedule: Schedule) -> str:
    """Return the CSV text (header row, ISO dates, empty dates in the teaching view), BOM first.

    The byte order mark makes Excel read the file as UTF-8 instead of the local code page.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)

    def iso(day) -> str:
        return "" if schedule.relative else day.isoformat()

    def windows(window) -> tuple[str, str]:
        return ("", "") if window is None else (iso(window[0]), iso(window[1]))

    for p in schedule.phases:
        writer.writerow([
            "phase", p.id, _text(p.name), p.track, p.id, iso(p.start), iso(p.end), p.days, p.start_day,
            p.end_day, SETTING_TEXT[p.spec.setting], "", ";".join(p.spec.sources), iso(p.planned_start),
            iso(p.planned_end), "yes" if p.actual else "", *windows(p.start_window if p.may_start_between else None),
            *windows(p.end_window if p.earliest_end is not None and p.earliest_end != p.latest_end else None),
        ])
    for m in schedule.milestones:
        writer.writerow([
            "milestone", m.id, _text(m.label), schedule.phase(m.phase).track, m.phase, iso(m.date), iso(m.date),
            1, m.day, m.day, "", m.spec.kind, ";".join(m.spec.sources), "", "", "", *windows(m.window),
            *windows(m.window),
        ])
    for a in schedule.after_dated:
        # A step after treatment has no phase; a range (the sources disagree) runs from first to last date.
        last = a.latest or a.date
        writer.writerow([
            "after", a.id, _text(a.label), schedule.after_track(a), "",
            iso(a.date), iso(last), (last - a.date).days + 1, a.day, schedule.day_number(last), "", "after",
            ";".join(a.spec.sources), "", "", "", "", "", "", "",
        ])
    return out.getvalue()
