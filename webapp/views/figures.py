"""The chart's data as a page writes it, from the figure kept per schedule shape when pages are kept (issue 13)."""

from __future__ import annotations

import functools
from collections.abc import Hashable
from datetime import date

from flask import current_app
from jinja2.nodes import EvalContext
from markupsafe import Markup

from webapp import chart, figure_part, fragments, i18n, page_plan
from webapp.formatting import long_date
from webapp.schedule import Schedule

FIGURES = "all_timeline.figures"  # the timeline page's and the print view's chart data, kept per shape
# The today line and its note are the only parts of a figure that the day shown changes (chart.today_marks); a figure
# is kept without them and they are written into its two empty lists, which each occur once in its JSON.
SHAPES, NOTES = '"shapes": []', '"annotations": []'
LINE, NOTE = "today-line", "today-note"  # their holes in a page plan (webapp/page_plan.py)
NO_MARKS = {LINE: Markup(SHAPES), NOTE: Markup(NOTES)}


def json(schedule: Schedule, key: Hashable | None, today: date | None = None) -> Markup:
    """Return tojson(chart.figure(schedule, today)), filled from the kept figure of the page's `key` when kept."""
    kept = _kept(schedule, key)
    if not kept:
        return _tojson(chart.figure(schedule, today))
    text = figure_part.fill(kept, schedule.start, _written)  # made of the JSON's own parts
    marks = today_marks(schedule, today)
    if marks[LINE] != SHAPES:
        text = text.replace(SHAPES, marks[LINE], 1).replace(NOTES, marks[NOTE], 1)
    return Markup(text)


def pieces(schedule: Schedule, key: Hashable) -> list | None:
    """Return the kept figure of the page's `key` as a page plan's pieces (webapp/page_plan.py); None: not kept.

    Its dates are slots; its today line and note (chart.today_marks) are the page's own holes LINE and NOTE.
    """
    kept = _kept(schedule, key)
    if not kept:
        return None
    found: list = []
    slots = [(page_plan.JSON if long else page_plan.ISO, days) for long, days in kept.dates]
    for index, literal in enumerate(kept.literals):
        if index:
            found.append(slots[kept.holes[index - 1]])
        for text in _split(literal, SHAPES, LINE):
            found.extend(_split(text, NOTES, NOTE) if type(text) is str else [text])
    return found


def today_marks(schedule: Schedule, today: date | None) -> dict[str, Markup]:
    """Return the figure's today line and note as its JSON writes them, by the names of their holes (LINE, NOTE)."""
    if not today or schedule.relative or not schedule.start <= today <= schedule.end:  # chart.today_marks draws none
        return dict(NO_MARKS)
    line, note = _marks(today, schedule.day_number(today), i18n.current())
    return {LINE: line, NOTE: note}


@functools.lru_cache(maxsize=4096)  # a day shown, ten years of Day numbers, in any language: 500 bytes each, 2 MB
def _marks(today: date, day: int, language: str) -> tuple[Markup, Markup]:
    # Two JSON texts of about 0.02 ms a page (issue 13), the same for every page that shows that day as that Day.
    shapes, notes = chart.marks_on(today, day)
    return Markup(f'"shapes": {_tojson(shapes)}'), Markup(f'"annotations": {_tojson(notes)}')


def _kept(schedule: Schedule, key: Hashable | None) -> figure_part.Template | bool:
    """Return the kept figure of the page's `key`, made now if need be; False: made per request (or not kept)."""
    memo = None if key is None else _figures()
    if memo is None:
        return False
    # The page's key decides the figure's rows and words; its dates, as days from the start, do the rest.
    full = (key, i18n.current(), figure_part.key(schedule))
    kept = memo.get(full)
    if kept is None:
        text = str(_tojson(chart.figure(schedule)))
        kept = (text.count(SHAPES) == text.count(NOTES) == 1 and figure_part.template(text, schedule, _written)
                or False)  # False: made per request
        memo.put(full, kept)
    return kept


def _split(text: str, part: str, hole: str) -> list:
    """Return `text` with `part` (there once, or not at all) as the page's hole `hole` between its two sides."""
    before, found, after = text.partition(part)
    return [before, (page_plan.NAME, hole), after] if found else [text]


def _tojson(value) -> Markup:
    env = current_app.jinja_env
    return env.filters["tojson"](EvalContext(env), value)


def _figures() -> fragments.Memo | None:
    """Return the kept figures' memo; None when pages are not kept (PAGE_SKELETON_CACHE_SIZE 0)."""
    extensions = current_app.extensions
    if extensions.get(fragments.PAGES) is None:  # rendered whole, as before pages were kept: the figure too
        return None
    memo = extensions.get(FIGURES)
    if memo is None:  # as many as kept pages: each page's shape has one figure (10 to 30 KB)
        size = int(current_app.config.get("PAGE_SKELETON_CACHE_SIZE", fragments.PAGE_SIZE))
        memo = extensions.setdefault(FIGURES, fragments.Memo(size))
    return memo


def _written(day: date) -> str:
    return figure_part.json_text(long_date(day))
