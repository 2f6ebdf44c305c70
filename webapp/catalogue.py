"""Load every data file, assemble protocols with their branches, and check that each one builds."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from webapp import aftercare
from webapp import options as patient_options
from webapp.phases import (
    COLUMNS,
    SHARED,
    SLUG,
    DataError,
    Rows,
    parse_milestones,
    parse_phases,
    read_table,
    source_keys,
)
from webapp.protocol import (
    AFTER_END,
    GROUPS,
    REGIONS,
    STATUSES,
    TREATS,
    AfterSpec,
    BranchSpec,
    Guideline,
    Options,
    Protocol,
)
from webapp.schedule import ScheduleError, apply_options, build


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
class BranchPanel:
    """The plain-language explanation of a branch: who it is for and what it means day to day."""

    name: str
    replaces_rest: bool
    label: str
    short: str
    colour: str
    who: str
    daily_life: str
    path_effect: str
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
    branch_panels: dict[str, BranchPanel]
    facts: tuple[Fact, ...]
    guidelines: tuple[Guideline, ...] = ()  # the choices of `guideline` (data/guidelines.csv)
    after: tuple[AfterSpec, ...] = ()  # the steps after treatment (data/after_milestones.csv)

    @property
    def paths(self) -> tuple[str, ...]:
        """Return the id of every path (data/branch_panels.csv), in file order."""
        return tuple(self.branch_panels)

    def facts_for(self, protocol_id: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.protocol in ("*", protocol_id))

    def choosable(self, option: str) -> list[str]:
        """Return the ids of protocols that declare this patient option."""
        return [pid for pid, p in self.protocols.items() if p.option(option)]

    def offers(self) -> dict[str, list[str]]:
        """Return, for each protocol, the branches a user may choose."""
        return {pid: [b.id for b in p.branches if b.id not in p.always] for pid, p in self.protocols.items()}

    def cited(self, protocol_id: str, branches: tuple[str, ...] = ()) -> list[str]:
        """Return every source key a page of this protocol (with these branches) cites, S2 before S10."""
        protocol = self.protocols[protocol_id]
        keys = set(protocol.sources)
        for spec in protocol.phases:
            keys.update(spec.sources)
            keys.update(self.panels[(protocol_id, spec.id)].sources)
        for spec in protocol.milestones:
            keys.update(spec.sources)
        for branch in protocol.branches:
            if branch.id in branches or branch.id in protocol.always:
                keys.update(branch.sources)
                keys.update(self.branch_panels[branch.id].sources)
                for item in (*branch.steps, *branch.milestones):
                    keys.update(item.sources)
        for fact in self.facts_for(protocol_id):
            keys.update(fact.sources)
        for spec in protocol.after:
            keys.update(spec.sources)
        return sorted(keys, key=lambda k: (int(re.sub(r"\D", "", k) or 0), k))


def load(data_dir: Path, translate: Callable[[str], str] | None = None) -> Catalogue:
    """Load and validate every data file (its text through `translate`); raise DataError listing all problems."""
    errors: list[str] = []
    frames = {name: read_table(f"data/{name}", Path(data_dir) / name, errors, translate=translate) for name in COLUMNS}
    if any(frame is None for frame in frames.values()):
        raise DataError(errors)
    sources = _parse_sources(frames["sources.csv"], errors)
    branch_panels = _parse_branch_panels(frames["branch_panels.csv"], sources, errors)
    paths = tuple(branch_panels)
    heads = _parse_protocols(frames["protocols.csv"], sources, paths, errors)
    phases = parse_phases("data/phases.csv", frames["phases.csv"], set(heads), sources, errors, paths)
    milestones = parse_milestones("data/milestones.csv", frames["milestones.csv"], phases, sources, errors)
    panels = _parse_panels(frames["panels.csv"], phases, heads, sources, errors)
    facts = _parse_facts(frames["facts.csv"], set(heads), sources, errors)
    offers = _parse_branches(frames["branches.csv"], heads, sources, paths, errors)
    declared = patient_options.parse_options(frames["options.csv"], set(heads), sources, errors)
    guidelines = aftercare.parse_guidelines(frames["guidelines.csv"], sources, errors)
    after = aftercare.parse_after(frames["after_milestones.csv"], guidelines, paths, sources, errors)
    _check_after_anchors(after, phases, errors)
    if errors:
        raise DataError(errors)
    protocols = {}
    for pid, (row, as_of, keys) in heads.items():
        base = row["phases_from"] or pid
        main = tuple(s for s in phases.get(base, []) if s.track == "main")
        if not main:
            errors.append(f"data/phases.csv: protocol {pid!r} has no phases. Fix: add its phase rows.")
            continue
        own_milestones = milestones.get(base, []) + (milestones.get(pid, []) if base != pid else [])
        branches = tuple(
            _assemble_branch(pid, base, offer, main, phases, milestones, branch_panels, errors)
            for offer in offers.get(pid, [])
        )
        for spec in main:
            if (pid, spec.id) not in panels and (base, spec.id) not in panels:
                errors.append(f"data/panels.csv: no panel for phase {spec.id!r} of {pid!r}. "
                              "Fix: add a row explaining it.")
            panels.setdefault((pid, spec.id), panels.get((base, spec.id)))
        options = patient_options.assemble(pid, base, declared, main, sources, errors)
        _check_conditions(pid, own_milestones, options, errors)
        always = tuple(b for b in row["always"].split(";") if b)
        _check_not_with(pid, branches, options, always, errors)
        for branch in always:
            if branch not in {b.id for b in branches}:
                errors.append(f"data/protocols.csv: {pid!r} always includes {branch!r} but does not offer it. "
                              "Fix: add a row for it in data/branches.csv.")
        protocols[pid] = Protocol(
            id=pid, name=row["name"], for_whom=row["for_whom"], version=row["version"], as_of=as_of,
            sources=keys, note=row["note"], phases=main, milestones=tuple(own_milestones),
            branches=branches, always=always, region=row["region"] or "any", group=row["group"] or "outline",
            status=row["status"] or "current", superseded_by=row["superseded_by"] or None,
            version_year=int(row["version_year"]) if row["version_year"] else None, where_used=row["where_used"],
            treats=row["treats"] or "new", options=options, after=after, guidelines=guidelines,
            guideline=aftercare.default_guideline(row["region"] or "any", guidelines),
        )
    if not errors:
        _check_every_protocol_builds(protocols, errors)
    if errors:
        raise DataError(errors)
    return Catalogue(protocols, sources, panels, branch_panels, facts, guidelines, after)


def _check_after_anchors(after: tuple[AfterSpec, ...], phases: dict, errors: list[str]) -> None:
    """Check that a step after treatment counted from a phase names a step of its branch."""
    for spec in after:
        if spec.anchor and spec.anchor != AFTER_END:
            steps = {s.id for rows in phases.values() for s in rows if s.track == spec.path}
            if spec.anchor not in steps:
                errors.append(f"data/after_milestones.csv: {spec.id!r} counts from {spec.anchor!r}, which is not a "
                              f"step of {spec.path!r}. Fix: name one of {', '.join(sorted(steps)) or 'its steps'}.")


def _assemble_branch(pid, base, offer, main, phases, milestones, branch_panels, errors) -> BranchSpec:
    branch, attach, condition, keys, line, not_with = offer
    where = f"data/branches.csv, line {line}"
    specific = [s for s in phases.get(base, []) if s.track == branch]
    if specific:
        steps = specific
    else:
        templates = [s for s in phases.get(SHARED, []) if s.track == branch]
        if not templates:
            errors.append(f"{where}: no steps for branch {branch!r}. Fix: add its rows to data/phases.csv.")
        if not attach:
            errors.append(f"{where}, column 'attach': {pid!r} uses the shared {branch!r} steps, which need "
                          "the main phase they start from. Fix: name that phase.")
        steps = [replace(s, after=attach) if s.after is None else s for s in templates]
    known = {s.id for s in main} | {s.id for s in steps}
    if attach and attach not in {s.id for s in main}:
        errors.append(f"{where}, column 'attach': {attach!r} is not a main phase of {pid!r}. Fix: name one.")
    for step in steps:
        for column in ("after", "clock_from", "until"):
            ref = getattr(step, column)
            if ref is not None and ref not in known:
                errors.append(f"data/phases.csv: step {step.id!r} of branch {branch!r} names {column} {ref!r}, "
                              f"which {pid!r} does not have. Fix: name one of its phases.")
    if branch not in branch_panels:
        errors.append(f"data/branch_panels.csv: no panel for branch {branch!r}. Fix: add a row explaining it.")
    step_ids = {s.id for s in steps}
    shared = [m for m in milestones.get(SHARED, []) if m.phase in step_ids]
    own = [m for m in milestones.get(base, []) if m.phase in step_ids]
    panel = branch_panels.get(branch)
    if panel is None:
        return BranchSpec(branch, condition, tuple(steps), tuple(shared + own), keys, not_with=not_with)
    return BranchSpec(branch, condition, tuple(steps), tuple(shared + own), keys, panel.replaces_rest, panel.label,
                      panel.short, panel.colour, list(branch_panels).index(branch), not_with)


def _check_not_with(pid: str, branches: tuple, options: tuple, always: tuple, errors: list[str]) -> None:
    """Check that a path's not_with names a declared option and value that a visitor can avoid."""
    for branch in branches:
        for option_id, value in branch.not_with:
            option = next((o for o in options if o.id == option_id), None)
            if option is None or option.value(value) is None:
                errors.append(f"data/branches.csv: {branch.id!r} of {pid!r} names not_with {option_id}={value}, "
                              f"which {pid!r} does not declare. Fix: name one of its options and values.")
            elif option.default == value or branch.id in always:
                # An address that never gives the option, or a path always drawn, would be refused with no way out.
                errors.append(f"data/branches.csv: {branch.id!r} of {pid!r} names not_with {option_id}={value}, "
                              "which is the option's default or a path always drawn. Fix: name another value.")


def _check_conditions(pid: str, milestones: list, options: tuple, errors: list[str]) -> None:
    """Check that a milestone drawn only with an option names an option and value the protocol declares."""
    for spec in milestones:
        if spec.when is None:
            continue
        option = next((o for o in options if o.id == spec.when[0]), None)
        if option is None or option.value(spec.when[1]) is None:
            errors.append(f"data/milestones.csv: milestone {spec.id!r} of {pid!r} is drawn with "
                          f"{'='.join(spec.when)!r}, which {pid!r} does not declare. "
                          "Fix: name an option and value from data/options.csv.")


def _check_every_option_builds(pid: str, protocol: Protocol, errors: list[str]) -> None:
    """Build the protocol with each value of each option; every milestone must fall inside its phase."""
    for option in protocol.options:
        for value in option.values:
            chosen = Options(choices=((option.id, value.value),))
            try:
                schedule = build(protocol, date(2001, 1, 1), chosen)
            except (ScheduleError, KeyError, RecursionError, ValueError) as exc:
                errors.append(f"data/options.csv: protocol {pid!r} cannot be drawn with {option.id}={value.value} "
                              f"({exc}). Fix: check what that value changes.")
                continue
            placed = {m.spec.id for m in schedule.milestones}
            for spec in apply_options(protocol, chosen)[1]:
                if spec.id not in placed:
                    errors.append(f"data/milestones.csv: milestone {spec.id!r} of {pid!r} falls after the last day "
                                  f"of {spec.phase!r} with {option.id}={value.value}. Fix: check its day.")


def _check_every_protocol_builds(protocols: dict[str, Protocol], errors: list[str]) -> None:
    for pid, protocol in protocols.items():
        _check_every_option_builds(pid, protocol, errors)
        # Every path beside the main road at once, with each path that replaces the rest in turn (one at a time).
        beside = tuple(b.id for b in protocol.branches if not b.replaces_rest)
        replacing = [(b.id,) for b in protocol.branches if b.replaces_rest] or [()]
        try:
            for chosen in replacing:
                build(protocol, date(2001, 1, 1), Options(branches=beside + chosen))
        except (ScheduleError, KeyError, RecursionError, ValueError) as exc:
            errors.append(f"data/phases.csv: protocol {pid!r} cannot be drawn with all its branches ({exc}). "
                          "Fix: check its 'after', 'until' and 'clock_from' columns.")


def _parse_sources(frame, errors) -> dict[str, Source]:
    rows, found = Rows("data/sources.csv", frame, errors), {}
    for line, row in rows:
        if row["key"] in found:
            rows.error(line, "key", f"{row['key']!r} appears twice", "give each source its own key")
        if row["year"] and not re.fullmatch(r"(19|20)\d\d", row["year"]):
            rows.error(line, "year", f"{row['year']!r} is not a year", "write a year such as 2021")
        if row["url"] and not row["url"].startswith(("http://", "https://")):
            rows.error(line, "url", f"{row['url']!r} is not a web address", "start it with https://")
        found[row["key"]] = Source(row["key"], row["title"], row["publisher"], row["year"], row["url"])
    return found


def _parse_protocols(frame, sources, paths, errors) -> dict:
    rows, heads = Rows("data/protocols.csv", frame, errors), {}
    for line, row in rows:
        if not SLUG.match(row["protocol"]):
            rows.error(line, "protocol", f"{row['protocol']!r} is not a lowercase id", "use letters, digits and dashes")
        if row["protocol"] in heads:
            rows.error(line, "protocol", f"{row['protocol']!r} appears twice", "give each protocol its own id")
        try:
            as_of = date.fromisoformat(row["as_of"])
        except ValueError:
            rows.error(line, "as_of", f"{row['as_of']!r} is not a date", "write it as YYYY-MM-DD")
            as_of = None
        for branch in filter(None, row["always"].split(";")):
            if branch not in paths:
                rows.error(line, "always", f"{branch!r} is not a branch", f"use one of {', '.join(paths)}")
        _check_metadata(rows, line, row)
        heads[row["protocol"]] = (row, as_of, source_keys(rows, line, row, sources))
    for line, row in rows:
        successor = row["superseded_by"]
        if successor and (successor not in heads or successor == row["protocol"]):
            rows.error(line, "superseded_by", f"{successor!r} is not another protocol listed here",
                       "name the id of the protocol that replaced this one")
        parent = row["phases_from"]
        if parent and (parent not in heads or heads[parent][0]["phases_from"]):
            rows.error(line, "phases_from", f"{parent!r} is not a protocol with its own phases",
                       "name a protocol listed here whose phases_from is empty")
    return heads


def _check_metadata(rows: Rows, line: int, row: dict) -> None:
    """Check a protocol's region, group, status, version year and what it treats against their closed lists."""
    for column, allowed in (("region", REGIONS), ("group", GROUPS), ("status", STATUSES), ("treats", TREATS)):
        if row[column] and row[column] not in allowed:
            rows.error(line, column, f"{row[column]!r} is not a {column}", f"use one of {', '.join(allowed)}")
    if (row["status"] == "superseded") != bool(row["superseded_by"]):
        rows.error(line, "superseded_by", "a superseded protocol names its successor, and only then",
                   "give the replacing protocol's id with status 'superseded', or leave both unset")
    if row["version_year"] and not re.fullmatch(r"(19|20)\d\d", row["version_year"]):
        rows.error(line, "version_year", f"{row['version_year']!r} is not a year", "write a year such as 2017")


def _parse_branches(frame, heads, sources, paths, errors) -> dict[str, list]:
    rows, found = Rows("data/branches.csv", frame, errors), {}
    for line, row in rows:
        if row["protocol"] not in heads:
            rows.error(line, "protocol", f"unknown protocol {row['protocol']!r}", "use an id from protocols.csv")
        if row["branch"] not in paths:
            rows.error(line, "branch", f"{row['branch']!r} is not a branch",
                       f"use one of {', '.join(paths)} (data/branch_panels.csv)")
        if row["branch"] in {offer[0] for offer in found.get(row["protocol"], [])}:
            rows.error(line, "branch", f"{row['branch']!r} appears twice for {row['protocol']!r}", "keep one row")
        keys = source_keys(rows, line, row, sources)
        not_with = []
        for pair in filter(None, row["not_with"].split(";")):
            option, _, value = pair.partition("=")
            if not option or not value:
                rows.error(line, "not_with", f"{pair!r} is not option=value", "write e.g. risk_group=low")
            not_with.append((option, value))
        found.setdefault(row["protocol"], []).append(
            (row["branch"], row["attach"], row["condition"], keys, line, tuple(not_with)))
    return found


def _parse_panels(frame, phases, heads, sources, errors) -> dict[tuple[str, str], Panel]:
    rows, found = Rows("data/panels.csv", frame, errors), {}
    for line, row in rows:
        pid = row["protocol"]
        base = heads[pid][0]["phases_from"] or pid if pid in heads else pid
        known = {s.id for s in phases.get(base, [])}
        panel = Panel(row["what"], row["why"], row["where"], row["end_check"], source_keys(rows, line, row, sources))
        for phase in row["phase"].split(";"):
            if phase not in known:
                rows.error(line, "phase", f"{phase!r} is not a phase of {pid!r}",
                           "name a protocol and phase from phases.csv")
            if (pid, phase) in found:
                rows.error(line, "phase", f"a second panel for {phase!r}", "keep one row per phase")
            found[(pid, phase)] = panel
    return found


def _parse_branch_panels(frame, sources, errors) -> dict[str, BranchPanel]:
    rows, found = Rows("data/branch_panels.csv", frame, errors), {}
    for line, row in rows:
        if not SLUG.match(row["branch"]) or row["branch"] in found or row["branch"] == "main":
            rows.error(line, "branch", f"{row['branch']!r} is not a branch id of its own",
                       "give each path one row and a lowercase id (not 'main'), such as 'car-t'")
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", row["colour"]):
            rows.error(line, "colour", f"{row['colour']!r} is not a colour", "write it as #RRGGBB, such as #882255")
        if row["replaces_rest"] not in ("", "yes"):
            rows.error(line, "replaces_rest", f"{row['replaces_rest']!r} is not yes or empty",
                       "write 'yes' if this path replaces the rest of the main road, else leave it empty")
        found[row["branch"]] = BranchPanel(row["name"], row["replaces_rest"] == "yes", row["label"], row["short"],
                                           row["colour"], row["who"], row["daily_life"], row["path_effect"],
                                           source_keys(rows, line, row, sources))
    return found


def _parse_facts(frame, protocols, sources, errors) -> tuple[Fact, ...]:
    rows, found = Rows("data/facts.csv", frame, errors), []
    for line, row in rows:
        if row["protocol"] != "*" and row["protocol"] not in protocols:
            rows.error(line, "protocol", f"unknown protocol {row['protocol']!r}", "use a protocol id or *")
        if not re.fullmatch(r"(19|20)\d\d", row["year"]):
            rows.error(line, "year", f"{row['year']!r} is not a year",
                       "every statistic shows the year it was published, such as 2021")
        found.append(Fact(row["fact"], row["protocol"], row["text"], row["year"],
                          source_keys(rows, line, row, sources)))
    return tuple(found)
