"""What a protocol is made of: phase, milestone and branch specs, and the user's options (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

UNITS = ("days", "weeks", "months", "years")
SETTINGS = ("inpatient", "inpatient-first", "outpatient", "home", "varies")
ANCHORS = ("end", "start")
BRANCHES = ("hsct", "car-t", "blinatumomab", "tki")
MAX_DELAY_DAYS = 365
MILESTONE_KINDS = ("check", "lp", "end")
OPTION_NAMES = ("induction_weeks",)
LAST_DAY = "last"
# Where a protocol is used and which group wrote it: the picker's optgroups (webapp/registry.py has the labels).
REGIONS = ("north-america", "uk-europe", "international", "any")
GROUPS = (
    "cog", "st-jude", "dfci", "alliance", "md-anderson", "alltogether", "ukall", "aieop-bfm", "graall",
    "interfant", "intreall", "outline",
)
# Current: open to new patients or in use as a standard; closed: closed to new patients; superseded: replaced by
# the protocol named in `superseded_by`.
STATUSES = ("current", "closed", "superseded")
TREATS = ("new", "relapse")  # a newly diagnosed leukaemia, or one that has come back


@dataclass(frozen=True)
class PhaseSpec:
    """One phase row of data/phases.csv, already validated."""

    id: str
    name: str
    order: int
    track: str
    after: str | None
    length: int | None  # None only when `until` sets the end
    length_min: int | None
    length_max: int | None
    unit: str
    clock_from: str | None
    option: str | None
    setting: str
    summary: str
    sources: tuple[str, ...]
    note: str = ""
    anchor: str = "end"  # start the day after `after` ends, or ("start") on the day it starts
    offset: int = 0  # days between the anchor and this phase's first day
    until: str | None = None  # ends on the same day as this phase
    inserts: bool = False  # a branch step that pushes the rest of the main road later
    gate: str = ""  # a condition that can hold its start later ("or when counts recover, whichever is later")


@dataclass(frozen=True)
class MilestoneSpec:
    """One milestone row of data/milestones.csv: Day N (or the last day) of a phase."""

    id: str
    phase: str
    day: int | None  # None means the phase's last day
    repeat_every: int | None
    kind: str
    label: str
    short: str
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class BranchSpec:
    """An optional path a protocol offers: its steps, milestones and the condition it depends on."""

    id: str
    condition: str
    steps: tuple[PhaseSpec, ...]
    milestones: tuple[MilestoneSpec, ...] = ()
    sources: tuple[str, ...] = ()
    replaces_rest: bool = False  # on this path the branch takes the place of the rest of the main road


@dataclass(frozen=True)
class Protocol:
    """A protocol with its main-road phases (in drawing order), milestones and branches."""

    id: str
    name: str
    for_whom: str
    version: str
    as_of: date
    sources: tuple[str, ...]
    note: str
    phases: tuple[PhaseSpec, ...]
    milestones: tuple[MilestoneSpec, ...] = ()
    branches: tuple[BranchSpec, ...] = ()
    always: tuple[str, ...] = ()  # branches that are part of this protocol's road
    region: str = "any"
    group: str = "outline"
    status: str = "current"
    superseded_by: str | None = None
    version_year: int | None = None  # the year of the version described
    where_used: str = ""  # the countries or centres that use it, in plain words
    treats: str = "new"

    def branch(self, branch_id: str) -> BranchSpec | None:
        """Return the branch with this id, if the protocol offers it."""
        return next((b for b in self.branches if b.id == branch_id), None)

    def option_range(self, option: str) -> tuple[int, int] | None:
        """Return the (min, max) a user may choose for an option, or None if it is fixed."""
        for spec in self.phases:
            if spec.option == option:
                return (spec.length_min or spec.length, spec.length_max or spec.length)
        return None


@dataclass(frozen=True)
class Options:
    """What the user chose besides the start date."""

    induction_weeks: int | None = None
    branches: tuple[str, ...] = ()
    delays: tuple[tuple[str, int], ...] = ()  # (phase id, days), in the order given
    started: tuple[tuple[str, date], ...] = ()  # (phase id, the day it actually began), in the order given
    as_of: date | None = None  # the day the family is looking from: no phase can have begun after it
