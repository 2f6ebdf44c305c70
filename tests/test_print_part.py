"""The print view's memo key and holes (issue 13): the key holds all it shows but dates, the holes each request's."""

from datetime import date, timedelta

import pytest

from tests.fixtures import small_schedule
from tests.test_page_plan import assert_planned_pages_are_whole
from webapp import create_app, fragments, i18n, page_plan, print_part

ARGS = [("start", "2026-01-05"), ("protocol", "small")]
NOTES = {"replaced": "", "delay": "", "recorded": ""}


def _key(schedule, args=ARGS, notes=NOTES, qr=True):
    return print_part.key(args, schedule, notes, qr)


def test_key_is_the_same_for_start_dates_with_the_same_rows():
    # 4 weeks, then 3 months: from 5 or 12 January 2026 both maintenance rows run 89 days.
    other = [("start", "2026-01-12"), ("protocol", "small")]
    assert _key(small_schedule(date(2026, 1, 5))) == _key(small_schedule(date(2026, 1, 12)), args=other)


@pytest.mark.parametrize("change", [
    {"schedule": small_schedule(date(2026, 3, 2))},  # maintenance from 30 March: 92 days, another row
    {"schedule": small_schedule(None)},  # the teaching view: Day numbers, no date columns
    {"args": [*ARGS, ("lang", "es")]},  # the address but its start: every option and language as given
    {"notes": {**NOTES, "delay": "Induction was delayed by 7 days."}},  # a note shows
    {"args": [*ARGS, ("branch", "hsct")]},  # the address names the paths, options and so the sources and notes
    {"qr": False},  # an address too long for a QR code
])
def test_key_holds_what_the_document_shows_but_its_dates(change):
    schedule = change.pop("schedule", small_schedule())
    assert _key(small_schedule()) != _key(schedule, **change)


def test_shape_numbers_agree_with_the_shapes_over_five_years_of_start_dates():
    # Moved schedules take their kept one's number (webapp/shifts.py): it must be the number of their own shape.
    days = [date(2024, 1, 1) + timedelta(days=n) for n in range(0, 1830, 7)]
    schedules = [small_schedule(day) for day in days] + [small_schedule(day) for day in reversed(days)]
    numbers = [print_part.shape(s) for s in schedules]
    values = [print_part.shape_value(s) for s in schedules]
    by_number, by_value = {}, {}
    for number, value in zip(numbers, values, strict=True):
        by_number.setdefault(number, set()).add(value)
        by_value.setdefault(value, set()).add(number)
    assert len(by_value) > 1  # month lengths give some start dates other rows
    assert all(len(found) == 1 for found in (*by_number.values(), *by_value.values()))


def test_holes_are_the_dates_and_notes_of_the_request(app):
    schedule = small_schedule(date(2026, 1, 5))
    notes = {**NOTES, "recorded": "Recorded: Induction on Mon, 12 Jan 2026."}
    with app.test_request_context("/print"):
        holes = print_part.holes(schedule, notes, date(2026, 11, 24))
    assert {name: holes[name] for name in ("start", "iso", "end", "generated", "recorded", "ps0", "md0")} == {
        "start": "Mon, 5 Jan 2026", "iso": "2026-01-05", "end": "Fri, 1 May 2026", "generated": "Tue, 24 Nov 2026",
        "recorded": "Recorded: Induction on Mon, 12 Jan 2026.", "ps0": "Mon, 5 Jan 2026", "md0": "Mon, 12 Jan 2026"}


def test_teaching_view_has_no_dates_but_the_day_it_was_printed(app):
    with app.test_request_context("/print"), i18n.active("es"):
        holes = print_part.holes(small_schedule(None), NOTES, date(2026, 11, 24))
    assert holes == {**NOTES, "generated": "mar, 24 nov 2026"}


# Start dates 31 days apart over four years and a half (leap days and month ends among them), each protocol's kept
# schedules coming back many times; every language, paths, a delay, options.
STARTS = [date(2022, 1, 1) + timedelta(days=days) for days in range(0, 1650, 31)]
QUERIES = ("protocol=cog-sr", "protocol=cog-hr&lang=es", "protocol=cog-hr&branch=hsct&lang=ar",
           "protocol=t-all&lang=zh", "protocol=hyper-cvad&lang=fr", "protocol=cog-sr&delay=im1:7&lang=pt",
           "protocol=ukall2011&sex=male", "protocol=general&induction_weeks=6", "protocol=calgb-10403",
           "protocol=ph-positive-adult&lang=es", "protocol=relapse-hr-blinatumomab", "protocol=aieop-bfm-2017-hr",
           "protocol=interfant-06&lang=fr", "protocol=total-xvii&lang=zh")


@pytest.mark.parametrize("query", QUERIES)
def test_a_planned_print_view_is_the_print_view_rendered_whole(whole, planned, query, monkeypatch):
    assert_planned_pages_are_whole(whole, planned, monkeypatch, "/print", query)
    # Every print view's plan was made (False: its texts left a date unfound).
    plans = [plan for key, (_kept, plan) in planned.application.extensions[fragments.PLANS].items.items()
             if key[0] == "print.html"]
    assert plans and all(plans)


def test_a_day_shown_in_the_address_is_kept_as_typed(whole, planned, monkeypatch):
    # Its year among a plan's words leaves no plan where the schedule spans it: those views are filled hole by hole,
    # and that is found once for each kept schedule, not tried again on every request.
    made = []
    monkeypatch.setattr(fragments, "_make_plan", lambda *args: made.append(args[3].key) or MAKE_PLAN(*args))
    for start in STARTS * 2:
        url = f"/print?start={start}&protocol=cog-sr&today=2024-03-01"
        page = planned.get(url).get_data(as_text=True)
        assert page == whole.get(url).get_data(as_text=True) and "today=2024-03-01" in page
    assert made and len(made) == len(set(made))
    plans = planned.application.extensions[fragments.PLANS].items
    assert any(plans[key][1] is False for key in plans if key[0] == "print.html" and "today" in dict(key[1][1]))


MAKE_PLAN = fragments._make_plan


def test_the_teaching_view_and_a_site_path_spelling_a_date_are_planned_as_rendered(whole, planned):
    site = {"base_url": "http://example.org/2026-01-05/"}
    for start in ("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"):
        url = f"/print?start={start}&protocol=cog-sr&lang=es"
        page = planned.get(url, **site).get_data(as_text=True)
        assert page == whole.get(url, **site).get_data(as_text=True) and "/2026-01-05/?start=" in page
    for _ in range(3):
        teaching = "/print?protocol=cog-hr"
        assert planned.get(teaching).get_data(as_text=True) == whole.get(teaching).get_data(as_text=True)


def test_the_day_made_the_share_address_and_its_qr_code_are_each_requests_own(planned):
    # Two start dates of one kept schedule: the plan's own holes are what moves with the request and nothing else.
    for start in ("2026-01-05", "2026-01-12"):
        planned.get(f"/print?start={start}&protocol=cog-sr")
    plan = next(plan for key, (_kept, plan) in planned.application.extensions[fragments.PLANS].items.items()
                if key[0] == "print.html" and dict(key[1][1]).get("protocol") == "cog-sr")
    assert set(plan.names) <= print_part.OWN_HOLES and {"qr", "share-url", "generated"} <= set(plan.names)
    assert plan.dates[page_plan.LONG] and plan.dates[page_plan.ISO]
    assert not any("2026" in part for part in plan.parts)  # every date of the schedule is a slot


def test_a_figure_without_a_today_line_keeps_its_empty_lists():
    pieces = ["a", (page_plan.NAME, "today-line"), "b", (page_plan.ISO, 3), (page_plan.NAME, "today-note")]
    assert print_part.unmarked(pieces) == ["a", '"shapes": []', "b", (page_plan.ISO, 3), '"annotations": []']


def test_an_address_name_spelling_a_date_of_the_schedule_stays_in_a_planned_print_view():
    # The language menu repeats every parameter, names as typed: a name spelling a date must not move (review).
    planned = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0}).test_client()
    whole = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0, "PAGE_SKELETON_CACHE_SIZE": 0}).test_client()
    for start in ("2026-01-05", "2026-01-12", "2026-01-19"):
        for name in ("2026-02-02", start):
            url = f"/print?start={start}&protocol=cog-sr&{name}=x"
            page = planned.get(url).get_data(as_text=True)
            assert page == whole.get(url).get_data(as_text=True) and f"&amp;{name}=x" in page
