"""The pure schedule engine: exact dates, inclusive ends, the maintenance clock, milestones."""

from dataclasses import replace
from datetime import date

import pytest

from webapp.schedule import Options, ScheduleError, add_months, advance, build

D = date.fromisoformat

COG_SR_FROM_2026_01_05 = [
    ("induction", "2026-01-05", "2026-02-02", 29),
    ("consolidation", "2026-02-03", "2026-03-02", 28),
    ("im1", "2026-03-03", "2026-04-27", 56),
    ("di", "2026-04-28", "2026-06-22", 56),
    ("im2", "2026-06-23", "2026-08-17", 56),
    # 2 years from the first day of IM1 (2026-03-03), inclusive end the day before.
    ("maintenance", "2026-08-18", "2028-03-02", 563),
]
# A leap year: induction includes 29 Feb 2024.
COG_SR_FROM_2024_02_01 = [
    ("induction", "2024-02-01", "2024-02-29", 29),
    ("consolidation", "2024-03-01", "2024-03-28", 28),
    ("im1", "2024-03-29", "2024-05-23", 56),
    ("di", "2024-05-24", "2024-07-18", 56),
    ("im2", "2024-07-19", "2024-09-12", 56),
    ("maintenance", "2024-09-13", "2026-03-28", 562),
]
# A month end: 31 Jan, 4-week induction.
GENERAL_FROM_2026_01_31 = [
    ("induction", "2026-01-31", "2026-02-27", 28),
    ("consolidation", "2026-02-28", "2026-07-24", 147),
    ("maintenance", "2026-07-25", "2028-07-24", 731),
]


@pytest.mark.parametrize(
    ("protocol_id", "start", "expected"),
    [
        ("cog-sr", "2026-01-05", COG_SR_FROM_2026_01_05),
        ("cog-sr", "2024-02-01", COG_SR_FROM_2024_02_01),
        ("general", "2026-01-31", GENERAL_FROM_2026_01_31),
    ],
)
def test_phases_have_exact_dates(catalogue, protocol_id, start, expected):
    schedule = build(catalogue.protocols[protocol_id], D(start))
    got = [(p.id, p.start.isoformat(), p.end.isoformat(), p.days) for p in schedule.phases]
    assert got == [(pid, s, e, n) for pid, s, e, n in expected]


def test_each_phase_starts_the_day_after_the_previous_ends(cog_sr):
    schedule = build(cog_sr, D("2026-01-05"))
    for before, after in zip(schedule.main, schedule.main[1:], strict=False):
        assert (after.start - before.end).days == 1


def test_day_numbers_count_from_day_1(cog_sr):
    schedule = build(cog_sr, D("2026-01-05"))
    assert [(p.start_day, p.end_day) for p in schedule.phases] == [
        (1, 29), (30, 57), (58, 113), (114, 169), (170, 225), (226, 788)
    ]
    assert schedule.end == D("2028-03-02")
    assert schedule.total_days == 788


@pytest.mark.parametrize(
    ("weeks", "induction_end", "maintenance_end"),
    [(None, "2026-02-01", "2028-06-28"), (4, "2026-02-01", "2028-06-28"),
     (5, "2026-02-08", "2028-07-05"), (6, "2026-02-15", "2028-07-12")],
)
def test_induction_weeks_option_sets_induction_length(general, weeks, induction_end, maintenance_end):
    schedule = build(general, D("2026-01-05"), Options(choices=(("induction_weeks", str(weeks)),) if weeks else ()))
    assert schedule.phase("induction").end == D(induction_end)
    assert schedule.phase("induction").days == 7 * (weeks or 4)
    assert schedule.end == D(maintenance_end)


def test_maintenance_clock_counts_from_the_start_of_its_anchor_phase(cog_sr):
    # Lengthen induction: IM1 moves later, and the clock end moves with IM1's start, not with maintenance's.
    longer = replace(cog_sr, phases=(replace(cog_sr.phases[0], length=36),) + cog_sr.phases[1:])
    base, late = build(cog_sr, D("2026-01-05")), build(longer, D("2026-01-05"))
    assert late.phase("im1").start == D("2026-03-10")
    assert late.end == D("2028-03-09")
    assert base.end == D("2028-03-02")
    # Maintenance is what is left of the 2 years, so the extra 7 days of induction do not lengthen it.
    assert late.phase("maintenance").days == base.phase("maintenance").days


@pytest.mark.parametrize(
    ("protocol_id", "weeks", "message"),
    [("cog-sr", 5, "does not let you choose induction_weeks; leave it out."),
     ("general", 7, "“7” is not a value General outline (adult-style) allows for induction_weeks. Allowed: 4, 5, 6."),
     ("general", 3, "“3” is not a value General outline (adult-style) allows for induction_weeks. Allowed: 4, 5, 6.")],
)
def test_options_a_protocol_does_not_allow_are_refused(catalogue, protocol_id, weeks, message):
    with pytest.raises(ScheduleError) as caught:
        build(catalogue.protocols[protocol_id], D("2026-01-05"), Options(choices=(("induction_weeks", str(weeks)),)))
    assert caught.value.field == "induction_weeks"
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("milestone", "on", "day"),
    [("dx-lp", "2026-01-05", 1), ("day8-mrd", "2026-01-12", 8), ("day29-marrow", "2026-02-02", 29),
     ("cons-lp1", "2026-02-10", 37), ("di-lp2", "2026-05-26", 142), ("maint-lp-1", "2026-08-18", 226),
     ("maint-lp-7", "2028-01-04", 730), ("end", "2028-03-02", 788)],
)
def test_milestones_fall_on_their_day(cog_sr, milestone, on, day):
    schedule = build(cog_sr, D("2026-01-05"))
    found = {m.id: m for m in schedule.milestones}
    assert (found[milestone].date, found[milestone].day) == (D(on), day)


def test_repeating_milestone_stops_inside_its_phase(cog_sr):
    schedule = build(cog_sr, D("2026-01-05"))
    lps = [m for m in schedule.milestones if m.spec.id == "maint-lp"]
    assert len(lps) == 7
    assert all((b.date - a.date).days == 84 for a, b in zip(lps, lps[1:], strict=False))
    assert lps[-1].date <= schedule.phase("maintenance").end


def test_last_day_milestone_follows_the_chosen_induction(general):
    schedule = build(general, D("2026-01-05"), Options(choices=(("induction_weeks", "6"),)))
    check = next(m for m in schedule.milestones if m.id == "remission-check")
    assert (check.date, check.day) == (D("2026-02-15"), 42)


@pytest.mark.parametrize(
    ("today", "when", "phase", "week", "percent"),
    [("2026-01-01", "before", None, 0, 0), ("2026-01-05", "during", "induction", 1, 0),
     ("2026-01-12", "during", "induction", 2, 1), ("2026-02-03", "during", "consolidation", 1, 3),
     ("2027-03-01", "during", "maintenance", 28, 53), ("2028-03-02", "during", "maintenance", 81, 100),
     ("2028-03-03", "after", None, 0, 100)],
)
def test_position_says_where_today_falls(cog_sr, today, when, phase, week, percent):
    position = build(cog_sr, D("2026-01-05")).position(D(today))
    assert position.when == when
    assert (position.phase.id if position.phase else None) == phase
    assert position.week == week
    assert position.percent_done == percent


def test_relative_view_counts_days_without_a_date(cog_sr):
    schedule = build(cog_sr, None)
    assert schedule.relative
    assert [(p.start_day, p.end_day) for p in schedule.phases][:5] == [
        (1, 29), (30, 57), (58, 113), (114, 169), (170, 225)
    ]
    # Year-long rules read as 365-day years in the relative view: 2 years from Day 58 end on Day 787.
    assert schedule.phase("maintenance").end_day == 787


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [("2026-01-31", 1, "2026-02-28"), ("2028-01-31", 1, "2028-02-29"), ("2024-02-29", 12, "2025-02-28"),
     ("2026-03-03", 24, "2028-03-03"), ("2026-11-30", 3, "2027-02-28"), ("2026-12-15", 1, "2027-01-15")],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(D(day), months) == D(expected)


@pytest.mark.parametrize(
    ("length", "unit", "expected"),
    [(29, "days", "2026-02-03"), (4, "weeks", "2026-02-02"), (2, "months", "2026-03-05"), (2, "years", "2028-01-05")],
)
def test_advance_by_each_unit(length, unit, expected):
    assert advance(D("2026-01-05"), length, unit) == D(expected)


# Ranges add up (issue 11): 8 hyper-CVAD courses of 21 to 28 days (S105, S106) leave maintenance a window
# from Day 1 + 8 x 21 days to Day 1 + 8 x 28 days, and its 2 years end within the same window, 2 years on.
HYPER_CVAD_WINDOWS_FROM_2026_01_05 = [
    # (phase, drawn first day, earliest first day, latest first day, earliest last day, latest last day)
    ("course-2", "2026-01-26", "2026-01-26", "2026-02-02", "2026-02-15", "2026-03-01"),
    ("course-8", "2026-06-01", "2026-06-01", "2026-07-20", "2026-06-21", "2026-08-16"),
    ("maintenance", "2026-06-22", "2026-06-22", "2026-08-17", "2028-06-21", "2028-08-16"),
]


@pytest.mark.parametrize(("phase_id", "drawn", "earliest", "latest", "earliest_end", "latest_end"),
                         HYPER_CVAD_WINDOWS_FROM_2026_01_05)
def test_course_ranges_accumulate_into_windows(catalogue, phase_id, drawn, earliest, latest, earliest_end,
                                               latest_end):
    phase = build(catalogue.protocols["hyper-cvad"], D("2026-01-05")).phase(phase_id)
    assert (phase.start, phase.start_window, phase.end_window) == (
        D(drawn), (D(earliest), D(latest)), (D(earliest_end), D(latest_end)))
    assert phase.may_start_between


def test_first_phase_keeps_its_own_range_and_no_start_window(catalogue):
    course = build(catalogue.protocols["hyper-cvad"], D("2026-01-05")).phase("course-1")
    assert (course.may_start_between, course.earliest_end, course.end_window) == (
        False, None, (D("2026-01-25"), D("2026-02-01")))  # 21 to 28 days (S105)


def test_a_clock_counts_its_window_from_the_window_of_its_anchor(catalogue):
    # cog-sr induction is 29 to 35 days (consolidation on Day 30 or Day 36): IM1 may begin up to 6 days later,
    # and the 2 years counted from it end up to 6 days later too.
    schedule = build(catalogue.protocols["cog-sr"], D("2026-01-05"))
    assert schedule.phase("im1").start_window == (D("2026-03-03"), D("2026-03-09"))
    assert schedule.phase("maintenance").end_window == (D("2028-03-02"), D("2028-03-08"))


def test_a_protocol_with_fixed_lengths_has_no_windows(catalogue):
    schedule = build(catalogue.protocols["aieop-bfm-2017"], D("2026-01-05"))
    assert [(p.earliest_start, p.latest_start, p.earliest_end, p.latest_end) for p in schedule.phases] == [
        (None, None, None, None)] * len(schedule.phases)


def test_a_recorded_date_closes_the_window(catalogue):
    options = Options(started=(("maintenance", D("2026-07-13")),), as_of=D("2026-08-01"))
    schedule = build(catalogue.protocols["hyper-cvad"], D("2026-01-05"), options)
    maintenance = schedule.phase("maintenance")
    assert (maintenance.start, maintenance.end, maintenance.may_start_between, maintenance.end_window) == (
        D("2026-07-13"), D("2028-07-12"), False, (D("2028-07-12"), D("2028-07-12")))
    assert schedule.phase("course-8").end_window == (D("2026-07-12"), D("2026-07-12"))  # it ended the day before


def test_a_delay_moves_both_ends_of_the_window(catalogue):
    options = Options(delays=(("course-8", 10),))
    course = build(catalogue.protocols["hyper-cvad"], D("2026-01-05"), options).phase("course-8")
    assert (course.end, course.end_window) == (D("2026-07-01"), (D("2026-07-01"), D("2026-08-26")))


def test_the_first_plan_of_every_path_is_where_each_phase_is_drawn(catalogue):
    # build() places a plan without recorded dates or delays as its own first plan (issue 13: no second pass),
    # the row a replacing path cuts short included; the main-road rows it replaces carry no plan.
    cut = 0
    for protocol in catalogue.protocols.values():
        for branch in (None, *protocol.branches):
            options = Options(branches=(branch.id,) if branch else ())
            try:
                schedule = build(protocol, D("2026-01-31"), options)
            except ScheduleError:
                continue  # a path the protocol's defaults rule out
            assert [(p.planned_start, p.planned_end) for p in schedule.phases] == [
                (p.start, p.end) for p in schedule.phases]
            assert [(p.planned_start, p.planned_end) for p in schedule.replaced] == [(None, None)] * len(
                schedule.replaced)
            if schedule.replaced_by:  # a row running on the day the path leaves the road ends early (the TKI)
                road = {p.id: p.end for p in build(protocol, D("2026-01-31")).phases}
                cut += any(p.track != schedule.replaced_by and p.end < road[p.id] for p in schedule.phases)
    assert cut > 0


def test_a_delayed_plan_keeps_the_first_plan_beside_the_journey(catalogue):
    schedule = build(catalogue.protocols["cog-hr"], D("2026-01-05"),
                     Options(branches=("car-t",), delays=(("induction", 5),)))
    assert [(p.id, p.start, p.end, p.planned_start, p.planned_end) for p in schedule.phases[:2]] == [
        ("induction", D("2026-01-05"), D("2026-02-13"), D("2026-01-05"), D("2026-02-08")),
        ("cart-apheresis", D("2026-02-14"), D("2026-02-14"), D("2026-02-09"), D("2026-02-09")),
    ]
