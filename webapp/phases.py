"""Read CSV tables and validate phase and milestone rows; every error names file, line, column and fix."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from webapp.i18n import TEXT_COLUMNS, gettext
from webapp.protocol import (
    ANCHORS,
    LAST_DAY,
    MILESTONE_KINDS,
    OPTION_NAMES,
    SETTINGS,
    UNITS,
    MilestoneSpec,
    PhaseSpec,
)

if TYPE_CHECKING:
    import pandas as pd

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
OPTION_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")  # a patient option is a URL parameter: induction_weeks
SHARED = "*"  # the protocol of branch steps and milestones that every offering protocol shares
MAX_BACK_DAYS = 366  # the furthest back a branch step may start from the step it counts from

COLUMNS = {
    "sources.csv": ("key", "title", "publisher", "year", "url"),
    "protocols.csv": (
        "protocol", "name", "for_whom", "version", "as_of", "phases_from", "always", "sources", "note", "region",
        "group", "status", "superseded_by", "version_year", "where_used", "treats",
    ),
    "phases.csv": (
        "protocol", "phase", "order", "name", "track", "after", "anchor", "offset", "length", "length_min",
        "length_max", "unit", "clock_from", "until", "inserts", "option", "setting", "summary", "sources", "note",
        "gate", "open_end",
    ),
    "milestones.csv": (
        "protocol", "milestone", "phase", "day", "repeat_every", "kind", "label", "short", "sources", "note", "option",
    ),
    "panels.csv": ("protocol", "phase", "what", "why", "where", "end_check", "sources"),
    "facts.csv": ("protocol", "fact", "text", "year", "sources"),
    "branches.csv": ("protocol", "branch", "attach", "condition", "sources", "not_with"),
    "branch_panels.csv": (
        "branch", "name", "replaces_rest", "label", "short", "colour", "who", "daily_life", "path_effect", "sources",
    ),
    "options.csv": (
        "protocol", "option", "name", "unset", "value", "label", "default", "phase", "change", "length", "unit",
        "sources", "note",
    ),
    "guidelines.csv": ("guideline", "name", "regions", "sources"),
    "after_milestones.csv": (
        "milestone", "guideline", "path", "from", "length", "length_max", "unit", "label", "short", "what", "sources",
        "note",
    ),
}
# Columns that may be left empty; every other column needs a value on every row.
OPTIONAL = {
    "sources.csv": {"year"},
    "protocols.csv": {
        "note", "phases_from", "always", "region", "group", "status", "superseded_by", "version_year", "where_used",
        "treats",
    },
    "phases.csv": {
        "after", "anchor", "offset", "length", "length_min", "length_max", "clock_from", "until", "inserts",
        "option", "note", "gate", "open_end",
    },
    "milestones.csv": {"repeat_every", "note", "option"},
    "panels.csv": set(),
    "facts.csv": set(),
    "branches.csv": {"attach", "not_with"},
    "branch_panels.csv": {"replaces_rest"},
    "options.csv": {"unset", "default", "phase", "change", "length", "unit", "sources", "note"},
    "guidelines.csv": {"regions"},
    "after_milestones.csv": {"guideline", "path", "from", "length", "length_max", "unit", "note"},
}
# Newer columns a file may leave out of its header entirely (older uploads); they read as empty.
# The protocol metadata columns (issue 12) read as their defaults: region 'any', group 'outline', status
# 'current', for a newly diagnosed leukaemia.
OMITTABLE = {
    "phases.csv": {"anchor", "offset", "until", "inserts", "gate", "open_end"},
    "protocols.csv": {"region", "group", "status", "superseded_by", "version_year", "where_used", "treats"},
    "milestones.csv": {"option"},
}


class DataError(Exception):
    """The data files are invalid; `errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class Problem(str):
    """An error message that also carries its line and column, so no caller has to parse the translated text."""

    def __new__(cls, text: str, line: int = 0, column: str = "") -> Problem:
        problem = super().__new__(cls, text)
        problem.line, problem.column = line, column
        return problem


class Rows:
    """Iterate a table's rows, collecting errors that name file, line and column."""

    def __init__(self, label: str, frame: pd.DataFrame, errors: list[str]) -> None:
        self.label, self.frame, self.errors = label, frame, errors

    def __iter__(self):
        for index, row in enumerate(self.frame.to_dict("records")):
            yield index + 2, row  # line 1 is the header

    def error(self, line: int, column: str, problem: str, fix: str) -> None:
        """Record an error; `problem` and `fix` come already translated, this adds the translated frame."""
        self.errors.append(Problem(gettext("%(label)s, line %(line)s, column '%(column)s': %(problem)s. Fix: %(fix)s.",
                                           label=self.label, line=line, column=column, problem=problem, fix=fix),
                                   line, column))


def read_table(
    label: str, text_or_path: str | Path, errors: list[str],
    columns: tuple[str, ...] | None = None, optional: set[str] | None = None,
    translate: Callable[[str], str] | None = None,
) -> pd.DataFrame | None:
    """Read one CSV as text cells; check its header and required cells; translate its text columns."""
    # Imported here: a start that finds the data already loaded (webapp/datacache.py) needs no pandas at all.
    import pandas as pd

    name = Path(label).name
    try:
        source = io.StringIO(text_or_path) if isinstance(text_or_path, str) else text_or_path
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        errors.append(gettext("%(label)s: file not found. Fix: restore it from the repository.", label=label))
        return None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        # The reader's own explanation (first_line) comes from pandas and stays in English.
        errors.append(gettext("%(label)s: cannot be read as UTF-8 CSV (%(error)s). Fix: save it as UTF-8 CSV.",
                              label=label, error=first_line))
        return None
    expected = columns or COLUMNS[name]
    optional = OPTIONAL[name] if optional is None else optional
    for column in OMITTABLE.get(name, ()):
        if column not in frame.columns:
            frame[column] = ""
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        errors.append(gettext(
            "%(label)s, line 1: missing column(s) %(missing)s. Fix: the header must be: %(header)s.",
            label=label, missing=", ".join(repr(c) for c in missing), header=",".join(expected),
        ))
        return None
    frame = frame[list(expected)].apply(lambda col: col.str.strip())
    if translate is not None:
        for column in TEXT_COLUMNS.get(name, ()):
            frame[column] = frame[column].map(translate)
    rows = Rows(label, frame, errors)
    for line, row in rows:
        for column in expected:
            if column not in optional and not row[column]:
                rows.error(line, column, gettext("is empty"), gettext("fill it in"))
    return frame


def whole_number(rows: Rows, line: int, row: dict, column: str, minimum: int = 1) -> int | None:
    """Return the cell as an int of at least `minimum`, None if empty; report anything else."""
    value = row[column]
    if value == "":
        return None
    if not re.fullmatch(r"-?\d+", value) or int(value) < minimum:
        rows.error(line, column,
                   gettext("%(value)s is not a whole number of at least %(minimum)s",
                           value=repr(value), minimum=minimum),
                   gettext("write a whole number such as %(example)s", example=max(minimum, 1)))
        return None
    return int(value)


def sources_fix() -> str:
    """Return the fix for an unknown source key, in the active language (custom.py swaps it for uploads)."""
    return gettext("add it to data/sources.csv or use a key listed there")


def source_keys(rows: Rows, line: int, row: dict, known: dict) -> tuple[str, ...]:
    """Return the row's source keys, reporting any not in sources.csv."""
    keys = tuple(k.strip() for k in row["sources"].split(";") if k.strip())
    for key in keys:
        if key not in known:
            rows.error(line, "sources", gettext("unknown source %(key)s", key=repr(key)), sources_fix())
    return keys


def _check_phase_row(rows: Rows, line: int, row: dict, earlier: dict[str, PhaseSpec], shared: bool,
                     paths: tuple[str, ...]) -> None:
    protocol, phase_id, track, unit = row["protocol"], row["phase"], row["track"], row["unit"]
    if phase_id and not SLUG.match(phase_id):
        rows.error(line, "phase", gettext("%(phase)s is not a lowercase id", phase=repr(phase_id)),
                   gettext("use lowercase letters, digits and dashes, such as 'interim-maintenance'"))
    if phase_id in earlier:
        rows.error(line, "phase",
                   gettext("%(phase)s appears twice in %(protocol)s", phase=repr(phase_id), protocol=repr(protocol)),
                   gettext("give each phase its own id"))
    if track and track != "main" and track not in paths:
        rows.error(line, "track", gettext("%(track)s is not a track", track=repr(track)),
                   gettext("write 'main' or one of %(tracks)s", tracks=", ".join(paths)))
    if shared and track == "main":
        rows.error(line, "track", gettext("shared rows (protocol '*') are branch steps"),
                   gettext("give the branch id as the track"))
    if unit and unit not in UNITS:
        rows.error(line, "unit", gettext("%(unit)s is not a unit", unit=repr(unit)),
                   gettext("use one of %(choices)s", choices=", ".join(UNITS)))
    for column in ("after", "clock_from"):
        ref = row[column]
        if ref and ref not in earlier and not (shared or track != "main"):
            rows.error(line, column,
                       gettext("%(phase)s is not an earlier phase of %(protocol)s",
                               phase=repr(ref), protocol=repr(protocol)),
                       gettext("name a phase listed above this row in the same protocol"))
    if row["anchor"] and row["anchor"] not in ANCHORS:
        rows.error(line, "anchor", gettext("%(anchor)s is not an anchor", anchor=repr(row["anchor"])),
                   gettext("write 'end' (the default) or 'start'"))
    for column in ("inserts", "open_end"):
        if row[column] not in ("", "yes"):
            rows.error(line, column, gettext("%(inserts)s is not yes or empty", inserts=repr(row[column])),
                       gettext("write 'yes' or leave it empty"))
    if row["inserts"] and track == "main":
        rows.error(line, "inserts", gettext("only branch steps can insert themselves into the main road"),
                   gettext("leave it empty for main-track phases"))
    if not row["length"] and not row["until"]:
        rows.error(line, "length", gettext("is empty"),
                   gettext("fill it in, or name the phase this one lasts 'until'"))
    if row["option"]:
        if row["option"] not in OPTION_NAMES:
            rows.error(line, "option", gettext("unknown option %(option)s", option=repr(row["option"])),
                       gettext("use one of %(choices)s", choices=", ".join(OPTION_NAMES)))
        elif unit != "weeks" or not row["length_min"] or not row["length_max"]:
            rows.error(line, "option", gettext("induction_weeks needs unit 'weeks' and a length_min and length_max"),
                       gettext("set unit to weeks and give the range the user may choose from"))
    if row["setting"] and row["setting"] not in SETTINGS:
        rows.error(line, "setting", gettext("%(setting)s is not a setting", setting=repr(row["setting"])),
                   gettext("use one of %(choices)s", choices=", ".join(SETTINGS)))
    if track == "main":
        main = [s for s in earlier.values() if s.track == "main"]
        expected_after = main[-1].id if main else ""
        if row["after"] != expected_after:
            rows.error(line, "after",
                       gettext("main-track phases must follow each other; got %(after)s", after=repr(row["after"])),
                       gettext("write %(after)s", after=repr(expected_after)) if expected_after
                       else gettext("leave it empty for the first phase"))


def parse_phases(
    label: str, frame: pd.DataFrame, protocols: set[str], sources: dict, errors: list[str],
    paths: tuple[str, ...] = (),
) -> dict[str, list[PhaseSpec]]:
    """Return phase specs by protocol (and '*' for shared branch steps), in drawing order; `paths` are the
    branch tracks data/branch_panels.csv declares."""
    rows = Rows(label, frame, errors)
    by_protocol: dict[str, list[PhaseSpec]] = {}
    for line, row in rows:
        errors_before = len(errors)
        protocol = row["protocol"]
        if protocol and protocol != SHARED and protocol not in protocols:
            rows.error(line, "protocol", gettext("unknown protocol %(protocol)s", protocol=repr(protocol)),
                       gettext("add it to data/protocols.csv or fix the spelling"))
        earlier = {s.id: s for s in by_protocol.get(protocol, [])}
        _check_phase_row(rows, line, row, earlier, protocol == SHARED, paths)
        order = whole_number(rows, line, row, "order")
        length = whole_number(rows, line, row, "length")
        low = whole_number(rows, line, row, "length_min")
        high = whole_number(rows, line, row, "length_max")
        # A shared branch step may start before the step it counts from: the transplant donor search runs
        # from Day -180 to Day -30, counted back from Day 0 (S38). Main-road phases and uploads go forwards.
        back = protocol == SHARED and row["track"] != "main"
        offset = whole_number(rows, line, row, "offset", minimum=-MAX_BACK_DAYS if back else 0)
        if length is not None and ((low is not None and low > length) or (high is not None and high < length)):
            rows.error(line, "length", gettext("%(length)s is outside length_min..length_max", length=length),
                       gettext("make length_min <= length <= length_max"))
        keys = source_keys(rows, line, row, sources)
        if len(errors) == errors_before:
            spec = PhaseSpec(
                id=row["phase"], name=row["name"], order=order, track=row["track"],
                after=row["after"] or None, length=length, length_min=low, length_max=high, unit=row["unit"],
                clock_from=row["clock_from"] or None, option=row["option"] or None,
                setting=row["setting"], summary=row["summary"], sources=keys, note=row["note"],
                anchor=row["anchor"] or "end", offset=offset or 0, until=row["until"] or None,
                inserts=row["inserts"] == "yes", gate=row["gate"], open_end=row["open_end"] == "yes",
            )
            by_protocol.setdefault(protocol, []).append(spec)
    for specs in by_protocol.values():
        specs.sort(key=lambda s: s.order)
    return by_protocol


def fixed_days(spec: PhaseSpec) -> int | None:
    """Return the shortest length in days of a phase measured in days or weeks, else None."""
    if spec.clock_from is not None or spec.until is not None or spec.unit not in ("days", "weeks"):
        return None
    shortest = spec.length_min or spec.length
    return shortest * (7 if spec.unit == "weeks" else 1)


def parse_milestones(
    label: str, frame: pd.DataFrame, phases: dict[str, list[PhaseSpec]], sources: dict, errors: list[str]
) -> dict[str, list[MilestoneSpec]]:
    """Return milestone specs by protocol; each names a phase and a day inside it."""
    rows = Rows(label, frame, errors)
    found: dict[str, list[MilestoneSpec]] = {}
    for line, row in rows:
        protocol = row["protocol"]
        specs = {s.id: s for s in phases.get(protocol, [])}
        if protocol not in phases:
            rows.error(line, "protocol", gettext("unknown protocol %(protocol)s", protocol=repr(protocol)),
                       gettext("use a protocol that has phases"))
        if row["milestone"] in {m.id for m in found.get(protocol, [])}:
            rows.error(line, "milestone", gettext("%(milestone)s appears twice", milestone=repr(row["milestone"])),
                       gettext("give each milestone its own id"))
        phase = specs.get(row["phase"])
        if protocol in phases and phase is None:
            rows.error(line, "phase",
                       gettext("%(phase)s is not a phase of %(protocol)s", phase=repr(row["phase"]),
                               protocol=repr(protocol)),
                       gettext("name a phase from phases.csv"))
        when = _option_condition(rows, line, row)
        day = None
        if row["day"] != LAST_DAY:
            day = whole_number(rows, line, row, "day")
            # A milestone drawn only with an option is checked against the length that option gives (catalogue.py).
            fixed = fixed_days(phase) if phase and when is None else None
            if day is not None and fixed is not None and day > fixed:
                rows.error(line, "day",
                           gettext("Day %(day)s is after the phase's last day (Day %(last)s)", day=day, last=fixed),
                           gettext("use a day from 1 to %(last)s, or 'last'", last=fixed))
        repeat = whole_number(rows, line, row, "repeat_every")
        if row["kind"] and row["kind"] not in MILESTONE_KINDS:
            rows.error(line, "kind", gettext("%(kind)s is not a kind", kind=repr(row["kind"])),
                       gettext("use one of %(choices)s", choices=", ".join(MILESTONE_KINDS)))
        keys = source_keys(rows, line, row, sources)
        if phase is not None:
            found.setdefault(protocol, []).append(MilestoneSpec(
                id=row["milestone"], phase=phase.id, day=day, repeat_every=repeat, kind=row["kind"],
                label=row["label"], short=row["short"], sources=keys, note=row["note"], when=when,
            ))
    return found


def _option_condition(rows: Rows, line: int, row: dict) -> tuple[str, str] | None:
    """Return the (option, value) a milestone row is drawn with ("nelarabine=yes"), None when always drawn."""
    if not row["option"]:
        return None
    option, _sep, value = row["option"].partition("=")
    if not OPTION_ID.match(option) or not SLUG.match(value):
        rows.error(line, "option", gettext("%(value)s is not option=value", value=repr(row["option"])),
                   gettext("write the option and the value it is drawn with, such as nelarabine=yes"))
        return None
    return option, value
