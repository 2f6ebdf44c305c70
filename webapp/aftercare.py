"""Life after treatment: read and check data/guidelines.csv and data/after_milestones.csv (no Flask)."""

from __future__ import annotations

from webapp.i18n import gettext
from webapp.phases import SLUG, Rows, source_keys, whole_number
from webapp.protocol import AFTER_END, AFTER_PATH_MAIN, REGIONS, UNITS, AfterSpec, Guideline


def parse_guidelines(frame, sources: dict, errors: list[str]) -> tuple[Guideline, ...]:
    """Return the choices of the URL parameter `guideline`, in file order (the first is the fallback default)."""
    rows, found = Rows("data/guidelines.csv", frame, errors), []
    for line, row in rows:
        if not SLUG.match(row["guideline"]) or row["guideline"] in {g.id for g in found}:
            rows.error(line, "guideline", gettext("%(value)s is not an id of its own", value=repr(row["guideline"])),
                       gettext("give each guideline one row and a lowercase id, such as 'uk'"))
        regions = tuple(r for r in row["regions"].split(";") if r)
        for region in regions:
            if region not in REGIONS:
                rows.error(line, "regions", gettext("%(value)s is not a region", value=repr(region)),
                           gettext("use one of %(choices)s", choices=", ".join(REGIONS)))
        found.append(Guideline(row["guideline"], row["name"], regions, source_keys(rows, line, row, sources)))
    if not found:
        errors.append(gettext("data/guidelines.csv: no guideline. Fix: add at least one row."))
    return tuple(found)


def parse_after(frame, guidelines: tuple[Guideline, ...], paths: tuple[str, ...], sources: dict,
                errors: list[str]) -> tuple[AfterSpec, ...]:
    """Return the steps after treatment; each counts from the end of treatment or a branch phase, or has no date."""
    rows, found, seen = Rows("data/after_milestones.csv", frame, errors), [], set()
    known = {g.id for g in guidelines}
    for line, row in rows:
        if not SLUG.match(row["milestone"]):
            rows.error(line, "milestone", gettext("%(value)s is not a lowercase id", value=repr(row["milestone"])),
                       gettext("use lowercase letters, digits and dashes, such as 'follow-up'"))
        if (row["milestone"], row["guideline"]) in seen:
            rows.error(line, "milestone", gettext("%(milestone)s appears twice", milestone=repr(row["milestone"])),
                       gettext("give each step one row per guideline"))
        seen.add((row["milestone"], row["guideline"]))
        if row["guideline"] and row["guideline"] not in known:
            rows.error(line, "guideline", gettext("%(value)s is not a guideline", value=repr(row["guideline"])),
                       gettext("use one of %(choices)s (data/guidelines.csv), or leave it empty for every one",
                               choices=", ".join(sorted(known))))
        if row["path"] not in ("", AFTER_PATH_MAIN, *paths):
            rows.error(line, "path", gettext("%(value)s is not a path", value=repr(row["path"])),
                       gettext("write 'main', a branch id (%(paths)s), or leave it empty for every path",
                               paths=", ".join(paths)))
        length = whole_number(rows, line, row, "length", minimum=0)
        latest = whole_number(rows, line, row, "length_max", minimum=0)
        _check_when(rows, line, row, length, latest)
        found.append(AfterSpec(row["milestone"], row["guideline"], row["path"], row["from"], length, latest,
                               row["unit"], row["label"], row["short"], row["what"],
                               source_keys(rows, line, row, sources), row["note"]))
    return tuple(found)


def _check_when(rows: Rows, line: int, row: dict, length: int | None, latest: int | None) -> None:
    """Check that a dated step says what it counts from and in which unit; an undated one names neither."""
    if length is None:
        if row["from"] or row["length_max"] or row["unit"]:
            rows.error(line, "length", gettext("is empty but the row says when it counts from"),
                       gettext("give the length, or leave from, length_max and unit empty (a step in words only)"))
        return
    if row["unit"] not in UNITS:
        rows.error(line, "unit", gettext("%(value)s is not a unit", value=repr(row["unit"])),
                   gettext("use one of %(choices)s", choices=", ".join(UNITS)))
    if row["from"] != AFTER_END and not SLUG.match(row["from"]):
        rows.error(line, "from", gettext("%(value)s is not 'end' or a phase id", value=repr(row["from"])),
                   gettext("write 'end' (the last day of treatment) or the phase whose first day it counts from"))
    if row["from"] != AFTER_END and row["path"] in ("", AFTER_PATH_MAIN):
        rows.error(line, "path", gettext("a step counted from a phase needs the branch that phase belongs to"),
                   gettext("name the branch in path"))
    if latest is not None and latest <= length:
        rows.error(line, "length_max", gettext("is not after length"),
                   gettext("give the latest time of the range, or leave it empty"))


def default_guideline(region: str, guidelines: tuple[Guideline, ...]) -> str:
    """Return the guideline drawn for a protocol of this region when none is given.

    The guidance of the country the protocol comes from fits its families best; a protocol used anywhere
    (or a region no row claims) gets the first row, the US guidance, because most protocols here are COG
    ones and the COG follow-up guidelines (S115) are written for them.
    """
    return next((g.id for g in guidelines if region in g.regions), guidelines[0].id if guidelines else "")
