"""Presentation mode for educators: one step per phase, the step read from the address; no Flask here."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from webapp.i18n import gettext
from webapp.schedule import Phase, Schedule

FADED = 0.3
MAX_STEP_LENGTH = 8


class StepError(ValueError):
    """The `step` in the address is not a step of this presentation."""

    field = "step"


@dataclass(frozen=True)
class Step:
    """One slide: the phase it shows, its number (1-based) and its neighbours' numbers."""

    number: int
    total: int
    phase: Phase

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.total else None


def steps(schedule: Schedule) -> tuple[Phase, ...]:
    """Return the main-road phases a presentation walks through, in time order (branch rows stay drawn)."""
    return tuple(sorted(schedule.main, key=lambda p: (p.start, p.spec.order)))


def parse_step(values: list[str], schedule: Schedule) -> Step:
    """Return the step the address asks for (1 when absent); raise StepError naming `step` otherwise."""
    phases = steps(schedule)
    total = len(phases)
    if len(values) > 1:
        raise StepError(gettext("step was given %(times)s times in the address; give it once.", times=len(values)))
    raw = values[0].strip() if values else "1"
    shown = raw if len(raw) <= MAX_STEP_LENGTH else raw[:MAX_STEP_LENGTH] + "…"
    if not re.fullmatch(r"[0-9]{1,8}", raw):  # ASCII only: int() would also read "٣" as 3
        raise StepError(gettext("step “%(value)s” is not a step number: use a whole number from 1 to %(total)s.",
                                value=shown, total=total))
    number = int(raw)
    if not 1 <= number <= total:
        raise StepError(gettext("step %(number)s does not exist: this presentation has steps 1 to %(total)s.",
                                number=number, total=total))
    return Step(number, total, phases[number - 1])


def highlight(figure: dict, schedule: Schedule, phase_id: str) -> dict:
    """Return a copy of the figure with one phase's bar in full and the others faded and thinly outlined."""
    figure = copy.deepcopy(figure)
    bars = next(t for t in figure["data"] if "customdata" in t)  # the main road (a first-plan trace may come first)
    ids = [row[0] for row in bars["customdata"]]
    chosen = [pid == phase_id for pid in ids]
    # Fading changes lightness, not hue, and the thick outline marks the step without colour.
    bars["marker"]["opacity"] = [1 if c else FADED for c in chosen]
    bars["marker"]["line"] = {"color": "#1a1a1a", "width": [4 if c else 1 for c in chosen]}
    name = schedule.phase(phase_id).name
    rows = list(dict.fromkeys(y for trace in figure["data"] if trace["type"] == "bar" for y in trace["y"]))
    figure["layout"]["yaxis"]["tickmode"] = "array"
    figure["layout"]["yaxis"]["tickvals"] = rows
    figure["layout"]["yaxis"]["ticktext"] = [f"<b>▶ {y}</b>" if y == name else y for y in rows]
    figure["layout"]["height"] = max(figure["layout"]["height"], 420)
    return figure
