"""Read and validate the data/*.csv files; every error names file, line, column and the fix."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from webapp.schedule import (
    LAST_DAY,
    MILESTONE_KINDS,
    OPTION_NAMES,
    SETTINGS,
    UNITS,
    MilestoneSpec,
    PhaseSpec,
    Protocol,
)

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

COLUMNS = {
    "sources.csv": ("key", "title", "publisher", "year", "url"),
    "protocols.csv": ("protocol", "name", "for_whom", "version", "as_of", "sources", "note"),
    "phases.csv": (
        "protocol", "phase", "order", "name", "track", "after", "length", "length_min",
        "length_max", "unit", "clock_from", "option", "setting", "summary", "sources", "note",
    ),
    "milestones.csv": (
        "protocol", "milestone", "phase", "day", "repeat_every", "kind", "label", "short",
        "sources", "note",
    ),
    "panels.csv": ("protocol", "phase", "what", "why", "where", "end_check", "sources"),
    "facts.csv": ("protocol", "fact", "text", "year", "sources"),
}
# Columns that may be left empty; every other column needs a value on every row.
OPTIONAL = {
    "sources.csv": {"year"},
    "protocols.csv": {"note"},
    "phases.csv": {"after", "length_min", "length_max", "clock_from", "option", "note"},
    "milestones.csv": {"repeat_every", "note"},
    "panels.csv": set(),
    "facts.csv": set(),
}


class DataError(Exception):
    """The data files are invalid; `errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Source:
    """A public source that a number or statement comes from."""

    key: str
    title: str
    publisher: str
    year: str
    url: str


@dataclass(frozen=True)
class Panel:
    """The plain-language explanation of one phase."""

    what: str
    why: str
    where: str
    end_check: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    """An outcome figure with the year it was published."""

    id: str
    protocol: str
    text: str
    year: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    """Everything loaded from data/: protocols, sources, panels and facts."""

    protocols: dict[str, Protocol]
    sources: dict[str, Source]
    panels: dict[tuple[str, str], Panel]
    facts: tuple[Fact, ...]

    def facts_for(self, protocol_id: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.protocol in ("*", protocol_id))

    def choosable(self, option: str) -> list[str]:
        """Return the ids of protocols that let the user choose this option."""
        return [pid for pid, p in self.protocols.items() if p.option_range(option)]

    def cited(self, protocol_id: str) -> list[str]:
        """Return every source key a protocol's page cites, in natural order (S2 before S10)."""
        protocol = self.protocols[protocol_id]
        keys = set(protocol.sources)
        for spec in protocol.phases:
            keys.update(spec.sources)
            keys.update(self.panels[(protocol_id, spec.id)].sources)
        for spec in protocol.milestones:
            keys.update(spec.sources)
        for fact in self.facts_for(protocol_id):
            keys.update(fact.sources)
        return sorted(keys, key=lambda k: (int(re.sub(r"\D", "", k) or 0), k))


class _Rows:
    """Iterate a table's rows, collecting errors that name file, line and column."""

    def __init__(self, label: str, frame: pd.DataFrame, errors: list[str]) -> None:
        self.label, self.frame, self.errors = label, frame, errors

    def __iter__(self):
        for index, row in enumerate(self.frame.to_dict("records")):
            yield index + 2, row  # line 1 is the header

    def error(self, line: int, column: str, problem: str, fix: str) -> None:
        self.errors.append(f"{self.label}, line {line}, column '{column}': {problem}. Fix: {fix}.")


def read_table(
    label: str, text_or_path: str | Path, errors: list[str],
    columns: tuple[str, ...] | None = None, optional: set[str] | None = None,
) -> pd.DataFrame | None:
    """Read one CSV as text cells; check its header and required cells (columns default by file name)."""
    name = Path(label).name
    try:
        source = io.StringIO(text_or_path) if isinstance(text_or_path, str) else text_or_path
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        errors.append(f"{label}: file not found. Fix: restore it from the repository.")
        return None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        errors.append(f"{label}: cannot be read as UTF-8 CSV ({first_line}). Fix: save it as UTF-8 CSV.")
        return None
    expected = columns or COLUMNS[name]
    optional = OPTIONAL[name] if optional is None else optional
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        errors.append(
            f"{label}, line 1: missing column(s) {', '.join(repr(c) for c in missing)}. "
            f"Fix: the header must be: {','.join(expected)}."
        )
        return None
    frame = frame[list(expected)].apply(lambda col: col.str.strip())
    rows = _Rows(label, frame, errors)
    for line, row in rows:
        for column in expected:
            if column not in optional and not row[column]:
                rows.error(line, column, "is empty", "fill it in")
    return frame


def _int(rows: _Rows, line: int, row: dict, column: str, minimum: int = 1) -> int | None:
    value = row[column]
    if value == "":
        return None
    if not re.fullmatch(r"-?\d+", value) or int(value) < minimum:
        rows.error(line, column, f"{value!r} is not a whole number of at least {minimum}",
                   f"write a whole number such as {max(minimum, 1)}")
        return None
    return int(value)


def _source_keys(rows: _Rows, line: int, row: dict, known: dict[str, Source]) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in row["sources"].split(";") if k.strip())
    for key in keys:
        if key not in known:
            rows.error(line, "sources", f"unknown source {key!r}",
                       "add it to data/sources.csv or use a key listed there")
    return keys


def parse_sources(label: str, frame: pd.DataFrame, errors: list[str]) -> dict[str, Source]:
    """Return sources by key."""
    rows, found = _Rows(label, frame, errors), {}
    for line, row in rows:
        if row["key"] in found:
            rows.error(line, "key", f"{row['key']!r} appears twice", "give each source its own key")
        if row["year"] and not re.fullmatch(r"(19|20)\d\d", row["year"]):
            rows.error(line, "year", f"{row['year']!r} is not a year", "write a year such as 2021")
        if row["url"] and not row["url"].startswith(("http://", "https://")):
            rows.error(line, "url", f"{row['url']!r} is not a web address", "start it with https://")
        found[row["key"]] = Source(row["key"], row["title"], row["publisher"], row["year"], row["url"])
    return found


def parse_phases(
    label: str, frame: pd.DataFrame, protocols: set[str], sources: dict[str, Source], errors: list[str]
) -> dict[str, list[PhaseSpec]]:
    """Return phase specs by protocol, in drawing order; check every rule of phases.csv."""
    rows = _Rows(label, frame, errors)
    by_protocol: dict[str, list[PhaseSpec]] = {}
    for line, row in rows:
        errors_before = len(errors)
        protocol = row["protocol"]
        if protocol and protocol not in protocols:
            rows.error(line, "protocol", f"unknown protocol {protocol!r}",
                       "add it to data/protocols.csv or fix the spelling")
        earlier = {s.id: s for s in by_protocol.get(protocol, [])}
        phase_id = row["phase"]
        if phase_id and not SLUG.match(phase_id):
            rows.error(line, "phase", f"{phase_id!r} is not a lowercase id",
                       "use lowercase letters, digits and dashes, such as 'interim-maintenance'")
        if phase_id in earlier:
            rows.error(line, "phase", f"{phase_id!r} appears twice in {protocol!r}", "give each phase its own id")
        if row["track"] and not SLUG.match(row["track"]):
            rows.error(line, "track", f"{row['track']!r} is not a lowercase id", "write 'main' or a branch id")
        order = _int(rows, line, row, "order")
        length = _int(rows, line, row, "length")
        low = _int(rows, line, row, "length_min")
        high = _int(rows, line, row, "length_max")
        if length is not None and ((low is not None and low > length) or (high is not None and high < length)):
            rows.error(line, "length", f"{length} is outside length_min..length_max",
                       "make length_min <= length <= length_max")
        unit = row["unit"]
        if unit and unit not in UNITS:
            rows.error(line, "unit", f"{unit!r} is not a unit", f"use one of {', '.join(UNITS)}")
        for column in ("after", "clock_from"):
            ref = row[column]
            if ref and ref not in earlier:
                rows.error(line, column, f"{ref!r} is not an earlier phase of {protocol!r}",
                           "name a phase listed above this row in the same protocol")
        if row["option"]:
            if row["option"] not in OPTION_NAMES:
                rows.error(line, "option", f"unknown option {row['option']!r}", f"use one of {', '.join(OPTION_NAMES)}")
            elif unit != "weeks" or low is None or high is None:
                rows.error(line, "option", "induction_weeks needs unit 'weeks' and a length_min and length_max",
                           "set unit to weeks and give the range the user may choose from")
        if row["setting"] and row["setting"] not in SETTINGS:
            rows.error(line, "setting", f"{row['setting']!r} is not a setting", f"use one of {', '.join(SETTINGS)}")
        keys = _source_keys(rows, line, row, sources)
        if row["track"] == "main":
            main = [s for s in earlier.values() if s.track == "main"]
            expected_after = main[-1].id if main else ""
            if row["after"] != expected_after:
                rows.error(line, "after", f"main-track phases must follow each other; got {row['after']!r}",
                           f"write {expected_after!r}" if expected_after else "leave it empty for the first phase")
        if len(errors) == errors_before:
            spec = PhaseSpec(
                id=phase_id, name=row["name"], order=order, track=row["track"],
                after=row["after"] or None, length=length, length_min=low, length_max=high, unit=unit,
                clock_from=row["clock_from"] or None, option=row["option"] or None,
                setting=row["setting"], summary=row["summary"], sources=keys, note=row["note"],
            )
            by_protocol.setdefault(protocol, []).append(spec)
    for specs in by_protocol.values():
        specs.sort(key=lambda s: s.order)
    return by_protocol


def parse_milestones(
    label: str, frame: pd.DataFrame, phases: dict[str, list[PhaseSpec]], sources: dict[str, Source],
    errors: list[str],
) -> dict[str, list[MilestoneSpec]]:
    """Return milestone specs by protocol; each names a phase and a day inside it."""
    rows = _Rows(label, frame, errors)
    found: dict[str, list[MilestoneSpec]] = {}
    for line, row in rows:
        protocol = row["protocol"]
        specs = {s.id: s for s in phases.get(protocol, [])}
        if protocol not in phases:
            rows.error(line, "protocol", f"unknown protocol {protocol!r}", "use a protocol that has phases")
        ids = {m.id for m in found.get(protocol, [])}
        if row["milestone"] in ids:
            rows.error(line, "milestone", f"{row['milestone']!r} appears twice", "give each milestone its own id")
        phase = specs.get(row["phase"])
        if protocol in phases and phase is None:
            rows.error(line, "phase", f"{row['phase']!r} is not a phase of {protocol!r}",
                       "name a phase from phases.csv")
        day = None
        if row["day"] != LAST_DAY:
            day = _int(rows, line, row, "day")
            fixed = _fixed_days(phase) if phase else None
            if day is not None and fixed is not None and day > fixed:
                rows.error(line, "day", f"Day {day} is after the phase's last day (Day {fixed})",
                           f"use a day from 1 to {fixed}, or 'last'")
        repeat = _int(rows, line, row, "repeat_every")
        if row["kind"] and row["kind"] not in MILESTONE_KINDS:
            rows.error(line, "kind", f"{row['kind']!r} is not a kind", f"use one of {', '.join(MILESTONE_KINDS)}")
        keys = _source_keys(rows, line, row, sources)
        if phase is not None:
            found.setdefault(protocol, []).append(MilestoneSpec(
                id=row["milestone"], phase=phase.id, day=day, repeat_every=repeat, kind=row["kind"],
                label=row["label"], short=row["short"], sources=keys, note=row["note"],
            ))
    return found


def _fixed_days(spec: PhaseSpec) -> int | None:
    """Return the shortest length in days of a phase measured in days or weeks, else None."""
    if spec.clock_from is not None or spec.unit not in ("days", "weeks"):
        return None
    shortest = spec.length_min or spec.length
    return shortest * (7 if spec.unit == "weeks" else 1)


def _parse_date(rows: _Rows, line: int, row: dict, column: str) -> date | None:
    try:
        return date.fromisoformat(row[column])
    except ValueError:
        rows.error(line, column, f"{row[column]!r} is not a date", "write it as YYYY-MM-DD")
        return None


def load(data_dir: Path) -> Catalogue:
    """Load and validate every data file; raise DataError listing all problems."""
    errors: list[str] = []
    data_dir = Path(data_dir)

    def table(name: str) -> pd.DataFrame | None:
        return read_table(f"data/{name}", data_dir / name, errors)

    frames = {name: table(name) for name in COLUMNS}
    if any(frame is None for frame in frames.values()):
        raise DataError(errors)
    sources = parse_sources("data/sources.csv", frames["sources.csv"], errors)
    rows = _Rows("data/protocols.csv", frames["protocols.csv"], errors)
    heads = {}
    for line, row in rows:
        if not SLUG.match(row["protocol"]):
            rows.error(line, "protocol", f"{row['protocol']!r} is not a lowercase id", "use letters, digits and dashes")
        if row["protocol"] in heads:
            rows.error(line, "protocol", f"{row['protocol']!r} appears twice", "give each protocol its own id")
        heads[row["protocol"]] = (row, _parse_date(rows, line, row, "as_of"), _source_keys(rows, line, row, sources))
    phases = parse_phases("data/phases.csv", frames["phases.csv"], set(heads), sources, errors)
    milestones = parse_milestones("data/milestones.csv", frames["milestones.csv"], phases, sources, errors)
    panels = _parse_panels(frames["panels.csv"], phases, sources, errors)
    facts = _parse_facts(frames["facts.csv"], set(heads), sources, errors)
    for protocol in heads:
        if protocol not in phases:
            errors.append(f"data/phases.csv: protocol {protocol!r} has no phases. Fix: add its phase rows.")
    for protocol, specs in phases.items():
        for spec in specs:
            if (protocol, spec.id) not in panels:
                errors.append(f"data/panels.csv: no panel for phase {spec.id!r} of {protocol!r}. "
                              "Fix: add a row explaining it.")
    if errors:
        raise DataError(errors)
    protocols = {
        pid: Protocol(
            id=pid, name=row["name"], for_whom=row["for_whom"], version=row["version"], as_of=as_of,
            sources=keys, note=row["note"], phases=tuple(phases[pid]),
            milestones=tuple(milestones.get(pid, [])),
        )
        for pid, (row, as_of, keys) in heads.items()
    }
    return Catalogue(protocols, sources, panels, facts)


def _parse_panels(frame, phases, sources, errors) -> dict[tuple[str, str], Panel]:
    rows, found = _Rows("data/panels.csv", frame, errors), {}
    for line, row in rows:
        key = (row["protocol"], row["phase"])
        if row["phase"] not in {s.id for s in phases.get(row["protocol"], [])}:
            rows.error(line, "phase", f"{row['phase']!r} is not a phase of {row['protocol']!r}",
                       "name a protocol and phase from phases.csv")
        if key in found:
            rows.error(line, "phase", f"a second panel for {row['phase']!r}", "keep one row per phase")
        found[key] = Panel(row["what"], row["why"], row["where"], row["end_check"],
                           _source_keys(rows, line, row, sources))
    return found


def _parse_facts(frame, protocols, sources, errors) -> tuple[Fact, ...]:
    rows, found = _Rows("data/facts.csv", frame, errors), []
    for line, row in rows:
        if row["protocol"] != "*" and row["protocol"] not in protocols:
            rows.error(line, "protocol", f"unknown protocol {row['protocol']!r}", "use a protocol id or *")
        if not re.fullmatch(r"(19|20)\d\d", row["year"]):
            rows.error(line, "year", f"{row['year']!r} is not a year",
                       "every statistic shows the year it was published, such as 2021")
        found.append(Fact(row["fact"], row["protocol"], row["text"], row["year"],
                          _source_keys(rows, line, row, sources)))
    return tuple(found)
