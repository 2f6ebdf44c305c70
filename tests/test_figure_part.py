"""The chart's JSON kept per schedule shape (issue 13): filled for another start date, it is that date's very JSON."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from jinja2.nodes import EvalContext

from tests.fixtures import small_schedule
from webapp import chart, figure_part
from webapp.formatting import long_date
from webapp.views.common import read_timeline

# Start dates 29 days apart over four years (leap days among them): each shape (same rows, same steps drawn)
# comes back many times.
STARTS = [date(2022, 1, 1) + timedelta(days=days) for days in range(0, 1461, 29)]
# The bench's protocols, paths, a delay, options, and the languages whose dates are not Latin words.
QUERIES = ("protocol=cog-sr", "protocol=cog-sr&sex=male&lang=zh", "protocol=cog-sr&delay=induction:7&lang=pt",
           "protocol=cog-hr", "protocol=cog-hr&branch=hsct&lang=ar", "protocol=t-all&branch=hsct&lang=zh",
           "protocol=calgb-10403", "protocol=hyper-cvad&lang=fr", "protocol=ph-positive-adult&lang=es",
           "protocol=general", "protocol=aieop-bfm-2017-hr&lang=ar")


def _json(app, figure) -> str:
    return str(app.jinja_env.filters["tojson"](EvalContext(app.jinja_env), figure))


def _written(day: date) -> str:
    return figure_part.json_text(long_date(day))


def _schedules(app, query: str):
    """Yield the schedule of `query` from each of STARTS, read as the print view reads it, in its request."""
    for start in STARTS:
        with app.test_request_context(f"/print?start={start}&{query}"):
            app.preprocess_request()  # the language of the address
            timeline = read_timeline()
            assert timeline.ok, query
            yield timeline.schedule, _json(app, chart.figure(timeline.schedule)), _written


@pytest.mark.parametrize("query", QUERIES)
def test_a_kept_figure_filled_for_another_start_is_that_starts_json(app, query):
    kept, compared = {}, 0
    for schedule, text, written in _schedules(app, query):
        shape = figure_part.key(schedule)
        if shape not in kept:
            kept[shape] = figure_part.template(text, schedule, written)
            assert kept[shape] is not None  # every date found: none of these figures is left unkept
            assert figure_part.fill(kept[shape], schedule.start, written) == text
            continue
        assert figure_part.fill(kept[shape], schedule.start, written) == text, (query, schedule.start)
        compared += 1
    # Shapes come back: the figure is made once for many start dates (51 here, in at most a couple of dozen shapes).
    assert compared >= len(STARTS) // 2, len(kept)


def test_the_key_is_the_days_from_the_start_so_a_shape_holds_many_starts(app):
    with app.test_request_context("/print"):
        # 4 weeks, then 3 months: from 5 or 12 January 2026 both maintenance rows run 89 days; from 2 March, 92.
        assert figure_part.key(small_schedule(date(2026, 1, 5))) == figure_part.key(small_schedule(date(2026, 1, 12)))
        assert figure_part.key(small_schedule(date(2026, 1, 5))) != figure_part.key(small_schedule(date(2026, 3, 2)))


def test_the_key_holds_which_steps_after_treatment_the_view_draws(app):
    # From 4 or 27 January 2022, cog-sr's every date lies as many days from its start, but the view's six months
    # past the end are 978 and 977 days from it: a step on day 978 is drawn in the one and not in the other.
    def moved(start: str):
        with app.test_request_context(f"/print?start={start}&protocol=cog-sr"):
            schedule = read_timeline().schedule
            step = replace(schedule.after_dated[1], date=schedule.start + timedelta(days=978))
            schedule = replace(schedule, after=(schedule.after_dated[0], step, *schedule.after_dated[2:]))
            drawn = [trace for trace in chart.figure(schedule)["data"] if trace["name"] == "Step after treatment"]
            return figure_part.key(schedule), len(drawn[0]["x"])

    (first, drawn_first), (second, drawn_second) = moved("2022-01-04"), moved("2022-01-27")
    assert first[1] == second[1] and (drawn_first, drawn_second) == (2, 1)
    assert first != second


def test_the_dates_are_holes_named_by_their_days_from_the_start(app):
    schedule = small_schedule(date(2026, 1, 5))
    with app.test_request_context("/print"):
        text = _json(app, chart.figure(schedule))
        kept = figure_part.template(text, schedule, _written)
        # The first bar's base and the induction's hover: Day 1 as ISO text and as the long date.
        assert (False, 0) in kept.dates and (True, 0) in kept.dates
        assert not any("2026-01-05" in part or "5 Jan 2026" in part for part in kept.literals)
        moved = figure_part.fill(kept, date(2026, 1, 12), _written)
        assert '"base": ["2026-01-12"' in moved and "Mon, 12 Jan 2026 to" in moved


def test_a_date_written_another_way_leaves_the_figure_unkept(app):
    # A short date (no weekday) is not among the ways the figure writes dates: kept, it would never change.
    schedule = small_schedule(date(2026, 1, 5))
    with app.test_request_context("/print"):
        figure = chart.figure(schedule)
        figure["layout"]["title"] = {"text": "From 5 Jan 2026"}
        assert figure_part.template(_json(app, figure), schedule, _written) is None


def test_prime_escapes_and_long_numbers_are_not_years(app):
    # "HR-1′" is written HR-1\u2032 in the JSON; a bar of 2,026 days is 175046400000 ms: neither is the year 2026.
    schedule = small_schedule(date(2026, 1, 5))
    with app.test_request_context("/print"):
        figure = chart.figure(schedule)
        figure["layout"]["title"] = {"text": "HR-1\u2032 175046400000"}
        assert figure_part.template(_json(app, figure), schedule, _written) is not None


def test_teaching_view_figure_is_kept_whole(app):
    schedule = small_schedule(None)
    with app.test_request_context("/print"):
        text = _json(app, chart.figure(schedule))
        kept = figure_part.template(text, schedule, _written)
    assert kept == figure_part.Template((text,), (), ())
    assert figure_part.fill(kept, schedule.start, _written) == text


@pytest.mark.parametrize("text", ["Wed, 5 Jun 2024", "2024年6月5日周三", "الأربعاء، 5 يونيو 2024", "a <b> & 'c'"])
def test_json_text_is_what_tojson_writes_inside_a_string(app, text):
    assert figure_part.json_text(text) == _json(app, text)[1:-1]
