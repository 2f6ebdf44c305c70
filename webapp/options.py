"""Patient options declared per protocol in data/options.csv: read, check and assemble them (no Flask)."""

from __future__ import annotations

from webapp.i18n import gettext
from webapp.phases import OPTION_ID, SHARED, SLUG, Rows, source_keys, whole_number
from webapp.protocol import (
    OPTION_CHANGES,
    RESERVED_PARAMS,
    UNITS,
    OptionChange,
    OptionSpec,
    OptionValue,
    PhaseSpec,
)


def parse_options(frame, protocols: set[str], sources: dict, errors: list[str]) -> dict[str, list[tuple[int, dict]]]:
    """Return the checked rows of data/options.csv by protocol ('*': options every protocol accepts)."""
    rows, found, seen = Rows("data/options.csv", frame, errors), {}, set()
    for line, row in rows:
        before = len(errors)
        if row["protocol"] != SHARED and row["protocol"] not in protocols:
            rows.error(line, "protocol", gettext("unknown protocol %(protocol)s", protocol=repr(row["protocol"])),
                       gettext("use an id from protocols.csv, or * for every protocol"))
        if not OPTION_ID.match(row["option"]) or row["option"] in RESERVED_PARAMS:
            rows.error(line, "option", gettext("%(option)s cannot name a URL parameter", option=repr(row["option"])),
                       gettext("use lowercase words joined by _, such as induction_weeks, and none of %(names)s",
                               names=", ".join(RESERVED_PARAMS)))
        if not SLUG.match(row["value"]):
            rows.error(line, "value", gettext("%(value)s is not a lowercase id", value=repr(row["value"])),
                       gettext("use lowercase letters, digits and dashes, such as 'female'"))
        key = (row["protocol"], row["option"], row["value"], row["phase"])
        if key in seen:
            rows.error(line, "value", gettext("%(value)s appears twice", value=repr(row["value"])),
                       gettext("give each value of an option one row per protocol and phase"))
        seen.add(key)
        if row["default"] not in ("", "yes"):
            rows.error(line, "default", gettext("%(value)s is not yes or empty", value=repr(row["default"])),
                       gettext("write 'yes' on the value drawn when none is given, or leave it empty"))
        _check_change(rows, line, row)
        if len(errors) == before:
            found.setdefault(row["protocol"], []).append((line, row))
    return found


def _check_change(rows: Rows, line: int, row: dict) -> None:
    change = row["change"]
    if change not in OPTION_CHANGES:
        rows.error(line, "change", gettext("%(change)s is not a change", change=repr(change)),
                   gettext("write 'length', 'omit', or leave it empty when the value changes nothing"))
        return
    if bool(change) != bool(row["phase"]):
        rows.error(line, "phase", gettext("a change needs the phase it changes, and a phase needs a change"),
                   gettext("fill in both phase and change, or leave both empty"))
    if change and row["protocol"] == SHARED:
        rows.error(line, "change", gettext("an option every protocol accepts cannot change a phase"),
                   gettext("give the protocol's own rows for the values that change its phases"))
    if change and not row["sources"]:
        rows.error(line, "sources", gettext("is empty"), gettext("cite the source of the change"))
    if change == "length":
        whole_number(rows, line, row, "length")
        if not row["length"]:
            rows.error(line, "length", gettext("is empty"), gettext("give the length this value sets"))
        if row["unit"] not in UNITS:
            rows.error(line, "unit", gettext("%(unit)s is not a unit", unit=repr(row["unit"])),
                       gettext("use one of %(choices)s", choices=", ".join(UNITS)))
    elif row["length"] or row["unit"]:
        rows.error(line, "length", gettext("only a 'length' change has a length and a unit"),
                   gettext("leave length and unit empty"))


def assemble(pid: str, base: str, found: dict, main: tuple[PhaseSpec, ...], sources: dict,
             errors: list[str]) -> tuple[OptionSpec, ...]:
    """Return the options a protocol declares: its own rows (or those of the protocol it takes phases from)
    in place of the shared '*' rows of the same option."""
    own = found.get(pid) or found.get(base, [])
    named = {row["option"] for _line, row in own}
    rows = [item for item in found.get(SHARED, []) if item[1]["option"] not in named] + own
    phases = {s.id: s for s in main}
    grouped: dict[str, list[tuple[int, dict]]] = {}
    for line, row in rows:
        grouped.setdefault(row["option"], []).append((line, row))
    options = []
    for option_id, items in grouped.items():
        where = f"data/options.csv, line {items[0][0]}"
        first = items[0][1]
        if any(row["name"] != first["name"] or row["unset"] != first["unset"] for _line, row in items):
            errors.append(f"{where}: the rows of option {option_id!r} for {pid!r} give different names. "
                          "Fix: give every row of one option the same name and unset text.")
        defaults = [row["value"] for _line, row in items if row["default"]]
        if len(defaults) > 1:
            errors.append(f"{where}: option {option_id!r} of {pid!r} has {len(defaults)} defaults. Fix: keep one.")
        values = []
        for line, row in items:
            if row["phase"] and row["phase"] not in phases:
                errors.append(f"data/options.csv, line {line}, column 'phase': {row['phase']!r} is not a main phase "
                              f"of {pid!r}. Fix: name one of {', '.join(phases)}.")
                continue
            if row["change"] == "omit" and phases[row["phase"]].after is None:
                errors.append(f"data/options.csv, line {line}, column 'change': the first phase cannot be left out. "
                              "Fix: leave out a later phase.")
                continue
            change = (OptionChange(row["phase"], row["change"], int(row["length"]) if row["length"] else None,
                                   row["unit"]),) if row["change"] else ()
            values.append(OptionValue(row["value"], row["label"], change,
                                      source_keys(Rows("data/options.csv", None, errors), line, row, sources),
                                      row["note"]))
        options.append(OptionSpec(option_id, first["name"], _merged(values), defaults[0] if defaults else None,
                                  first["unset"]))
    return tuple(options)


def _merged(values: list[OptionValue]) -> tuple[OptionValue, ...]:
    """Join the rows of one value (a value may change several phases) into one, in the order first given."""
    merged: dict[str, OptionValue] = {}
    for value in values:
        if value.value in merged:
            known = merged[value.value]
            value = OptionValue(value.value, known.label, known.changes + value.changes,
                                tuple(dict.fromkeys(known.sources + value.sources)), known.note or value.note)
        merged[value.value] = value
    return tuple(merged.values())
