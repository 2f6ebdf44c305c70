"""The languages of the site as a registry: one row each in translations/languages.csv, with its catalogue beside it."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from webapp.review import read as read_review

HERE = Path(__file__).resolve().parent
REGISTRY = HERE / "translations" / "languages.csv"
VENDOR = HERE.parent / "static" / "vendor"
# plotly.js ships its locale files in its dist/ folder; vendored under the bundle's version (README, "Assets").
PLOTLY_VERSION = "4.1.1"
COLUMNS = ("code", "name", "direction", "locale", "plotly_locale", "chart_months", "pdf_font", "reviewed_by")
DIRECTIONS = ("ltr", "rtl")


class RegistryError(ValueError):
    """The language registry has a row that cannot work; the message names the row and the fix."""


@dataclass(frozen=True)
class Language:
    """One language of the site: how it is named, written, dated, charted and printed."""

    code: str  # the `lang` value in addresses and the catalogue's folder name
    name: str  # its own name, written in it
    direction: str  # ltr or rtl: the page's dir attribute
    locale: str  # the CLDR locale for dates and numbers (Babel)
    plotly_locale: str  # the plotly.js locale name; empty: plotly's built-in English
    chart_months: str  # the chart's date ticks, a d3 time format: "%b %Y" ("Jan 2026"), "%Y年%-m月" in Chinese
    pdf_font: str  # the font family the print view and PDF ask for first; empty: the system's
    # Who reviewed the translation medically; empty: the pages say it is not yet reviewed. Only a catalogue whose
    # every entry has a `# reviewed-by:` comment may name one (webapp/review.py).
    reviewed_by: str

    @property
    def plotly_file(self) -> str:
        """Return the vendored plotly.js locale file, relative to static/ ('' when plotly's English is used)."""
        return f"vendor/plotly-locale-{self.plotly_locale}-{PLOTLY_VERSION}.js" if self.plotly_locale else ""

    @property
    def first_weekday(self) -> int:
        """Return the first day of the week (0 = Monday ... 6 = Sunday) where the language is most likely read."""
        # A bare language (`ar`) has no territory, and CLDR's world default (001) starts weeks on Monday, which few
        # Arabic-speaking families use. CLDR's likely subtags name the language's likely territory (ar -> ar_Arab_EG)
        # and its week data (supplementalData.xml, weekData/firstDay) that territory's first day: Saturday in Egypt.
        # A locale with a territory (pt_BR, en_GB, zh_Hans_CN) keeps its own.
        locale = Locale.parse(self.locale)
        if not locale.territory:
            locale = Locale.parse(get_global("likely_subtags").get(locale.language, self.locale))
        return locale.first_week_day

    @property
    def reviewed(self) -> bool:
        """Say whether a medical translator has reviewed this language (the source language is its own review)."""
        return bool(self.reviewed_by)


def load(path: Path = REGISTRY) -> dict[str, Language]:
    """Read and check the registry; the first row is the source language (its text is the msgids)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise RegistryError(f"{path.name}, line 1: the header must be {','.join(COLUMNS)}.")
        rows = list(reader)
    languages: dict[str, Language] = {}
    for line, row in enumerate(rows, start=2):
        language = Language(**{k: (row[k] or "").strip() for k in COLUMNS})
        problem = _problem(language, languages, first=not languages, folder=path.parent)
        if problem:
            raise RegistryError(f"{path.name}, line {line} ({language.code or 'no code'}): {problem}")
        languages[language.code] = language
    if not languages:
        raise RegistryError(f"{path.name}: no languages. Fix: add the source language's row.")
    return languages


def _problem(language: Language, seen: dict[str, Language], first: bool, folder: Path) -> str:
    """Return what is wrong with one registry row, or ''."""
    if not language.code.isalpha() or language.code != language.code.lower():
        return "the code must be lower-case letters (the `lang` value), for example fr."
    if language.code in seen:
        return "this code has a row already. Fix: keep one row per language."
    if not language.name:
        return "the name is empty. Fix: give the language's own name, written in it."
    if language.direction not in DIRECTIONS:
        return f"direction must be one of {', '.join(DIRECTIONS)}."
    try:
        Locale.parse(language.locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return f"{language.locale!r} is not a CLDR locale Babel knows. Fix: give one such as fr or pt_BR."
    if "%Y" not in language.chart_months:
        return "chart_months must be a d3 time format with the year (%Y), for example %b %Y."
    if language.plotly_file and not (VENDOR.parent / language.plotly_file).is_file():
        return f"static/{language.plotly_file} is missing. Fix: vendor it from plotly.js's dist/ folder."
    catalogue = folder / language.code / "LC_MESSAGES" / "messages.po"
    if not first and not catalogue.is_file():
        return "it has no catalogue. Fix: add translations/<code>/LC_MESSAGES/messages.po."
    if not first and language.reviewed_by:
        # The name lifts the "not yet reviewed" line, so it must stand for the whole catalogue (webapp/review.py).
        review = read_review(catalogue)
        if not review.complete:
            return (f"reviewed_by names {language.reviewed_by!r}, but {review.total - review.reviewed:,} of "
                    f"{review.total:,} entries carry no '# reviewed-by:' comment, for example "
                    f"{review.unreviewed[0][:60]!r}. Fix: review them, or leave reviewed_by empty.")
    return ""
