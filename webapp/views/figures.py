"""The chart's data as a page writes it, from the figure kept per schedule shape when pages are kept (issue 13)."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date

from flask import current_app
from jinja2.nodes import EvalContext
from markupsafe import Markup

from webapp import chart, figure_part, fragments, i18n
from webapp.formatting import long_date
from webapp.schedule import Schedule

FIGURES = "all_timeline.figures"  # the timeline page's and the print view's chart data, kept per shape
# The today line and its note are the only parts of a figure that the day shown changes (chart.today_marks); a figure
# is kept without them and they are written into its two empty lists, which each occur once in its JSON.
SHAPES, NOTES = '"shapes": []', '"annotations": []'


def json(schedule: Schedule, key: Hashable | None, today: date | None = None) -> Markup:
    """Return tojson(chart.figure(schedule, today)), filled from the kept figure of the page's `key` when kept."""
    memo = None if key is None else _figures()
    if memo is None:
        return _tojson(chart.figure(schedule, today))
    # The page's key decides the figure's rows and words; its dates, as days from the start, do the rest.
    full = (key, i18n.current(), figure_part.key(schedule))
    kept = memo.get(full)
    if kept is None:
        text = str(_tojson(chart.figure(schedule)))
        kept = (text.count(SHAPES) == text.count(NOTES) == 1 and figure_part.template(text, schedule, _written)
                or False)  # False: made per request
        memo.put(full, kept)
    if kept is False:
        return _tojson(chart.figure(schedule, today))
    text = figure_part.fill(kept, schedule.start, _written)  # made of the JSON's own parts
    shapes, notes = chart.today_marks(schedule, today) if today else ([], [])
    if shapes or notes:
        text = text.replace(SHAPES, f'"shapes": {_tojson(shapes)}', 1)
        text = text.replace(NOTES, f'"annotations": {_tojson(notes)}', 1)
    return Markup(text)


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
