"""The validated data in another language: each text field of the data's records through that language's gettext."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace

from webapp.catalogue import BranchPanel, Catalogue, Fact, Panel
from webapp.protocol import (
    AfterSpec,
    BranchSpec,
    Guideline,
    MilestoneSpec,
    OptionSpec,
    OptionValue,
    PhaseSpec,
    Protocol,
)

# The fields people read, per record: the dataclass side of i18n.TEXT_COLUMNS (the cells that are msgids).
TEXT_FIELDS: dict[type, tuple[str, ...]] = {
    Protocol: ("name", "for_whom", "version", "note", "where_used"),
    PhaseSpec: ("name", "summary", "note", "gate"),
    MilestoneSpec: ("label", "short", "note"),
    Panel: ("what", "why", "where", "end_check"),
    Fact: ("text",),
    BranchSpec: ("condition", "label", "short"),
    BranchPanel: ("name", "label", "short", "who", "daily_life", "path_effect"),
    OptionSpec: ("name", "unset"),
    OptionValue: ("label", "note"),
    Guideline: ("name",),
    AfterSpec: ("label", "short", "what", "note"),
}


def translated(value, translate: Callable[[str], str]):
    """Return `value` (a record, or tuples and dicts of them) with every text field through `translate`."""
    if is_dataclass(value) and not isinstance(value, type):
        text = TEXT_FIELDS.get(type(value), ())
        changes = {}
        for field in fields(value):
            old = getattr(value, field.name)
            new = translate(old) if field.name in text and isinstance(old, str) and old else translated(old, translate)
            if new is not old:
                changes[field.name] = new
        return replace(value, **changes) if changes else value
    if isinstance(value, tuple):
        items = tuple(translated(item, translate) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        return {key: translated(item, translate) for key, item in value.items()}
    return value


def catalogue(source: Catalogue, translate: Callable[[str], str]) -> Catalogue:
    """Return the catalogue loaded and validated once, in another language."""
    return translated(source, translate)
