"""Render once what depends only on protocol, options and language: page fragments kept as Markup (issue 13).

A family's own start date changes almost every address, so the page cache rarely answers; but most of a
timeline page (help, questions, phase texts, sources, glossary links) is the same for every start date.
A fragment is rendered with a stand-in for the one per-request part it holds, the query string that the
site's own links carry (webapp/views/navigation.py), and that stand-in is swapped for the request's query.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date, timedelta
from typing import NamedTuple

from flask import current_app, g, render_template, request
from jinja2 import pass_context
from markupsafe import Markup, escape

from webapp import figure_part, i18n, page_plan
from webapp.formatting import long_date, long_date_in
from webapp.schedule import Schedule
from webapp.skeleton import Skeleton, join, substitute

EXTENSION = "all_timeline.fragments"
QUERY_SOURCE = "all_timeline.fragment_query"  # returns the request's query for the site's links (views/navigation)
PAGES = "all_timeline.pages"
PLANS = "all_timeline.plans"  # kept pages' fill plans (webapp/page_plan.py), one per kept schedule and address
FRAGMENT_PLANS = "all_timeline.fragment_plans"  # kept fragments' (the recorded-dates form, for the phases begun)
# Whole pages (timeline pages of about 100 KB): the bench's 12,782 unique addresses need 86 kept sections in English.
PAGE_SIZE = 256
SIZE = 4096  # fragments: citations and panel texts of a few hundred bytes, tables of about 15 KB; some MB a worker
# Stands for "?<the request's timeline query>" inside a fragment; no URL, text or escaping makes these characters.
QUERY = "\x00q\x00"
# A kept timeline's start date inside its links (hole "s", webapp/timeline_part.py): urlencode writes the stand-in
# as %00s%00, and a link inside a link's query (the comparison's) as %2500s%2500. Only an ISO date fills it.
START = "\x00s\x00"  # webapp/skeleton.py splits kept texts at the stand-ins, this one's link forms too
# What a fragment may read from its page besides its own values: nothing in this list depends on the request.
SHARED = ("guide", "catalogue", "site_url", "compare_url", "lang", "languages", "lang_query")
# A page's holes are mostly dates and numbers, the same texts request after request: short ones are escaped once.
SHORT = 64  # characters: every date format, number and day text; longer values (sentences, the chart) each time
ESCAPED_SIZE = 16384  # about ten years of dates in two formats, with room for numbers: a few MB at most
# A plan's dates by ordinal, per language and kind: eleven years of days, about 250 bytes each with the memo's own
# (1 MB per language and kind; 13 MB at most for six languages' long and JSON dates and the ISO ones).
DATES_SIZE = 4096


class Memo:
    """A bounded least-recently-used map from key to rendered fragment; safe for threaded servers."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple):
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: tuple, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def __len__(self) -> int:
        return len(self.items)


def rendering() -> bool:
    """Say whether a fragment is being rendered now (site links then hold the stand-in for the query)."""
    return bool(g.get("rendering_fragment"))


def held(name: str) -> bool:
    """Say whether the fragments being rendered now fill hole `name` (the timeline section fills "s", its start)."""
    return name in g.get("fragment_holes", ())


def hole(name: str) -> str | None:
    """Return the stand-in for value `name` while a fragment is rendered (None otherwise): see fragment(holes=...)."""
    return f"\x00{name}\x00" if rendering() else None


@pass_context
def fragment(context, name: str, key: Hashable, holes: dict[str, str] | None = None, **values) -> Markup:
    """Render template `name` with `values`, or return it from the memo; `key` must decide everything `values` show.

    The memo's key adds the language, the script root and the endpoint (links and current-page marks depend on
    them); the request's timeline query is filled in afterwards, and so is each of `holes` (name: text), which
    the template wrote as hole(name). A fragment kept inside another keeps its stand-ins, so the outer one's
    holes must hold the inner ones' too. A key of None, or FRAGMENT_CACHE_SIZE 0, renders it as an include would.
    """
    memo: Memo | None = None if key is None else current_app.extensions.get(EXTENSION)
    if memo is None:  # rendered as an include would be: the whole page's context, the request's own values
        return Markup(current_app.jinja_env.get_template(name).render({**context.get_all(), **values}))
    full = (name, key, i18n.current(), _where())
    text = memo.get(full)
    if text is None:
        text = Skeleton(_render(context, name, values, holes))
        memo.put(full, text)
    if rendering():
        return Markup(text.text)  # inside a fragment being kept, every stand-in stays: the outer one's holes fill them
    return Markup(_fill(text, holes))


class Planning(NamedTuple):
    """What a kept page's fill plan is made for (webapp/page_plan.py), and what it needs besides the page."""

    key: Hashable  # what decides the page but its dates and its own holes, with the kept schedule's id
    kept: object  # that kept schedule (webapp/shifts.py): a plan is found only for this very object
    schedule: Schedule  # the request's, moved from it
    own: frozenset[str]  # the holes filled per request (they may hold a date that does not move with the start)
    fixed: tuple[str, ...]  # the address's values but the start's, the site's address: they stay as they are
    made: dict[str, list]  # holes given as the plan's pieces already (the chart's JSON, webapp/views/figures.py)


def kept(name: str, key: Hashable, context: Callable[[], dict], holes: dict[str, str],
         planning: Planning | None = None) -> str:
    """Return fragment `name` kept per `key` with `holes` filled, for a view (`context()`: the template's names).

    With `planning`, its fill plan is made too, as page() makes a page's.
    """
    memo: Memo | None = current_app.extensions.get(EXTENSION)
    if memo is None:
        return current_app.jinja_env.get_template(name).render(context())
    full = (name, key, i18n.current(), _where())
    text = memo.get(full)
    if text is None:
        text = Skeleton(_rendered_kept(lambda: current_app.jinja_env.get_template(name).render(context()), holes))
        memo.put(full, text)
    if planning is not None:
        _make_plan(name, text, holes, planning, FRAGMENT_PLANS)
    return _fill(text, holes)


def page(name: str, key: Hashable, context: dict | Callable[[], dict], holes: dict[str, str],
         planning: Planning | None = None) -> str:
    """Render page template `name`, or return it from the page memo with `holes` filled; None `key`: render it.

    Like fragment(), for a whole page (issue 13): `key` must decide everything the page shows but its holes, the
    site's query and the start date; the memo adds the language, the script root and the endpoint. `context`
    holds the template's names, or is a call returning them, made only when the page is rendered (a kept page's
    holes need fewer names, and cheaper ones). With `planning`, the page's fill plan is made too (see planned()).
    """
    names: Callable[[], dict] = context if callable(context) else lambda: context
    memo: Memo | None = None if key is None else current_app.extensions.get(PAGES)
    if memo is None:
        return render_template(name, **names())
    full = (name, key, i18n.current(), _where())
    text = memo.get(full)
    if text is None:
        text = Skeleton(_rendered_kept(lambda: render_template(name, **names()), holes))
        memo.put(full, text)
    if planning is not None:
        _make_plan(name, text, holes, planning, PLANS)
    return _fill(text, holes)


def planned(name: str, key: Hashable, kept: object, plans: str = PLANS) -> page_plan.Plan | bool | None:
    """Return the fill plan of page `name` for `key` made for the kept schedule `kept`; None: not made yet.

    False: the page cannot be filled by a plan (a date may be left in a text); render or fill it as page() does.
    `plans`: FRAGMENT_PLANS for a fragment's, made by kept().
    """
    memo: Memo | None = current_app.extensions.get(plans)
    found = None if memo is None else memo.get((name, key, i18n.current(), _where()))
    return found[1] if found is not None and found[0] is kept else None


def filled(plan: page_plan.Plan, start: date, values: dict) -> str:
    """Return a planned page for a schedule moved to `start`, with `values` (its own holes by name) escaped in."""
    return page_plan.fill(plan, start, _writers(i18n.current()), {name: _escape(values[name]) for name in plan.names})


def _make_plan(name: str, text: Skeleton, holes: dict, planning: Planning, plans: str) -> None:
    """Keep the fill plan of a kept page or fragment for its kept schedule (False when it cannot have one)."""
    memo: Memo | None = current_app.extensions.get(plans)
    split = None if memo is None else text.split("s" in holes)
    if split is None:  # no plans kept, or stand-ins spanning the start's link form: filled as page() does
        return
    texts = dict(planning.made)
    if _json_is_long(i18n.current()):  # each date written once, not twice: its texts are the same
        texts = {name: [(page_plan.LONG, piece[1]) if type(piece) is tuple and piece[0] == page_plan.JSON else piece
                        for piece in pieces] for name, pieces in texts.items()}
    for hole in set(split[1]) - planning.own - texts.keys():
        texts[hole] = str(escape(_query()) if hole == "q" else _escape(holes[hole]))
    plan = page_plan.make(split, texts, planning.own, planning.schedule, lambda day: str(_escape(long_date(day))),
                          planning.fixed)
    memo.put((name, planning.key, i18n.current(), _where()), (planning.kept, plan or False))


class Dates(dict):
    """A date's text by its ordinal, written on first use (a plan writes about 100 a page); bounded: `size` kept.

    A plain dict: its lookups, from C, are what a plan's fill does most (lru_cache's took 0.03 ms more a page).
    Past the bound a date is written each time.
    """

    def __init__(self, write: Callable[[date], str], size: int = DATES_SIZE) -> None:
        super().__init__()
        self.write, self.size = write, size

    def __missing__(self, ordinal: int) -> str:
        text = self.write(date.fromordinal(ordinal))
        if len(self) < self.size:
            self[ordinal] = text
        return text


@functools.lru_cache(maxsize=64)  # per language: a plan's long, ISO and JSON dates
def _writers(language: str) -> tuple[Dates, Dates, Dates]:
    return (Dates(lambda day: str(_escape(long_date_in(language, day)))), ISO_DATES,
            Dates(lambda day: figure_part.json_text(long_date_in(language, day))))


ISO_DATES = Dates(date.isoformat)  # digits and dashes: nothing to escape


@functools.lru_cache(maxsize=64)
def _json_is_long(language: str) -> bool:
    """Say whether the chart's JSON writes every long date of `language` as the page does (English: ASCII words)."""
    # A long date is its weekday's and month's words and digits: seven days from each month's first day have every
    # weekday with every month.
    days = [date(2026, month, 1) + timedelta(days) for month in range(1, 13) for days in range(7)]
    return all(figure_part.json_text(text) == str(escape(text)) for text in (long_date_in(language, d) for d in days))


def _where() -> tuple[str, str | None]:
    if "fragment_where" not in g:  # once a request: proxies are slow, and a page holds hundreds of fragments
        g.fragment_where = (request.script_root, request.endpoint)
    return g.fragment_where


def _rendered_kept(render: Callable[[], str], holes: dict[str, str]) -> str:
    """Return render()'s text made with stand-ins for the query and for `holes` (outside any other fragment)."""
    saved = g.pop("glossary_url", None)
    g.rendering_fragment, g.fragment_holes = True, frozenset(holes)
    try:
        return render()
    finally:
        g.rendering_fragment, g.fragment_holes = False, frozenset()
        g.pop("glossary_url", None)
        if saved is not None:
            g.glossary_url = saved


def _fill(text: Skeleton, holes: dict[str, str] | None) -> str:
    """Write the request's query, its start date and each of `holes` (escaped) into a kept text's stand-ins."""
    parts = _parts(text, holes)
    return parts if isinstance(parts, str) else join(*parts)


def _parts(text: Skeleton, holes: dict[str, str] | None) -> str | tuple[tuple[str, ...], list[str]]:
    """Return the kept text's literal parts and the values of its holes in order, or the filled text itself."""
    filled = holes or {}  # escaped as they are written in: a page's holes outnumber the ones a fragment has
    start = "s" in filled  # the start's link form is a hole of the kept text only: a visitor's text may spell it too
    split = text.split(start)
    if split is None:  # stand-ins spanning the start's link form: substituted as one pass over the text would
        values = {name: str(escape(value)) for name, value in filled.items()}
        if QUERY in text.text:
            values["q"] = str(escape(_query()))
        return substitute(text.text, values, start)
    literals, names = split
    if not names:
        return text.text
    query = None
    values = []
    for name in names:
        if name == "q":  # the query's stand-in, QUERY
            if query is None:
                query = escape(_query())
            values.append(query)
        else:
            values.append(_escape(filled[name]))
    return literals, values


def _escape(value) -> Markup:
    """Return `value` escaped as markupsafe.escape does; a short plain text from the bounded memo."""
    if type(value) is str and len(value) <= SHORT:
        return _escaped(value)
    return escape(value)


@functools.lru_cache(maxsize=ESCAPED_SIZE)
def _escaped(text: str) -> Markup:
    return escape(text)


def _query() -> str:
    query = current_app.extensions[QUERY_SOURCE]()
    return f"?{query}" if query else ""


def _render(context, name: str, values: dict, holes: dict[str, str] | None) -> str:
    """Render the template with the page's request-independent names and `values`, links holding the stand-in."""
    shared = {k: context[k] for k in SHARED if k in context}
    saved, outer = g.pop("glossary_url", None), rendering()  # a fragment may hold fragments (citations)
    outer_holes = g.get("fragment_holes", frozenset())  # an inner fragment's stand-ins are filled by the outer one
    g.rendering_fragment, g.fragment_holes = True, outer_holes | frozenset(holes or ())
    try:
        return current_app.jinja_env.get_template(name).render(**shared, **values)
    finally:
        g.rendering_fragment, g.fragment_holes = outer, outer_holes
        g.pop("glossary_url", None)
        if saved is not None:
            g.glossary_url = saved


def install(app, query: Callable[[], str]) -> None:
    """Give the app its fragment and page memos (FRAGMENT_CACHE_SIZE, PAGE_SKELETON_CACHE_SIZE; 0: none) and calls.

    `query` returns the request's query that the site's links carry, filled in for the stand-in.
    """
    app.extensions[QUERY_SOURCE] = query
    size = int(app.config.get("FRAGMENT_CACHE_SIZE", SIZE))
    if size > 0:
        app.extensions[EXTENSION] = Memo(size)
        pages = int(app.config.get("PAGE_SKELETON_CACHE_SIZE", PAGE_SIZE))
        if pages > 0:  # 0: every page rendered whole, its fragments still kept
            app.extensions[PAGES] = Memo(pages)
            # A plan holds its skeleton's own texts (shared) and its holes' words: 256 plans in six languages held
            # 12.6 MB beyond their skeletons (at most a page each, about 35 MB, once those are gone); a fragment's
            # (about 2 KB) one for each few phases begun: four times as many, under 3 MB.
            app.extensions[PLANS], app.extensions[FRAGMENT_PLANS] = Memo(pages), Memo(4 * pages)
    app.jinja_env.globals.update(fragment=fragment, hole=hole)
