"""A small hand-made protocol for export tests: two main phases, one branch, three milestone kinds."""

from datetime import date

from webapp.schedule import MilestoneSpec, PhaseSpec, Protocol, build

START = date(2026, 1, 5)


def _phase(id, name, order, after, length, unit, setting, track="main", summary="", sources=("S1",)):
    return PhaseSpec(id=id, name=name, order=order, track=track, after=after, length=length, length_min=None,
                     length_max=None, unit=unit, clock_from=None, option=None, setting=setting,
                     summary=summary or f"What happens in {name.lower()}.", sources=sources)


SMALL = Protocol(
    id="small", name="Small test protocol", for_whom="Tests", version="Test 1", as_of=date(2025, 6, 1),
    sources=("S1",), note="",
    phases=(
        _phase("induction", "Induction", 1, None, 4, "weeks", "inpatient", sources=("S1", "S27")),
        _phase("maintenance", "Maintenance, at home", 2, "induction", 3, "months", "home"),
        _phase("car-t", "=CAR-T (branch)", 3, "induction", 10, "days", "inpatient", track="car-t",
               summary="A branch phase; its name starts with '=' like a spreadsheet formula."),
    ),
    milestones=(
        MilestoneSpec(id="day8", phase="induction", day=8, repeat_every=None, kind="check",
                      label="Day 8 blood test (MRD)", short="Day 8", sources=("S1",)),
        MilestoneSpec(id="lp", phase="maintenance", day=1, repeat_every=42, kind="lp",
                      label="Spinal tap", short="LP", sources=("S1",)),
        MilestoneSpec(id="end", phase="maintenance", day=None, repeat_every=None, kind="end",
                      label="Planned last day of treatment", short="End", sources=("S1",)),
    ),
)


def small_schedule(start=START):
    """Return the small protocol's schedule from `start` (None = the relative teaching view)."""
    return build(SMALL, start)
