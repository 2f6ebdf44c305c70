"""The print view's memo key and holes (issue 13): the key holds all it shows but dates, the holes each request's."""

from datetime import date, timedelta

import pytest

from tests.fixtures import small_schedule
from webapp import i18n, print_part

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
