"""The schedule table's dates (issue 13): each hole's text by its name, for every row, start date and language."""

from datetime import date, timedelta

import pytest

from webapp import i18n, shifts
from webapp.formatting import after_when, end_window_text, long_date, start_window_text
from webapp.phase_table import _table_key, table_dates, table_key
from webapp.schedule import build
from webapp.views.common import catalogue


def _by_name(schedule) -> dict[str, str]:
    """Return the dates as the table's template names them, one name at a time."""
    dates = {"start": long_date(schedule.start)}
    for n, p in enumerate(schedule.phases):
        dates[f"ps{n}"], dates[f"pe{n}"] = long_date(p.start), long_date(p.end)
        dates[f"pw{n}"], dates[f"pv{n}"] = start_window_text(p, False), end_window_text(p, False)
    for n, m in enumerate(schedule.milestones):
        dates[f"md{n}"] = long_date(m.date)
    for n, m in enumerate(schedule.after_dated):
        dates[f"ad{n}"] = after_when(m, schedule)
    return dates


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dates_are_each_holes_text_for_every_protocol_and_start(app, lang):
    with app.test_request_context("/"), i18n.active(lang):
        for n, protocol in enumerate(catalogue().protocols.values()):
            for day in (date(2024, 1, 31) + timedelta(days=97 * k + n) for k in range(6)):
                schedule = build(protocol, day)
                assert table_dates(schedule) == _by_name(schedule), (protocol.id, day)


def test_hyper_cvads_windows_are_dated_holes(app):
    with app.test_request_context("/"):
        schedule = build(catalogue().protocols["hyper-cvad"], date(2026, 1, 5))
        dates = table_dates(schedule)
    assert dates["start"] == "Mon, 5 Jan 2026"
    assert sum(1 for name, text in dates.items() if name.startswith(("pw", "pv")) and text) > 4


def test_the_teaching_view_has_no_dates(app):
    with app.test_request_context("/"):
        assert table_dates(build(catalogue().protocols["cog-sr"], None)) == {}


def test_a_moved_schedules_key_is_the_key_of_its_own_rows(app, fresh_shifts):
    # Schedules moved from a kept one (webapp/shifts.py) take its key: it must be the one their own rows make.
    with app.test_request_context("/"):
        for n, protocol in enumerate(catalogue().protocols.values()):
            for day in (date(2022, 1, 1) + timedelta(days=53 * k + n) for k in range(40)):
                schedule = build(protocol, day)
                assert shifts.origin(schedule) is not None
                assert table_key(schedule) == _table_key(schedule), (protocol.id, day)
