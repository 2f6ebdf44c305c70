"""A comparison of 2 to 4 scenarios: their letters, the ready-made examples, and each scenario's query read strictly."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from babel.support import LazyProxy

from webapp.forms import PARAMS
from webapp.i18n import gettext, lazy_gettext

Pairs = list[tuple[str, str]]
LETTERS = ("a", "b", "c", "d")  # `a` is the scenario the others are measured against
MAX_QUERY = 2000
# What a scenario query may hold: the timeline's own parameters, an uploaded protocol, and `lang` (the page's
# language applies; a copied address often carries it). Anything else is refused by name, never ignored (issue 10).
KNOWN = (*PARAMS, "custom", "lang")  # and the patient options the data declares (passed in as `options`)
EXAMPLE_START = "2026-01-05"  # the README's example date, so the dated examples match its screenshot


@dataclass(frozen=True)
class Example:
    """A comparison teachers make, as its title and one timeline query per scenario."""

    title: LazyProxy
    scenarios: tuple[str, ...]

    def args(self, start: str = "") -> dict[str, str]:
        """Return the /compare parameters of this example, dated from `start` when one is given."""
        dated = [f"start={start}&{query}" if start else query for query in self.scenarios]
        return dict(zip(LETTERS, dated, strict=False))


# cog-hr offers both a transplant and CAR-T (data/branches.csv), so each example changes one thing only.
EXAMPLES = (
    Example(lazy_gettext("Standard risk and high risk"), ("protocol=cog-sr", "protocol=cog-hr")),
    Example(lazy_gettext("Without and with a stem-cell transplant"),
            ("protocol=cog-hr", "protocol=cog-hr&branch=hsct")),
    Example(lazy_gettext("Chemotherapy path and CAR-T cell therapy"),
            ("protocol=cog-hr", "protocol=cog-hr&branch=car-t")),
)


class ScenarioError(ValueError):
    """A scenario query that cannot be read; `field` is the form field (or the scenario) to point at."""

    def __init__(self, field: str, message: str, readable: Pairs = ()) -> None:
        super().__init__(message)
        self.field = field
        self.readable = list(readable)  # the (name, value) pairs that could be read, kept in the picker


def given(args: Mapping[str, str]) -> list[str]:
    """Return the letters of the scenarios the address gives, in order."""
    return [letter for letter in LETTERS if letter in args]


def scenario_args(letter: str, values: list[str], options: tuple[str, ...] = ()) -> Pairs:
    """Read one scenario's query into (name, value) pairs strictly: given once, known names only, a protocol named."""
    name = letter.upper()
    if len(values) != 1 or len(values[0]) > MAX_QUERY:
        raise ScenarioError(letter, gettext(
            "Scenario %(name)s: give `%(param)s` once, as the query of a timeline page, at most %(most)s characters "
            "(for example start=2026-01-05&protocol=cog-hr).", name=name, param=letter, most=MAX_QUERY))
    pairs = parse_qsl(values[0], keep_blank_values=True)
    known = (*KNOWN, *options)
    unknown = [key for key, _value in pairs if key not in known]
    if unknown:
        raise ScenarioError(letter, gettext(
            "Scenario %(name)s: “%(value)s” is not a setting of a timeline. Write each setting as name=value, "
            "for example protocol=cog-hr; the settings are: %(names)s.",
            name=name, value=unknown[0][:80], names=", ".join((*PARAMS, *options))),
            [(key, value) for key, value in pairs if key in known])
    names = dict(pairs)
    if not names.get("protocol") and "custom" not in names:
        raise ScenarioError(f"{letter}-protocol", gettext(
            "Scenario %(name)s: no protocol is named, and a comparison never guesses one: choose the protocol.",
            name=name), pairs)
    return [(key, value) for key, value in pairs if key != "lang"]


def from_picker(args, options: tuple[str, ...] = ()) -> dict[str, str] | None:
    """Turn the picker's fields (`a-protocol`, `b-start`, ...) into one query per scenario; None if not the picker."""
    if not any(key.split("-", 1)[0] in LETTERS and "-" in key for key in args):
        return None
    queries = {}
    for letter in LETTERS:
        values = {name: [v for v in args.getlist(f"{letter}-{name}") if v] for name in (*PARAMS, *options)}
        if values["protocol"]:  # a scenario left out of the picker has no protocol chosen
            queries[letter] = urlencode({k: v for k, v in values.items() if v}, doseq=True)
    return queries
