"""Presentation mode for educators: the steps of a slide deck, the step read from the address; no Flask here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from webapp.i18n import gettext
from webapp.protocol import BranchSpec
from webapp.schedule import Phase, Schedule

FADED = 0.3
MAX_STEP_LENGTH = 8
OUTLINE = 4  # the chosen bar's outline width (px): marks the step without relying on colour


class Kind(Enum):
    """What a step shows."""

    OVERVIEW = "overview"  # the whole journey, every bar in full
    PHASE = "phase"  # one main-road phase
    PATH = "path"  # a chosen path (transplant, CAR-T...): who it is for, what it changes
    PATH_STEP = "path-step"  # one step on that path
    CLOSING = "closing"  # what comes after treatment


class StepError(ValueError):
    """The `step` in the address is not a step of this presentation."""

    field = "step"


@dataclass(frozen=True)
class Step:
    """One slide: its number (1-based), what it shows, and the phase or path it is about."""

    number: int
    kind: Kind
    phase: Phase | None = None
    branch: BranchSpec | None = None

    def chosen(self, schedule: Schedule) -> frozenset[str]:
        """Return the ids of the bars this step draws in full (none: every bar is drawn in full)."""
        if self.phase is not None:
            return frozenset({self.phase.id})
        if self.branch is not None:
            return frozenset(p.id for p in schedule.phases if p.track == self.branch.id)
        return frozenset()


def steps(schedule: Schedule) -> tuple[Step, ...]:
    """Return the deck: the overview, the main road in time order, each chosen path and its steps, the closing."""
    kinds: list[tuple[Kind, Phase | None, BranchSpec | None]] = [(Kind.OVERVIEW, None, None)]
    kinds += [(Kind.PHASE, p, None) for p in sorted(schedule.main, key=lambda p: (p.start, p.spec.order))]
    for branch in schedule.branches:
        kinds.append((Kind.PATH, None, branch))
        # A path's steps overlap (medicines against GVHD run through the first 100 days): they follow the chart's
        # rows, top to bottom, so the highlight walks down the picture the room is looking at.
        kinds += [(Kind.PATH_STEP, p, branch) for p in schedule.phases if p.track == branch.id]
    kinds.append((Kind.CLOSING, None, None))
    return tuple(Step(number, kind, phase, branch) for number, (kind, phase, branch) in enumerate(kinds, start=1))


def parse_step(values: list[str], total: int) -> int:
    """Return the step number the address asks for (1 when absent); raise StepError naming `step` otherwise."""
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
    return number


def emphasis(figure: dict, chosen: frozenset[str]) -> dict:
    """Say how a step changes the figure: each bar trace's opacity and outline, and the row names.

    The chosen bars stay in full with a thick outline and their row names in bold behind an arrow, the others
    fade (lightness, not hue); with nothing chosen every bar keeps its own look.
    """
    marked = set()
    bars = []
    for index, trace in enumerate(figure["data"]):
        if trace["type"] != "bar" or "customdata" not in trace:
            continue
        ids = [row[0] for row in trace["customdata"]]
        marked.update(y for y, i in zip(trace["y"], ids, strict=True) if i in chosen)
        width = trace["marker"]["line"]["width"]
        if chosen:
            bars.append({"trace": index, "opacity": [1 if i in chosen else FADED for i in ids],
                         "width": [OUTLINE if i in chosen else 1 for i in ids]})
        else:
            bars.append({"trace": index, "opacity": [1] * len(ids), "width": [width] * len(ids)})
    rows = list(dict.fromkeys(y for trace in figure["data"] if trace["type"] == "bar" for y in trace["y"]))
    return {"bars": bars, "rows": rows, "ticktext": [f"<b>▶ {y}</b>" if y in marked else y for y in rows]}
