"""A kept page's fill plan (issue 13): filled for another start of the same kept schedule, it is that start's page."""

from datetime import date, timedelta

import pytest
from jinja2.nodes import EvalContext
from markupsafe import escape

from tests.fixtures import small_schedule
from webapp import chart, figure_part, fragments, page_plan
from webapp.formatting import long_date, long_date_in, short_date
from webapp.skeleton import Skeleton
from webapp.views import figures
from webapp.views.common import read_timeline

# Start dates 31 days apart over four years and a half (leap days and month ends among them), each protocol's
# kept schedules coming back many times; every language, a path, a delay, an option.
STARTS = [date(2022, 1, 1) + timedelta(days=days) for days in range(0, 1650, 31)]
QUERIES = ("protocol=cog-sr", "protocol=cog-hr&lang=es", "protocol=cog-hr&branch=hsct&lang=ar",
           "protocol=t-all&lang=zh", "protocol=hyper-cvad&lang=fr", "protocol=cog-sr&delay=im1:7&lang=pt",
           "protocol=ukall2011&sex=male", "protocol=general&induction_weeks=6", "protocol=calgb-10403",
           "protocol=ph-positive-adult", "protocol=relapse-hr-blinatumomab",
           "protocol=aieop-bfm-2017-hr", "protocol=interfant-06&lang=es", "protocol=total-xvii&lang=zh")


def _long(day: date) -> str:
    return str(escape(long_date(day)))


def _writers():
    return fragments.Dates(_long), fragments.Dates(date.isoformat), fragments.Dates(long_date)


def _text(schedule) -> tuple[Skeleton, dict]:
    """Return a kept text with three holes and their texts for `schedule`: a table date, a sentence, the link."""
    phase = schedule.phases[1]
    text = Skeleton("<td>\x00ps\x00</td><p>\x00note\x00</p><a href=\"/print?start=%00s%00\">\x00now\x00</a>")
    holes = {"ps": _long(phase.start), "s": schedule.start.isoformat(), "now": "yes",
             "note": f"From {_long(phase.start)} to {_long(phase.end)} (Day {phase.start_day}), {_long(phase.start)}."}
    return text, holes


def _filled(text: Skeleton, holes: dict) -> str:
    literals, names = text.split(True)
    out = [literals[0]]
    for name, literal in zip(names, literals[1:], strict=True):
        out += (holes[name], literal)
    return "".join(out)


def test_a_plan_filled_for_another_start_is_that_starts_text(app):
    with app.test_request_context("/"):
        first, later = small_schedule(date(2026, 1, 5)), small_schedule(date(2026, 1, 12))  # the same day counts
        text, holes = _text(first)
        plan = page_plan.make(text.split(True), holes, frozenset({"now"}), first, _long, ())
        # The phase's first day is written three times and its last once, the start once: each date once a request.
        assert plan.dates[page_plan.LONG] == ((first.phases[1].start - first.start).days,
                                              (first.phases[1].end - first.start).days)
        assert plan.dates[page_plan.ISO] == (0,) and plan.names == ("now",)
        assert not any("2026" in part for part in plan.parts)
        moved = {**_text(later)[1], "now": "no"}
        assert page_plan.fill(plan, later.start, _writers(), moved) == _filled(text, moved)
        assert 'href="/print?start=2026-01-12"' in page_plan.fill(plan, later.start, _writers(), moved)


def test_a_date_written_another_way_leaves_no_plan(app):
    # A short date (no weekday) is not among the ways a plan writes dates: planned, it would never change.
    with app.test_request_context("/"):
        schedule = small_schedule(date(2026, 1, 5))
        text, holes = _text(schedule)
        holes["note"] = f"Treatment from {short_date(schedule.start)}."
        assert page_plan.make(text.split(True), holes, frozenset({"now"}), schedule, _long, ()) is None


def test_an_address_value_holding_a_date_of_the_schedule_leaves_no_plan(app):
    # today=<a date of the schedule> stays as typed in every link, but a plan would take it for that date and move it.
    with app.test_request_context("/"):
        schedule = small_schedule(date(2026, 1, 5))
        text, holes = _text(schedule)
        fixed = (schedule.phases[1].start.isoformat(),)
        assert page_plan.make(text.split(True), holes, frozenset({"now"}), schedule, _long, fixed) is None
        assert page_plan.make(text.split(True), holes, frozenset({"now"}), schedule, _long, ("cog-sr",)) is not None


def test_a_hole_filled_per_request_is_never_searched_for_dates(app):
    # The day shown is no date of the schedule: its hole is the request's own, even when its text holds one.
    with app.test_request_context("/"):
        schedule = small_schedule(date(2026, 1, 5))
        text, holes = _text(schedule)
        holes["now"] = _long(schedule.start)
        plan = page_plan.make(text.split(True), holes, frozenset({"now"}), schedule, _long, ())
        assert page_plan.fill(plan, date(2026, 1, 12), _writers(), {"now": "here"}).endswith(">here</a>")


def test_pieces_made_already_are_taken_as_they_are(app):
    with app.test_request_context("/"):
        schedule = small_schedule(date(2026, 1, 5))
        text = Skeleton("[\x00figure\x00]")
        made = ["x: ", (page_plan.ISO, 3), ", 2026 ", (page_plan.NAME, "today"), "."]  # its maker checked its words
        plan = page_plan.make(text.split(False), {"figure": made}, frozenset({"today"}), schedule, _long, ())
        assert page_plan.fill(plan, date(2026, 2, 1), _writers(), {"today": "t"}) == "[x: 2026-02-04, 2026 t.]"


def test_a_teaching_view_plan_has_no_dates(app):
    with app.test_request_context("/"):
        schedule = small_schedule(None)
        text = Skeleton("<p>\x00note\x00</p>\x00now\x00")
        plan = page_plan.make(text.split(False), {"note": "Day 1 to Day 28"}, frozenset({"now"}), schedule, _long, ())
        assert plan.dates == ((), (), ()) and plan.parts == ("<p>", "Day 1 to Day 28", "</p>")
        assert page_plan.fill(plan, schedule.start, _writers(), {"now": ""}) == "<p>Day 1 to Day 28</p>"


def assert_planned_pages_are_whole(whole, planned, monkeypatch, path: str, query: str) -> None:
    """Ask for `path` at every start in STARTS both ways: the same answers, and most of them filled from a plan."""
    fills = []
    filled = fragments.filled
    monkeypatch.setattr(fragments, "filled", lambda *args: fills.append(1) or filled(*args))
    for start in STARTS:
        url = f"{path}?start={start}&{query}"
        got, expected = planned.get(url), whole.get(url)
        assert got.status_code == expected.status_code == 200
        assert got.get_data(as_text=True) == expected.get_data(as_text=True), url
    # Kept schedules come back: most of these pages were filled from a plan made for another start date.
    assert len(fills) >= len(STARTS) // 2


@pytest.mark.parametrize("query", QUERIES)
def test_a_planned_page_is_the_page_rendered_whole(whole, planned, query, monkeypatch):
    assert_planned_pages_are_whole(whole, planned, monkeypatch, "/", query)
    # Every plan was made (False: a page whose texts left a date unfound, filled hole by hole ever after).
    assert all(plan for _kept, plan in planned.application.extensions[fragments.PLANS].items.values())


def test_a_day_shown_in_the_address_that_is_a_date_of_the_schedule_is_not_moved(whole, planned):
    # The day shown as typed stays in every link from every start; a plan would take it for the schedule's date.
    app = planned.application
    with app.test_request_context("/?start=2026-01-05&protocol=cog-sr"):
        app.preprocess_request()
        today = read_timeline().schedule.phases[0].end.isoformat()
    for start in ("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-05"):
        url = f"/?start={start}&protocol=cog-sr&today={today}"
        page = planned.get(url).get_data(as_text=True)
        assert page == whole.get(url).get_data(as_text=True) and f"today={today}" in page


def test_dates_are_written_once_and_kept_up_to_their_bound():
    written = []
    texts = fragments.Dates(lambda day: written.append(day) or day.isoformat(), size=2)
    first = date(2026, 1, 5).toordinal()
    assert [texts[first], texts[first + 1], texts[first], texts[first + 2], texts[first + 2]] == [
        "2026-01-05", "2026-01-06", "2026-01-05", "2026-01-07", "2026-01-07"]
    assert len(texts) == 2 and len(written) == 4  # the third day, past the bound, is written each time


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_the_charts_today_marks_are_its_json_for_every_day_shown(planned, lang):
    app = planned.application
    with app.test_request_context(f"/?lang={lang}"):
        app.preprocess_request()
        first, later = small_schedule(date(2026, 1, 5)), small_schedule(date(2026, 1, 12))  # 20 Jan: Day 16, Day 9
        for today, shown in ((date(2026, 1, 5), first), (date(2026, 1, 20), first), (first.end, first),
                             (date(2026, 1, 20), later), (date(2026, 1, 20), first)):
            shapes, notes = chart.today_marks(shown, today)
            marks = figures.today_marks(shown, today)
            assert marks == {figures.LINE: f'"shapes": {_json(app, shapes)}',
                             figures.NOTE: f'"annotations": {_json(app, notes)}'}
        for today in (date(2026, 1, 4), first.end + timedelta(days=1), None):
            assert figures.today_marks(first, today) == {figures.LINE: figures.SHAPES, figures.NOTE: figures.NOTES}


def _json(app, value) -> str:
    return str(app.jinja_env.filters["tojson"](EvalContext(app.jinja_env), value))


@pytest.mark.parametrize("lang", ["en", "es", "fr", "pt", "ar", "zh"])
def test_a_language_writes_the_charts_dates_as_the_pages_only_when_every_date_is_so(lang):
    days = [date(2025, 1, 1) + timedelta(days) for days in range(731)]
    same = all(figure_part.json_text(long_date_in(lang, day)) == str(escape(long_date_in(lang, day))) for day in days)
    assert fragments._json_is_long(lang) == same
    assert fragments._json_is_long("en")  # English's plans write each date once, for the page and its chart


def test_an_english_plan_writes_each_date_once_and_a_french_one_the_charts_apart(planned):
    for query in ("protocol=cog-sr", "protocol=cog-sr&lang=fr"):
        for start in ("2026-01-05", "2026-01-12"):
            planned.get(f"/?start={start}&{query}")
    plans = {key[2]: plan for key, (_kept, plan) in planned.application.extensions[fragments.PLANS].items.items()
             if key[0] == "index.html" and dict(key[1][1]).get("protocol") == "cog-sr"}
    assert plans["en"].dates[page_plan.JSON] == () and plans["en"].dates[page_plan.LONG]
    assert plans["fr"].dates[page_plan.JSON] and plans["fr"].dates[page_plan.LONG]


def test_a_site_address_holding_a_date_of_the_schedule_is_not_moved(whole, planned):
    # The language menu's links start with the site's path as the request reached it: one that spells a date
    # stays as it is.
    for start in ("2026-01-05", "2026-01-12", "2026-01-19"):
        url = f"/?start={start}&protocol=cog-sr"
        site = {"base_url": "http://example.org/2026-01-05/"}
        page = planned.get(url, **site).get_data(as_text=True)
        assert page == whole.get(url, **site).get_data(as_text=True) and 'href="/2026-01-05/?start=' in page


def test_an_address_name_spelling_a_date_of_the_schedule_is_not_moved(whole, planned):
    # The language menu's links repeat every parameter, unknown ones too, names as typed (review: the second start's
    # links said 2026-02-09=x for the 2026-02-02=x typed).
    for start in ("2026-01-05", "2026-01-12", "2026-01-19"):
        for name in ("2026-02-02", start):
            url = f"/?start={start}&protocol=cog-sr&{name}=x"
            page = planned.get(url).get_data(as_text=True)
            assert page == whole.get(url).get_data(as_text=True) and f"&amp;{name}=x" in page
