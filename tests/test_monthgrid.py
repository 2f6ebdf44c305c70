"""The wall calendar's grid: one month per page from the first day of treatment to the last, weeks from a given day."""

from datetime import date

import pytest

from webapp.monthgrid import first_days, months
from webapp.schedule import Options, build

D = date.fromisoformat


@pytest.fixture(scope="module")
def cog_sr_months(cog_sr):
    return months(build(cog_sr, D("2026-01-05")))


def test_months_run_from_the_first_day_to_the_planned_end(cog_sr_months):
    # cog-sr from 2026-01-05 ends on 2028-03-02 (tests/test_schedule.py): January 2026 to March 2028.
    assert len(cog_sr_months) == 27
    assert cog_sr_months[0].first == D("2026-01-01")
    assert cog_sr_months[-1].first == D("2028-03-01")


def test_first_days_cross_the_year_end():
    assert first_days(D("2026-11-30"), D("2027-02-01")) == [D("2026-11-01"), D("2026-12-01"), D("2027-01-01"),
                                                            D("2027-02-01")]
    assert first_days(D("2026-05-05"), D("2026-05-31")) == [D("2026-05-01")]


def test_weeks_begin_on_monday_and_blank_the_other_months_days(cog_sr_months):
    january = cog_sr_months[0]
    # 1 January 2026 is a Thursday: the first row starts on Monday 29 December 2025.
    assert [c.day for c in january.weeks[0]] == [D("2025-12-29"), D("2025-12-30"), D("2025-12-31"), D("2026-01-01"),
                                                 D("2026-01-02"), D("2026-01-03"), D("2026-01-04")]
    assert [c.in_month for c in january.weeks[0]] == [False, False, False, True, True, True, True]
    assert len(january.weeks) == 5
    assert all(len(week) == 7 and week[0].day.weekday() == 0 for week in january.weeks)


def test_day_numbers_count_from_the_first_day_of_treatment(cog_sr_months):
    cells = {c.day: c for month in cog_sr_months for week in month.weeks for c in week if c.in_month}
    assert cells[D("2026-01-04")].number is None  # the day before treatment starts
    assert cells[D("2026-01-05")].number == 1
    assert cells[D("2026-02-02")].number == 29  # the last day of induction
    assert cells[D("2028-03-02")].number == 788  # the planned last day
    assert cells[D("2028-03-03")].number is None


def test_each_day_holds_its_phase_and_milestones(cog_sr_months):
    cells = {c.day: c for month in cog_sr_months for week in month.weeks for c in week if c.in_month}
    assert [p.id for p in cells[D("2026-02-02")].phases] == ["induction"]
    assert [p.id for p in cells[D("2026-02-03")].phases] == ["consolidation"]
    assert [m.spec.id for m in cells[D("2026-01-12")].milestones] == ["day8-lp", "day8-mrd"]  # Day 8
    assert "end" in [m.spec.kind for m in cells[D("2028-03-02")].milestones]
    assert cells[D("2026-01-03")].phases == ()


def test_a_month_lists_the_phases_running_in_it(cog_sr_months):
    february = cog_sr_months[1]
    assert [p.id for p in february.phases] == ["induction", "consolidation"]
    assert [p.id for p in cog_sr_months[-1].phases] == ["maintenance"]
    assert all(D("2026-02-01") <= m.date <= D("2026-02-28") for m in february.milestones)


def test_if_paths_appear_only_when_the_query_chose_them(cog_sr):
    plain = months(build(cog_sr, D("2026-01-05")))
    with_path = months(build(cog_sr, D("2026-01-05"), Options(branches=("blinatumomab",))))
    tracks = {p.track for m in plain for p in m.phases}
    assert tracks == {"main"}
    assert "blinatumomab" in {p.track for m in with_path for p in m.phases}


def test_the_teaching_view_has_no_calendar(cog_sr):
    with pytest.raises(ValueError, match="start date"):
        months(build(cog_sr, None))


def test_weeks_can_begin_on_sunday(cog_sr):
    january = months(build(cog_sr, D("2026-01-05")), first_weekday=6)[0]
    # Sunday-first (pt_BR): the first row runs from Sunday 28 December 2025 to Saturday 3 January 2026.
    assert [c.day for c in january.weeks[0]] == [D("2025-12-28"), D("2025-12-29"), D("2025-12-30"), D("2025-12-31"),
                                                 D("2026-01-01"), D("2026-01-02"), D("2026-01-03")]
    assert [c.day for c in january.weeks[1]][:2] == [D("2026-01-04"), D("2026-01-05")]
    assert len(january.weeks) == 5
    assert all(week[0].day.weekday() == 6 for week in january.weeks)
