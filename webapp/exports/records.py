"""The schedule as plain records: the JSON contract of /schedule.json."""

from __future__ import annotations

from datetime import date

from webapp.i18n import N_, current, gettext
from webapp.schedule import AfterMark, Phase, Schedule

DISCLAIMER = N_(
    "Educational picture, not medical advice. Real schedules shift with blood counts, "
    "infections and how the leukaemia responds; follow your care team's plan."
)


def disclaimer() -> str:
    """Return the disclaimer in the active language."""
    return gettext(DISCLAIMER)


def _iso(day: date, schedule: Schedule) -> str | None:
    return None if schedule.relative else day.isoformat()


def to_dict(schedule: Schedule) -> dict:
    """Return the schedule as JSON-ready data; `end` is the inclusive last day, dates ISO."""
    protocol = schedule.protocol
    return {
        "start": _iso(schedule.start, schedule),
        "end": _iso(schedule.path_end, schedule),
        "relative": schedule.relative,
        "total_days": schedule.total_days,
        "protocol": protocol.id,
        "protocol_name": protocol.name,
        "protocol_version": protocol.version,
        "protocol_as_of": protocol.as_of.isoformat(),
        "path_end": _iso(schedule.path_end, schedule),
        "path_end_day": schedule.day_number(schedule.path_end),
        "main_end": _iso(schedule.main_end, schedule),
        "planned_end": _iso(schedule.planned_path_end or schedule.path_end, schedule),
        "later_days": schedule.later_days,
        # Only when the ranges before the end add up to more than one day (hyper-CVAD's 21-28-day courses).
        **({"may_end": _window(schedule.end_window, schedule)} if schedule.end_window else {}),
        "replaced_by": schedule.replaced_by,
        "replaced_from": _iso(schedule.replaced_from, schedule) if schedule.replaced_from else None,
        "replaced_from_day": schedule.day_number(schedule.replaced_from) if schedule.replaced_from else None,
        "replaced_phases": [p.id for p in schedule.replaced],
        "options": {
            **_patient_options(schedule),
            "branches": list(schedule.options.branches),
            "delays": [{"phase": phase, "days": days} for phase, days in schedule.options.delays],
            "started": [{"phase": phase, "date": day.isoformat()} for phase, day in schedule.options.started],
        },
        "phases": [
            {
                "id": p.id,
                "name": p.name,
                "track": p.track,
                "possible": schedule.possible(p.track),
                "start": _iso(p.start, schedule),
                "end": _iso(p.end, schedule),
                "days": p.days,
                "planned_start": _iso(p.planned_start, schedule),
                "planned_end": _iso(p.planned_end, schedule),
                "actual": p.actual,
                "start_day": p.start_day,
                "end_day": p.end_day,
                "min_end": _iso(p.min_end, schedule) if p.min_end else None,
                "max_end": _iso(p.max_end, schedule) if p.max_end else None,
                "min_end_day": schedule.day_number(p.min_end) if p.min_end else None,
                "max_end_day": schedule.day_number(p.max_end) if p.max_end else None,
                "clipped_days": p.clipped_days,
                "setting": p.spec.setting,
                "gate": p.spec.gate or None,
                "open_end": p.spec.open_end,
                "sources": list(p.spec.sources),
                **_windows(p, schedule),
            }
            for p in schedule.phases
        ],
        "milestones": [
            {
                "id": m.id,
                "label": m.label,
                "date": _iso(m.date, schedule),
                "day": m.day,
                "phase": m.phase,
                "kind": m.spec.kind,
                "possible": schedule.possible(schedule.phase(m.phase).track),
                "sources": list(m.spec.sources),
                **({"may_date": _window(m.window, schedule)} if m.window else {}),
            }
            for m in schedule.milestones
        ] + [_after(schedule, m) for m in schedule.after_dated],
        "guideline": schedule.guideline or None,
        # Steps after treatment that no source dates from the end of treatment (the move to adult care).
        "after_undated": [{"id": m.id, "label": m.label, "what": m.spec.what, "sources": list(m.spec.sources)}
                          for m in schedule.after if m.date is None],
        "language": current(),
        "disclaimer": disclaimer(),
    }


def _windows(phase: Phase, schedule: Schedule) -> dict:
    """Return the windows the ranges before a phase leave it (hyper-CVAD's courses add up); none: no keys."""
    found = {}
    if phase.may_start_between:
        found["may_start"] = _window(phase.start_window, schedule)
    if phase.earliest_end is not None and phase.earliest_end != phase.latest_end:
        found["may_end"] = _window(phase.end_window, schedule)
    return found


def _window(window: tuple[date, date], schedule: Schedule) -> dict:
    first, last = window
    return {"earliest": _iso(first, schedule), "latest": _iso(last, schedule),
            "earliest_day": schedule.day_number(first), "latest_day": schedule.day_number(last)}


def _after(schedule: Schedule, mark: AfterMark) -> dict:
    """Return a step after treatment as a milestone of kind `after`: no phase; `latest` ends a range."""
    return {
        "id": mark.id,
        "label": mark.label,
        "date": _iso(mark.date, schedule),
        "day": mark.day,
        "phase": None,
        "kind": "after",
        "possible": schedule.possible(schedule.after_track(mark)),
        "sources": list(mark.spec.sources),
        "latest": _iso(mark.latest, schedule) if mark.latest else None,
        "latest_day": schedule.day_number(mark.latest) if mark.latest else None,
        "uncertain": mark.uncertain,
        "guideline": mark.spec.guideline or None,
        "what": mark.spec.what,
    }


def _patient_options(schedule: Schedule) -> dict:
    """Return each patient option the protocol declares as given (None when not given), under its own id."""
    given = dict(schedule.options.choices)
    found = {o.id: given.get(o.id) for o in schedule.protocol.options}
    if "induction_weeks" in found and found["induction_weeks"]:  # a number of weeks, as before options were data
        found["induction_weeks"] = int(found["induction_weeks"])
    return found
