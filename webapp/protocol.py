"""What a protocol is made of: phase, milestone and branch specs, and the user's options (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

UNITS = ("days", "weeks", "months", "years")
SETTINGS = ("inpatient", "inpatient-first", "outpatient", "home", "varies")
ANCHORS = ("end", "start")
MAX_DELAY_DAYS = 365
MILESTONE_KINDS = ("check", "lp", "end", "course")  # course: the first day of a drug course of some days
# A timeline's own URL parameters; a patient option (data/options.csv) is named by its id beside them, never as one.
TIMELINE_PARAMS = ("start", "protocol", "today", "branch", "delay", "started", "guideline")
CUSTOM_ID = "custom"  # an uploaded protocol (webapp/custom.py): a new object per request, never kept
RESERVED_PARAMS = (*TIMELINE_PARAMS, "custom", "lang", "step", "paper", "a", "b", "c", "d")
OPTION_NAMES = ("induction_weeks",)  # the phase column `option` of an uploaded protocol: a length chosen in its range
OPTION_CHANGES = ("", "length", "omit")  # what one value of a patient option does to a phase (data/options.csv)
LAST_DAY = "last"
AFTER_END = "end"  # data/after_milestones.csv `from`: the last day of the journey drawn (else a phase's first day)
AFTER_PATH_MAIN = "main"  # `path`: drawn only on the main road (no branch replaces the rest of it)
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
    open_end: bool = False  # no planned end: it goes on past its drawn end (ponatinib after maintenance)


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
    when: tuple[str, str] | None = None  # (option, value): drawn only when that option has that value


@dataclass(frozen=True)
class OptionChange:
    """What one value of a patient option does to one main-road phase: a new length, or no such phase."""

    phase: str
    change: str  # "length" or "omit"
    length: int | None = None
    unit: str = ""


@dataclass(frozen=True)
class OptionValue:
    """One allowed value of a patient option, with what it changes and where that comes from."""

    value: str
    label: str
    changes: tuple[OptionChange, ...] = ()
    sources: tuple[str, ...] = ()
    note: str = ""  # what it changes, in plain words ("the same for boys and girls" when it changes nothing)


@dataclass(frozen=True)
class OptionSpec:
    """A patient option a protocol declares (data/options.csv): a URL parameter named by its id."""

    id: str
    name: str
    values: tuple[OptionValue, ...]
    default: str | None = None  # the value drawn when none is given; None: the phases as data/phases.csv has them
    unset: str = ""  # what the form calls "no value given"

    def value(self, value: str) -> OptionValue | None:
        """Return the allowed value with this id, if there is one."""
        return next((v for v in self.values if v.value == value), None)

    @property
    def changes_nothing(self) -> bool:
        """Say whether no value of this option changes the schedule ("the same for boys and girls")."""
        return not any(v.changes for v in self.values)


@dataclass(frozen=True)
class BranchSpec:
    """An optional path a protocol offers: its steps, milestones and the condition it depends on."""

    id: str
    condition: str
    steps: tuple[PhaseSpec, ...]
    milestones: tuple[MilestoneSpec, ...] = ()
    sources: tuple[str, ...] = ()
    replaces_rest: bool = False  # on this path the branch takes the place of the rest of the main road
    # What every view calls and draws it (data/branch_panels.csv: one row per path).
    label: str = ""  # the form's checkbox
    short: str = ""  # the chart's row and legend ("If transplant")
    colour: str = "#000000"
    rank: int = 0  # its place in data/branch_panels.csv: the order forms and tables list paths in
    # Option values this path does not go with (AALL1331's low-risk road has no transplant): (option, value) pairs.
    not_with: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Guideline:
    """A country's guidance for life after treatment (data/guidelines.csv): the URL parameter `guideline`."""

    id: str
    name: str
    regions: tuple[str, ...] = ()  # the protocol regions it is the default for
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class AfterSpec:
    """One row of data/after_milestones.csv: a step after treatment, counted from its end (or a phase's start)."""

    id: str
    guideline: str  # "" = every guideline; else drawn only with that one
    path: str  # "" = any path; "main" = the main road only; else only when that branch is drawn
    anchor: str  # AFTER_END, or the id of the phase whose first day it counts from (a transplant's Day 0)
    length: int | None  # None: no date (said in words only)
    length_max: int | None  # the latest, when the sources give a range
    unit: str
    label: str
    short: str
    what: str  # what it means, in plain words, for the page's panel
    sources: tuple[str, ...]
    note: str = ""  # for clinicians: the exact wording of the sources


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
    options: tuple[OptionSpec, ...] = ()  # the patient options it declares, each a URL parameter
    after: tuple[AfterSpec, ...] = ()  # what comes after treatment (data/after_milestones.csv)
    guidelines: tuple[Guideline, ...] = ()  # the choices of `guideline` (data/guidelines.csv), in file order
    guideline: str = ""  # the one drawn when none is given (by the protocol's region)

    def option(self, option_id: str) -> OptionSpec | None:
        """Return the patient option with this id, if the protocol declares it."""
        return next((o for o in self.options if o.id == option_id), None)

    def branch(self, branch_id: str) -> BranchSpec | None:
        """Return the branch with this id, if the protocol offers it."""
        return next((b for b in self.branches if b.id == branch_id), None)



@dataclass(frozen=True)
class Options:
    """What the user chose besides the start date."""

    choices: tuple[tuple[str, str], ...] = ()  # (option id, value): the patient options given, in the order given
    branches: tuple[str, ...] = ()
    delays: tuple[tuple[str, int], ...] = ()  # (phase id, days), in the order given
    started: tuple[tuple[str, date], ...] = ()  # (phase id, the day it actually began), in the order given
    as_of: date | None = None  # the day the family is looking from: no phase can have begun after it
    guideline: str = ""  # whose guidance after treatment is drawn; "" = the protocol's default

    def chosen(self, option_id: str) -> str | None:
        """Return the value given for a patient option, None when it was not given."""
        return next((value for key, value in self.choices if key == option_id), None)

