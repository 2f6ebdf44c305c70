"""What a timeline address says, read without binding the form when the address is plain and valid (issue 13).

Binding the WTForms form (fifteen fields) cost more than building the schedule, and /schedule.json and /print never
show it. `read` takes the values the way `forms.bind` does and checks them with the form's own check functions;
anything unusual or wrong (a repeated or over-long parameter, a value a check refuses) gives None, and the form
is bound: it alone words the errors and keeps what was typed. tests/test_reading.py proves both ways agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from wtforms import ValidationError

from webapp import forms
from webapp.remembered import remembered


@dataclass(frozen=True)
class Reading:
    """The values of a timeline's fields, and what they parse to; the form's own when it was bound."""

    has_start: bool  # `start` is in the address (possibly empty)
    start: str | None  # as typed
    protocol: str
    options: tuple[tuple[str, str], ...]  # (option id, value or "") for every patient option field, in form order
    today: str | None  # as typed
    branches: tuple[str, ...]  # each once, in the order this tool lists them
    delays: tuple[tuple[str, int], ...]
    started: tuple[tuple[str, date], ...]
    guideline: str
    start_date: date | None
    today_date: date | None

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        """Return the patient options given, as (option id, value)."""
        return tuple((name, value) for name, value in self.options if value)


def of_form(form: forms.TimelineForm) -> Reading:
    """Return what a bound, validated form read."""
    return Reading(form.has_start, form.start.data, form.protocol.data,
                   tuple((f.short_name, f.data) for f in form.option_fields), form.today.data, form.branches,
                   form.delays, form.started_on, form.guideline.data, form.start_date, form.today_date)


class Args(Protocol):
    """What `read` needs of a query: each name given with every value given for it, in order (werkzeug's MultiDict)."""

    def lists(self): ...  # (name, every value given for it), for each name given


def read(args: Args, protocols: dict, now: date, paths: dict[str, str]) -> Reading | None:
    """Read a plain, valid address as `forms.bind` and the form's validation would; None: bind the form instead."""
    values = {}
    known, option_ids, guidelines = _names(protocols)
    for name, given in args.lists():  # the few names given, not every name a timeline knows (issue 13)
        if name not in known:
            continue
        if len(given) > (forms.MAX_REPEATS if name in forms.REPEATABLE else 1):
            return None
        if any(len(value) > forms.MAX_LENGTH for value in given):
            return None
        values[name] = given
    single = {name: given[0] for name, given in values.items()}
    start, today = single.get("start"), single.get("today")
    protocol = single.get("protocol") or next(iter(protocols))
    branch = values.get("branch", [])
    guideline = single.get("guideline", "")
    try:
        start_date = forms.parse_start(start, now) if start is not None else None
        forms.check_protocol(protocol, protocols)
        forms.check_branches(branch, paths)
        delays = forms.parse_delays(", ".join(v for v in values["delay"] if v)) if "delay" in values else ()
        started = (forms.parse_started(", ".join(v for v in values["started"] if v), now) if "started" in values
                   else ())
        forms.check_guideline(guideline, guidelines)
        today_date = forms.parse_today(today, now)
    except ValidationError:
        return None
    chosen = set(branch)
    return Reading(start is not None, start, protocol,
                   tuple((name, single.get(name, "")) for name in option_ids), today,
                   tuple(b for b in paths if b in chosen), delays, started, guideline, start_date, today_date)


def _names(protocols: dict) -> tuple[frozenset[str], tuple[str, ...], dict[str, str]]:
    """Return the parameters a timeline knows, the patient options and the guidelines of these protocols."""
    # One memo look-up, not three: each took about 1.2 us of every timeline answer (issue 13).
    return remembered(("reading names",), protocols, lambda: (
        frozenset(forms.params(protocols)), forms.option_ids(protocols), forms.guideline_names(protocols)))
