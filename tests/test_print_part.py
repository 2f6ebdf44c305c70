"""The print view's memo key and holes (issue 13): the key holds all it shows but dates, the holes each request's."""

from datetime import date
from types import SimpleNamespace

import pytest

from tests.fixtures import small_schedule
from webapp import i18n, print_part

ARGS = [("start", "2026-01-05"), ("protocol", "small")]
NOTES = {"replaced": "", "delay": "", "recorded": ""}
CITED = [SimpleNamespace(key="S1"), SimpleNamespace(key="S27")]


def _key(schedule, args=ARGS, notes=NOTES, lines=(), cited=CITED, qr=True):
    return print_part.key(args, schedule, notes, list(lines), cited, qr)


def test_key_is_the_same_for_start_dates_with_the_same_rows():
    # 4 weeks, then 3 months: from 5 or 12 January 2026 both maintenance rows run 89 days.
    other = [("start", "2026-01-12"), ("protocol", "small")]
    assert _key(small_schedule(date(2026, 1, 5))) == _key(small_schedule(date(2026, 1, 12)), args=other)


@pytest.mark.parametrize("change", [
    {"schedule": small_schedule(date(2026, 3, 2))},  # maintenance from 30 March: 92 days, another row
    {"schedule": small_schedule(None)},  # the teaching view: Day numbers, no date columns
    {"args": [*ARGS, ("lang", "es")]},  # the address but its start: every option and language as given
    {"notes": {**NOTES, "delay": "Induction was delayed by 7 days."}},  # a note shows
    {"lines": ["Boys: treatment ends 3 years after the start of interim maintenance I."]},
    {"cited": CITED[:1]},
    {"qr": False},  # an address too long for a QR code
])
def test_key_holds_what_the_document_shows_but_its_dates(change):
    schedule = change.pop("schedule", small_schedule())
    assert _key(small_schedule()) != _key(schedule, **change)


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
