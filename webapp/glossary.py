"""Link the glossary's terms inside plain text, safely: escape the text first, then add the links."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

MEMO_SIZE = 4096  # linked texts kept per linker: the data's panel texts fit many times over


@dataclass(frozen=True)
class Term:
    """One glossary entry: its anchor id, the name shown, other spellings, and a plain definition."""

    id: str
    term: str
    also: tuple[str, ...]
    definition: str
    sources: tuple[str, ...]

    @property
    def spellings(self) -> tuple[str, ...]:
        """Return every spelling that links here: the term without its bracketed expansion, then the others."""
        head = re.sub(r"\s*\(.*\)$", "", self.term)
        return tuple(dict.fromkeys((head, *self.also)))


def _pattern(spelling: str) -> str:
    # Abbreviations (MRD, LP, CAR T-cell) match only as written, so "lp" or "car" in a word never links;
    # everything else matches in any case, so "Remission" at the start of a sentence links too.
    body = re.escape(str(escape(spelling)))
    if re.search(r"[A-Z]{2}", spelling):
        return body
    return f"(?i:{body})"


# A letter that continues a word: any word character but the Chinese and Japanese ones, whose script has no
# spaces, so a term sits between other characters of its own script (issue 14: 缓解 inside a Chinese sentence).
_WORD = r"[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


class Linker:
    """Find glossary spellings in escaped text and wrap the first of each entry in a link."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.owner: dict[str, Term] = {}
        for term in terms:
            for spelling in term.spellings:
                self.owner[str(escape(spelling)).casefold()] = term
        # Longest first, so "bone marrow test" wins over "bone marrow"; the guards keep a match off part of
        # a longer word. Character references made by escaping (&amp; &#39;) match first and stay as they are.
        ordered = sorted(self.owner, key=len, reverse=True)
        spellings = {str(escape(s)).casefold(): s for t in terms for s in t.spellings}
        alternatives = "|".join(_pattern(spellings[key]) for key in ordered)
        pattern = rf"(?P<ref>&#?\w+;)|(?<!{_WORD})(?<!-)(?:{alternatives})(?!{_WORD})(?!-)"
        self.regex = re.compile(pattern) if ordered else None
        self.memo: dict[tuple[str, str, str | None], Markup] = {}

    def link_to(self, text: str, page: str, skip: str | None = None) -> Markup:
        """Return link() with each term linked to `page#term-<id>`, remembered: pages link the same texts each time."""
        key = (text, page, skip)
        linked = self.memo.get(key)
        if linked is None:
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()  # bounded: uploaded protocols' texts must not grow it without end
            linked = self.memo[key] = self.link(text, lambda term: f"{page}#term-{term.id}", skip)
        return linked

    def link(self, text: str, href: Callable[[Term], str], skip: str | None = None) -> Markup:
        """Return `text` escaped, with the first mention of each term (except `skip`) linked to `href(term)`."""
        escaped = str(escape(text))
        if self.regex is None:
            return Markup(escaped)
        seen: set[str] = set() if skip is None else {skip}

        def replace(match: re.Match) -> str:
            if match.group("ref"):
                return match.group(0)
            term = self.owner[match.group(0).casefold()]
            if term.id in seen:
                return match.group(0)
            seen.add(term.id)
            url = escape(href(term))
            return f'<a class="term" href="{url}">{match.group(0)}</a>'

        return Markup(self.regex.sub(replace, escaped))
