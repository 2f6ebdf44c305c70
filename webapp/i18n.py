"""The active language, gettext for the pure modules, and the data-file extractor; the languages are a registry."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy, NullTranslations, Translations

from webapp import languages as registry

# The registry and its catalogues; another folder (ALL_TIMELINE_TRANSLATIONS_DIR) lets a test add a language to a
# copy. Read at import: the language is per request, but the set of languages is one per process.
TRANSLATIONS = Path(os.environ.get("ALL_TIMELINE_TRANSLATIONS_DIR") or registry.REGISTRY.parent)
# Every language of the site, from its registry (languages.csv); the first row is the source text.
REGISTRY = registry.load(TRANSLATIONS / registry.REGISTRY.name)
LANGUAGES = {code: language.name for code, language in REGISTRY.items()}
DEFAULT = next(iter(REGISTRY))
# The columns of data/*.csv that people read; their cells are msgids in the catalogue (babel.cfg
# extracts them with extract_csv), so the Spanish data is the English data through gettext.
TEXT_COLUMNS = {
    "protocols.csv": ("name", "for_whom", "version", "note", "where_used"),
    "phases.csv": ("name", "summary", "note", "gate"),
    "milestones.csv": ("label", "short", "note"),
    "panels.csv": ("what", "why", "where", "end_check"),
    "facts.csv": ("text",),
    "branches.csv": ("condition",),
    "branch_panels.csv": ("name", "label", "short", "who", "daily_life", "path_effect"),
    "options.csv": ("name", "unset", "label", "note"),
    "help.csv": ("text",),
    "glossary.csv": ("term", "also", "definition"),
    "after.csv": ("text",),
    "guidelines.csv": ("name",),
    "after_milestones.csv": ("label", "short", "what", "note"),
}

_language: ContextVar[str] = ContextVar("language", default=DEFAULT)


def po_path(language: str) -> Path:
    """Return the path of a language's catalogue (the .po file people edit)."""
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


# A compiled catalogue names the .po it came from: this message, in a context gettext() never reads, holds the
# language and the sha256 of the .po's bytes. A .mo whose stamp is not the current one's is stale and never used.
STAMP = ("all-timeline", "source")


def mo_path(language: str) -> Path:
    """Return the path of a language's compiled catalogue (built by `make`, git-ignored)."""
    return po_path(language).with_suffix(".mo")


def stamp(language: str, po: bytes) -> str:
    """Return what a catalogue compiled from these .po bytes records: the language and the .po's sha256."""
    return f"{language} {hashlib.sha256(po).hexdigest()}"


def compile_po(language: str, po: bytes) -> bytes:
    """Return the .mo bytes of a .po (fuzzy entries left out), stamped with the .po it came from."""
    catalog = read_po(io.BytesIO(po), locale=language)
    catalog.add(STAMP[1], stamp(language, po), context=STAMP[0])
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    return compiled.getvalue()


def write_compiled(language: str) -> Path:
    """Compile a language's .po into its .mo file (`make` does this); return the file's path."""
    target = mo_path(language)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    partial.write_bytes(compile_po(language, po_path(language).read_bytes()))
    partial.replace(target)  # atomic: a server starting meanwhile reads the old file or the new one, never half
    return target


def load(language: str) -> Translations:
    """Return a language's catalogue from its .mo file when that records the current .po, else from the .po."""
    po = po_path(language).read_bytes()
    try:
        catalogue = Translations(io.BytesIO(mo_path(language).read_bytes()))
        if catalogue.pgettext(*STAMP) == stamp(language, po):
            return catalogue
    except (OSError, struct.error, ValueError):
        pass  # missing or unreadable: compile from the .po, as a fresh clone without `make` does
    return Translations(io.BytesIO(compile_po(language, po)))


@cache
def translations(language: str) -> NullTranslations:
    """Return a language's catalogue, compiled ahead by `make` or from its .po (English is the source text itself)."""
    # Compiling the five .po files took most of a second at every start (issue 13), so `make` compiles them ahead.
    return NullTranslations() if language == DEFAULT else load(language)


def choose(value: str | None) -> str:
    """Return the language a `lang` value asks for, English when it is missing or unknown."""
    return value if value in LANGUAGES else DEFAULT


# The active language code: the context variable's own getter, not a function around it. A page asks about 140
# times (every date it writes): the wrapper's Python call was about 7 us of a timeline page (issue 13).
current = _language.get


def language() -> registry.Language:
    """Return the active language's registry row (name, direction, locale, chart and print settings)."""
    return REGISTRY[_language.get()]


def choices() -> str:
    """Say which `lang` values exist, for error messages: 'en (English), es (Español)'."""
    return ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())


def activate(language: str) -> None:
    """Make `language` the active one for this request (or test)."""
    _language.set(choose(language))


@contextmanager
def active(language: str) -> Iterator[None]:
    """Use `language` inside a with block, then go back to the previous one."""
    token = _language.set(choose(language))
    try:
        yield
    finally:
        _language.reset(token)


def url_args() -> dict[str, str]:
    """Return the `lang` argument that keeps links in the active language ({} for the default)."""
    return {} if current() == DEFAULT else {"lang": current()}


def gettext(message: str, /, **params: object) -> str:
    """Translate a message into the active language and fill its %(name)s placeholders."""
    text = translations(current()).gettext(message)
    return text % params if params else text


def ngettext(singular: str, plural: str, count: int, /, **params: object) -> str:
    """Translate a message that depends on a count; %(num)s is the count."""
    text = translations(current()).ngettext(singular, plural, count)
    return text % {"num": count, **params}


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it (it is translated where it is used)."""
    return message


def lazy_gettext(message: str) -> LazyProxy:
    """Translate a module-level message when it is used, in the language active then."""
    return LazyProxy(gettext, message, enable_cache=False)


def raw_gettext(message: str) -> str:
    """Translate without filling placeholders (Jinja's newstyle gettext fills and escapes them)."""
    return translations(current()).gettext(message)


def raw_ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a counted message without filling placeholders (for Jinja)."""
    return translations(current()).ngettext(singular, plural, count)


def translator(language: str) -> Callable[[str], str]:
    """Return a function that translates a data cell (empty cells stay empty)."""
    catalogue = translations(language)
    return lambda text: catalogue.gettext(text) if text else text


def extract_csv(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel extractor: yield every non-empty cell of the text columns of a data file."""
    name = Path(getattr(fileobj, "name", "")).name
    columns = TEXT_COLUMNS.get(name, ())
    reader = csv.DictReader(io.StringIO(fileobj.read().decode("utf-8")))
    for row in reader:
        for column in columns:
            text = (row.get(column) or "").strip()
            if text:
                yield reader.line_num, None, text, [f"data/{name}, column {column}"]
