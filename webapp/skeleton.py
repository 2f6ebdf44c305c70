"""A kept text split once into literal parts and hole names, so that filling it is a join (issue 13); no Flask here.

webapp/fragments.py keeps fragments and whole pages with stand-ins: "\\x00name\\x00" for a hole, and the start
date's stand-in inside links, urlencoded as %00s%00 (or %2500s%2500 inside a link's query). A page holds about 127
holes: a regular expression with a callback per hole took about 1 ms a page; the split is made once a kept text.
"""

from __future__ import annotations

import re

HOLE = re.compile("\x00([^\x00]*)\x00")  # a stand-in: the query's or one of fragments.hole()'s
START = "s"  # the hole that also fills the start date's urlencoded stand-in in links
START_ENCODED = re.compile("%(?:25)?00s%(?:25)?00")


class Skeleton:
    """A kept text, and its split into literal parts with hole names between them (made on first fill)."""

    __slots__ = ("text", "_splits")

    def __init__(self, text: str) -> None:
        self.text = text
        self._splits: dict[bool, tuple[tuple[str, ...], tuple[str, ...]] | None] = {}

    def split(self, start: bool) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """Return (literals, names): the text is literals[0] + hole names[0] + literals[1] ... (one more literal).

        `start`: the start date's urlencoded stand-in is a hole too. None when the split cannot stand for the
        one-pass substitution (a stand-in's characters spanning the start's link form): fill() then substitutes.
        """
        if start not in self._splits:  # racing threads make the same split: either may be kept
            self._splits[start] = _split(self.text, start)
        return self._splits[start]


def _split(text: str, start: bool) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    literals: list[str] = []
    names: list[str] = []
    chunks = START_ENCODED.split(text) if start else [text]
    for index, chunk in enumerate(chunks):
        if index:
            names.append(START)  # the link form's stand-in, written as the start date itself
        pieces = HOLE.split(chunk)  # literal, name, literal, ... (re.split keeps the group)
        literals.append(pieces[0])  # after the start's stand-in, or the text's first part
        names.extend(pieces[1::2])
        literals.extend(pieces[2::2])
    if any("\x00" in literal for literal in literals):
        return None  # an unpaired stand-in character in one chunk: the whole text's pairs span the start's form
    return tuple(literals), tuple(names)


def substitute(text: str, values: dict[str, str], start: bool) -> str:
    """Fill `text` as one regular-expression pass would: the reference fill() must agree with (and the fallback)."""
    if start:
        text = START_ENCODED.sub(lambda match: values[START], text)
    return HOLE.sub(lambda match: values[match.group(1)], text)


def join(literals: tuple[str, ...], values: list[str]) -> str:
    """Return the literal parts with `values` (one per hole, in order) between them."""
    out = [""] * (len(literals) + len(values))
    out[0::2] = literals
    out[1::2] = values
    return "".join(out)
