"""Read and validate the family guide (data/help.csv, glossary.csv, after.csv) with the same rules as the protocols."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from webapp.catalogue import Source
from webapp.glossary import Linker, Term
from webapp.phases import SLUG, DataError, Rows, read_table, source_keys

PANELS = ("questions", "urgent")
# A group's "summary" is its one-sentence form: the short "When to call now" box and the print-outs show it.
KINDS = ("title", "intro", "summary", "item")
HELP_COLUMNS = ("panel", "group", "kind", "text", "sources", "protocols")
GLOSSARY_COLUMNS = ("id", "term", "also", "definition", "sources")
AFTER_COLUMNS = ("text", "sources")


@dataclass(frozen=True)
class HelpGroup:
    """A titled group of a help panel: an optional introduction, summary and items, with their sources.

    `protocols` limits the group to those timelines (empty: every page); the general guide shows it anyway.
    """

    id: str
    title: str
    intro: str
    items: tuple[str, ...]
    sources: tuple[str, ...]
    summary: str = ""
    protocols: tuple[str, ...] = ()

    def applies(self, protocol: str | None) -> bool:
        """Say whether a timeline of this protocol shows the group (None: the general guide, which shows all)."""
        return protocol is None or not self.protocols or protocol in self.protocols


@dataclass(frozen=True)
class Point:
    """One sourced sentence of the guide, such as a point about life after treatment."""

    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    """The help panels (questions for the care team, when to get help now), the glossary, life after treatment."""

    panels: dict[str, tuple[HelpGroup, ...]]
    terms: tuple[Term, ...]
    linker: Linker
    after: tuple[Point, ...] = ()

    def groups(self, panel: str, protocol: str | None = None) -> tuple[HelpGroup, ...]:
        """Return the panel's groups a timeline of this protocol shows, in file order (None: every group)."""
        return tuple(group for group in self.panels[panel] if group.applies(protocol))


def parse_help(label: str, frame, sources: dict[str, Source], protocols: Collection[str],
               errors: list[str]) -> dict[str, tuple[HelpGroup, ...]]:
    """Return each panel's groups in file order; a group starts with its title row."""
    rows = Rows(label, frame, errors)
    groups: dict[str, dict[str, dict]] = {panel: {} for panel in PANELS}
    for line, row in rows:
        panel, group, kind = row["panel"], row["group"], row["kind"]
        keys = source_keys(rows, line, row, sources)
        shown_for = protocol_ids(rows, line, row, protocols)
        if panel not in PANELS:
            rows.error(line, "panel", f"{panel!r} is not a panel", f"use one of {', '.join(PANELS)}")
            continue
        if not SLUG.match(group):
            rows.error(line, "group", f"{group!r} is not a lowercase id", "use lowercase letters, digits and dashes")
        if kind not in KINDS:
            rows.error(line, "kind", f"{kind!r} is not a kind of row", f"use one of {', '.join(KINDS)}")
            continue
        found = groups[panel].get(group)
        if kind == "title":
            if found is not None:
                rows.error(line, "group", f"group {group!r} of {panel!r} has a second title",
                           "give each group one title row, or a new group id")
            groups[panel][group] = {"title": row["text"], "intro": "", "summary": "", "items": [],
                                    "sources": list(keys), "protocols": shown_for}
            continue
        if shown_for:
            rows.error(line, "protocols", "only a group's title row says which protocols it is for",
                       f"move {row['protocols']!r} to the title row of group {group!r}")
        if found is None:
            rows.error(line, "group", f"group {group!r} of {panel!r} has no title row above this row",
                       "start the group with a row of kind 'title'")
            continue
        if kind == "intro":
            if found["intro"]:
                rows.error(line, "kind", f"group {group!r} has a second intro", "join the two intro rows into one")
            found["intro"] = row["text"]
        elif kind == "summary":
            if found["summary"]:
                rows.error(line, "kind", f"group {group!r} has a second summary", "keep one summary sentence")
            if panel == "urgent" and not keys:
                rows.error(line, "sources", "a summary of warning signs without a source",
                           "cite the sources of its signs, such as S201")
            found["summary"] = row["text"]
        else:
            # A warning sign is a medical fact: it must say where it comes from.
            if panel == "urgent" and not keys:
                rows.error(line, "sources", "a warning sign without a source", "cite the source key, such as S1")
            found["items"].append(row["text"])
        found["sources"].extend(k for k in keys if k not in found["sources"])
    for panel, by_id in groups.items():
        if not by_id:
            errors.append(f"{label}: the {panel!r} panel has no rows. Fix: add its title and items.")
        for group, found in by_id.items():
            if not found["items"] and not found["intro"]:
                errors.append(f"{label}: group {group!r} of {panel!r} has only a title. "
                              "Fix: add an 'intro' row or 'item' rows.")
    return {
        panel: tuple(HelpGroup(g, f["title"], f["intro"], tuple(f["items"]), tuple(f["sources"]), f["summary"],
                               f["protocols"])
                     for g, f in by_id.items())
        for panel, by_id in groups.items()
    }


def protocol_ids(rows: Rows, line: int, row: dict, protocols: Collection[str]) -> tuple[str, ...]:
    """Return the row's protocol ids (separated by ';'), reporting any not in protocols.csv."""
    ids = tuple(p.strip() for p in row["protocols"].split(";") if p.strip())
    for protocol in ids:
        if protocol not in protocols:
            rows.error(line, "protocols", f"{protocol!r} is not a protocol",
                       f"use ids from data/protocols.csv: {', '.join(sorted(protocols))}")
    return ids


def parse_glossary(label: str, frame, sources: dict[str, Source], errors: list[str]) -> tuple[Term, ...]:
    """Return the glossary in alphabetical order; no two entries may claim the same spelling."""
    rows, terms, claimed = Rows(label, frame, errors), {}, {}
    for line, row in rows:
        term_id = row["id"]
        if not SLUG.match(term_id):
            rows.error(line, "id", f"{term_id!r} is not a lowercase id", "use lowercase letters, digits and dashes")
        if term_id in terms:
            rows.error(line, "id", f"{term_id!r} appears twice", "give each term its own id")
        also = tuple(a.strip() for a in row["also"].split(";") if a.strip())
        term = Term(term_id, row["term"], also, row["definition"], source_keys(rows, line, row, sources))
        for spelling in term.spellings:
            owner = claimed.setdefault(spelling.casefold(), term_id)
            if owner != term_id:
                rows.error(line, "also", f"{spelling!r} already links to {owner!r}",
                           "remove it here, or from the other entry")
        terms[term_id] = term
    return tuple(sorted(terms.values(), key=lambda t: t.term.casefold()))


def parse_after(label: str, frame, sources: dict[str, Source], errors: list[str]) -> tuple[Point, ...]:
    """Return the points about life after treatment in file order; each one must cite its source."""
    rows, points = Rows(label, frame, errors), []
    for line, row in rows:
        keys = source_keys(rows, line, row, sources)
        if not keys:
            rows.error(line, "sources", "a follow-up point without a source", "cite the source key, such as S1")
        points.append(Point(row["text"], keys))
    if not points:
        errors.append(f"{label}: there are no points. Fix: add one row per point, with its sources.")
    return tuple(points)


def load(data_dir: Path, sources: dict[str, Source], protocols: Collection[str],
         translate: Callable[[str], str] | None = None) -> Guide:
    """Load and validate help.csv, glossary.csv and after.csv; raise DataError listing every problem."""
    errors: list[str] = []
    after = read_table("data/after.csv", Path(data_dir) / "after.csv", errors, AFTER_COLUMNS, {"sources"}, translate)
    helps = read_table("data/help.csv", Path(data_dir) / "help.csv", errors, HELP_COLUMNS, {"sources", "protocols"},
                       translate)
    glossary = read_table("data/glossary.csv", Path(data_dir) / "glossary.csv", errors, GLOSSARY_COLUMNS,
                          {"also", "sources"}, translate)
    if helps is None or glossary is None or after is None:
        raise DataError(errors)
    panels = parse_help("data/help.csv", helps, sources, protocols, errors)
    terms = parse_glossary("data/glossary.csv", glossary, sources, errors)
    points = parse_after("data/after.csv", after, sources, errors)
    if errors:
        raise DataError(errors)
    return Guide(panels, terms, Linker(terms), points)
