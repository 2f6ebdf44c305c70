"""The schedule as plain records: the JSON contract of /schedule.json."""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from operator import itemgetter

from webapp import shifts
from webapp.i18n import N_, current, gettext
from webapp.schedule import AfterMark, Phase, Schedule

DISCLAIMER = N_(
    "Educational picture, not medical advice. Real schedules shift with blood counts, "
    "infections and how the leukaemia responds; follow your care team's plan."
)


def disclaimer() -> str:
    """Return the disclaimer in the active language."""
    return gettext(DISCLAIMER)


def _no_date(day: date) -> None:
    return None


def to_json(schedule: Schedule) -> str:
    """Return `to_dict` as compact JSON text with sorted keys, as Flask's jsonify writes it (without its newline)."""
    found = shifts.origin(schedule)
    if found is None:
        return _dumps(to_dict(schedule))
    kept = found[0]
    pieces, holes, steps = _kept_text(kept)
    if pieces is None:  # its names have the holes' characters in them
        return _dumps(to_dict(schedule))
    if not holes:  # relative: no dates
        return pieces[0]
    # The texts between the dates, then each date in its place: joined, as `%` did in 11 us for cog-hr, in 4.
    found = [""] * (2 * len(pieces) - 1)
    found[0::2] = pieces
    found[1::2] = itemgetter(*holes)(_iso_days(schedule.start.toordinal(), steps))
    return "".join(found)


MAX_DAYS = 20_000  # ISO texts kept by day: 55 years of dates, about 2.5 MB; later days are written, not kept
_days: dict[int, str] = {}  # proleptic ordinal -> ISO text


def _iso_days(first: int, steps: tuple[int, ...]) -> list[str]:
    """Return the ISO text of each day `steps` after the ordinal `first`, kept by day."""
    # A schedule writes 40-55 dates: `(start + step).isoformat()` took 14 of to_json's 32 us, a look-up 3 (issue 13).
    found = [_days.get(first + step) for step in steps]
    if None in found:
        found = [text or _iso_day(first + step) for text, step in zip(found, steps, strict=True)]
    return found


def _iso_day(ordinal: int) -> str:
    text = date.fromordinal(ordinal).isoformat()
    if len(_days) < MAX_DAYS:
        _days[ordinal] = text
    return text


MAX_TEXTS = 512  # kept texts (about 11 KB each), the least recently used going first
_texts: OrderedDict[tuple[int, str], tuple[Schedule, tuple]] = OrderedDict()
_texts_lock = threading.Lock()


def _kept_text(kept: Schedule) -> tuple:
    """Return `_holed(kept)` in the active language, made once while kept (keyed by the schedule object itself)."""
    key = (id(kept), current())
    with _texts_lock:
        found = _texts.get(key)
        if found is not None and found[0] is kept:
            _texts.move_to_end(key)
            return found[1]
    made = _holed(kept)
    with _texts_lock:
        _texts[key] = (kept, made)
        while len(_texts) > MAX_TEXTS:
            _texts.popitem(last=False)
    return made


def _dumps(found: dict) -> str:
    return json.dumps(found, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


_HOLE = re.compile(r'"\\u0000(\d+)\\u0000"')  # a date's place in `_holed`'s JSON: "\u0000<n>\u0000"


def _holed(kept: Schedule) -> tuple[tuple[str, ...] | None, tuple[int, ...], tuple[int, ...]]:
    """Return the JSON of a kept schedule as the texts between its dates, which date goes between each two, and
    those dates as days after the start; one text when it has no dates, none when the dates cannot be told apart.

    Every answer of /schedule.json is unique (issue 13), but a schedule moved from a kept one differs from it only
    in its dates (webapp/shifts.py): the text is made once, and each answer fills in its own dates.
    """
    if kept.relative:
        return (_dumps(to_dict(kept)),), (), ()
    days: list[int] = []

    def hole(day: date | None) -> str | None:
        if day is None:
            return None
        days.append((day - kept.start).days)
        return f"\0{len(days) - 1}\0"

    text = _dumps(to_dict(kept, hole))
    pieces = _HOLE.split(text)
    found = [int(n) for n in pieces[1::2]]  # in the text's (sorted keys') order, not the order made
    if sorted(found) != list(range(len(days))) or len(days) < 2:
        return None, (), ()
    distinct = sorted(set(days))
    index = {day: n for n, day in enumerate(distinct)}
    texts = pieces[0::2]  # each date's quotes go with the texts around it
    texts = [texts[0] + '"', *(f'"{text}"' for text in texts[1:-1]), '"' + texts[-1]]
    return tuple(texts), tuple(index[days[n]] for n in found), tuple(distinct)


def to_dict(schedule: Schedule, iso: Callable[[date], str | None] | None = None) -> dict:
    """Return the schedule as JSON-ready data; `end` is the inclusive last day, dates ISO (or as `iso` writes them)."""
    # Every answer of /schedule.json is unique (issue 13): the schedule's values are read once each, not per use.
    protocol, options = schedule.protocol, schedule.options
    if iso is None:
        iso = _no_date if schedule.relative else date.isoformat
    start = schedule.start
    path_end, end_window = schedule.path_end, schedule.end_window
    track_of = {p.id: p.track for p in schedule.phases}
    possible = {track: schedule.possible(track) for track in {*track_of.values(), "main", schedule.replaced_by}}

    def day(when: date) -> int:
        return (when - start).days + 1

    def window(first: date, last: date) -> dict:
        return {"earliest": iso(first), "latest": iso(last), "earliest_day": day(first), "latest_day": day(last)}

    def phase(p: Phase) -> dict:
        spec, min_end, max_end = p.spec, p.min_end, p.max_end
        found = {
            "id": spec.id,
            "name": spec.name,
            "track": spec.track,
            "possible": possible[spec.track],
            "start": iso(p.start),
            "end": iso(p.end),
            "days": (p.end - p.start).days + 1,
            "planned_start": iso(p.planned_start),
            "planned_end": iso(p.planned_end),
            "actual": p.actual,
            "start_day": p.start_day,
            "end_day": p.end_day,
            "min_end": iso(min_end) if min_end else None,
            "max_end": iso(max_end) if max_end else None,
            "min_end_day": day(min_end) if min_end else None,
            "max_end_day": day(max_end) if max_end else None,
            "clipped_days": p.clipped_days,
            "setting": spec.setting,
            "gate": spec.gate or None,
            "open_end": spec.open_end,
            "sources": list(spec.sources),
        }
        # The windows the ranges before a phase leave it (hyper-CVAD's courses add up); none: no keys.
        if p.may_start_between:
            found["may_start"] = window(*p.start_window)
        if p.earliest_end is not None and p.earliest_end != p.latest_end:
            found["may_end"] = window(*p.end_window)
        return found

    def milestone(m) -> dict:
        spec = m.spec
        found = {
            "id": m.id,
            "label": spec.label,
            "date": iso(m.date),
            "day": m.day,
            "phase": m.phase,
            "kind": spec.kind,
            "possible": possible[track_of[m.phase]],
            "sources": list(spec.sources),
        }
        if m.earliest is not None:
            found["may_date"] = window(m.earliest, m.latest)
        return found

    def after(mark: AfterMark) -> dict:
        """Return a step after treatment as a milestone of kind `after`: no phase; `latest` ends a range."""
        spec, latest = mark.spec, mark.latest
        return {
            "id": mark.id,
            "label": spec.label,
            "date": iso(mark.date),
            "day": mark.day,
            "phase": None,
            "kind": "after",
            "possible": schedule.possible(schedule.after_track(mark)),
            "sources": list(spec.sources),
            "latest": iso(latest) if latest else None,
            "latest_day": day(latest) if latest else None,
            "uncertain": mark.uncertain,
            "guideline": spec.guideline or None,
            "what": spec.what,
        }

    replaced_from = schedule.replaced_from
    return {
        "start": iso(start),
        "end": iso(path_end),
        "relative": schedule.relative,
        "total_days": day(path_end),
        "protocol": protocol.id,
        "protocol_name": protocol.name,
        "protocol_version": protocol.version,
        "protocol_as_of": protocol.as_of.isoformat(),
        "path_end": iso(path_end),
        "path_end_day": day(path_end),
        "main_end": iso(schedule.main_end),
        "planned_end": iso(schedule.planned_path_end or path_end),
        "later_days": (path_end - schedule.planned_path_end).days if schedule.planned_path_end else 0,
        # Only when the ranges before the end add up to more than one day (hyper-CVAD's 21-28-day courses).
        **({"may_end": window(*end_window)} if end_window else {}),
        "replaced_by": schedule.replaced_by,
        "replaced_from": iso(replaced_from) if replaced_from else None,
        "replaced_from_day": day(replaced_from) if replaced_from else None,
        "replaced_phases": [p.id for p in schedule.replaced],
        "options": {
            **_patient_options(schedule),
            "branches": list(options.branches),
            "delays": [{"phase": phase_id, "days": days} for phase_id, days in options.delays],
            "started": [{"phase": phase_id, "date": when.isoformat()} for phase_id, when in options.started],
        },
        "phases": [phase(p) for p in schedule.phases],
        "milestones": [milestone(m) for m in schedule.milestones]
        + [after(m) for m in schedule.after if m.date is not None],
        "guideline": schedule.guideline or None,
        # Steps after treatment that no source dates from the end of treatment (the move to adult care).
        "after_undated": [{"id": m.id, "label": m.label, "what": m.spec.what, "sources": list(m.spec.sources)}
                          for m in schedule.after if m.date is None],
        "language": current(),
        "disclaimer": disclaimer(),
    }


def _patient_options(schedule: Schedule) -> dict:
    """Return each patient option the protocol declares as given (None when not given), under its own id."""
    given = dict(schedule.options.choices)
    found = {o.id: given.get(o.id) for o in schedule.protocol.options}
    if "induction_weeks" in found and found["induction_weeks"]:  # a number of weeks, as before options were data
        found["induction_weeks"] = int(found["induction_weeks"])
    return found
