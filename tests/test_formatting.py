"""Plain-word formatting of dates, lengths and where-are-we sentences."""

from datetime import date, timedelta

import pytest
from babel.dates import format_skeleton

from webapp import formatting, i18n
from webapp.formatting import (
    LONG_DATE,
    SHORT_DATE,
    chart_summary,
    length_text,
    long_date,
    position_text,
    short_date,
    span_text,
)
from webapp.schedule import build

D = date.fromisoformat


@pytest.mark.parametrize(("days", "expected"), [
    (1, "1 day"), (6, "6 days"), (7, "7 days (1 week)"), (29, "29 days (4 weeks 1 day)"),
    (56, "56 days (8 weeks)"), (563, "563 days (80 weeks 3 days)"),
])
def test_length_text(days, expected):
    assert length_text(days) == expected


@pytest.mark.parametrize(("days", "expected"), [(28, "about 4 weeks"), (147, "about 5 months"), (788, "about 26 months")])
def test_span_text(days, expected):
    assert span_text(days) == expected


def test_long_date():
    assert long_date(D("2026-01-05")) == "Mon, 5 Jan 2026"


@pytest.mark.parametrize(("today", "expected"), [
    ("2026-01-01", "On Thu, 1 Jan 2026, treatment has not started yet: it starts in 4 days, on Mon, 5 Jan 2026, "
                   "with Induction."),
    ("2026-01-12", "On Mon, 12 Jan 2026 (Day 8), you are in week 2 of 5 of Induction. "
                   "Next: Consolidation, from Tue, 3 Feb 2026."),
    ("2027-06-01", "On Tue, 1 Jun 2027 (Day 513), you are in week 42 of 81 of Maintenance. "
                   "This is the last phase; it is planned to end on Thu, 2 Mar 2028."),
    ("2028-03-03", "On Fri, 3 Mar 2028, the planned schedule has ended: its last day was Thu, 2 Mar 2028."),
])
def test_position_text(cog_sr, today, expected):
    schedule = build(cog_sr, D("2026-01-05"))
    assert position_text(schedule, schedule.position(D(today))) == expected


@pytest.mark.parametrize(("today", "expected"), [
    (None, "Treatment from 5 Jan 2026 to 2 Mar 2028, in 6 phases."),
    ("2026-01-04", "Treatment from 5 Jan 2026 to 2 Mar 2028, in 6 phases; it starts in 1 day."),
    ("2026-01-01", "Treatment from 5 Jan 2026 to 2 Mar 2028, in 6 phases; it starts in 4 days."),
    ("2026-01-05", "Treatment from 5 Jan 2026 to 2 Mar 2028, in 6 phases; you are in week 1 of Induction."),
    ("2026-11-24", "Treatment from 5 Jan 2026 to 2 Mar 2028, in 6 phases; you are in week 15 of Maintenance."),
    ("2028-03-02", "Treatment from 5 Jan 2026 to 2 Mar 2028, in 6 phases; you are in week 81 of Maintenance."),
    ("2028-03-03", "Treatment from 5 Jan 2026 to 2 Mar 2028, in 6 phases; the planned schedule has ended."),
])
def test_chart_summary_dated(cog_sr, today, expected):
    schedule = build(cog_sr, D("2026-01-05"))
    position = schedule.position(D(today)) if today else None
    assert chart_summary(schedule, position) == expected


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_chart_summary_kept_per_kind_of_day_is_the_sentence_made_afresh(cog_sr, language):
    # The sentence is kept per language and kind of day shown with its dates as stand-ins: each start's own dates.
    with i18n.active(language):
        for start in (D("2026-01-05"), D("2026-01-12"), D("2025-06-30")):
            schedule = build(cog_sr, start)
            for days in range(-10, schedule.total_days + 10, 23):
                position = schedule.position(start + timedelta(days=days))
                kept = chart_summary(schedule, position)
                formatting._summary.cache_clear()
                assert kept == chart_summary(schedule, position)
                assert short_date(start) in kept and short_date(schedule.end) in kept and "\x00" not in kept


def test_a_kept_chart_summary_says_each_starts_own_dates(cog_sr):
    # Made for one start and then taken from the memo for others on the same kind of day: each its own dates.
    formatting._summary.cache_clear()
    for start in (D("2026-01-05"), D("2026-01-12"), D("2025-06-30"), D("2026-01-05")):
        schedule = build(cog_sr, start)
        position = schedule.position(start + timedelta(days=8))  # Day 9: week 2 of the first phase
        assert chart_summary(schedule, position) == (
            f"Treatment from {short_date(start)} to {short_date(schedule.end)}, in {len(schedule.path)} phases; "
            f"you are in week 2 of {schedule.phases[0].name}.")
    assert formatting._summary.cache_info().hits == 3


def test_chart_summary_relative(general):
    assert chart_summary(build(general, None)) == (
        "Treatment over 905 days, from Day 1 to Day 905, in 3 phases; the chart counts Day numbers, not dates."
    )


def test_short_date():
    assert short_date(D("2026-03-02")) == "2 Mar 2026"


@pytest.mark.parametrize("language", ["en", "es"])
def test_remembered_dates_are_babels_own_text_in_each_language(language):
    i18n.activate(language)
    try:
        for day in (date(2026, 1, 5), date(2027, 12, 31), date(2026, 1, 5)):
            assert long_date(day) == format_skeleton(LONG_DATE, day, locale=i18n.REGISTRY[language].locale)
            assert short_date(day) == format_skeleton(SHORT_DATE, day, locale=i18n.REGISTRY[language].locale)
    finally:
        i18n.activate(i18n.DEFAULT)
