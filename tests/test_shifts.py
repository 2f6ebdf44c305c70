"""Kept schedules moved to a new start date are exactly the schedules placed from it (webapp/shifts.py)."""

import calendar
from dataclasses import fields, replace
from datetime import date, timedelta

import pytest

from webapp import schedule, shifts
from webapp.journey import AfterMark, Milestone, Phase
from webapp.schedule import Options, advance, build

# Every week over three years, and every day around a leap day and the month ends it moves.
STARTS = sorted({date(2023, 1, 1) + timedelta(days=7 * n) for n in range(157)}
                | {date(2024, 1, 25) + timedelta(days=n) for n in range(40)}
                | {date(2025, 1, 27) + timedelta(days=n) for n in range(36)})


def placed(protocol, start, options=schedule.NO_OPTIONS):
    """Return the schedule placed step by step, nothing kept."""
    return schedule._build(protocol, start, options, advance)


def combinations(catalogue):
    for protocol in catalogue.protocols.values():
        yield protocol, Options(as_of=date(2026, 12, 3))
        for branch in protocol.branches[:1]:
            yield protocol, Options(branches=(branch.id,))
    hcvad = catalogue.protocols["hyper-cvad"]
    yield hcvad, Options(delays=((hcvad.phases[1].id, 9),))
    for option in catalogue.protocols["cog-sr"].options:
        yield catalogue.protocols["cog-sr"], Options(choices=((option.id, option.values[-1].value),))


def test_every_kept_schedule_moved_is_the_one_placed_from_its_start(catalogue):
    compared = 0
    for protocol, options in combinations(catalogue):
        for start in STARTS:
            try:
                expected = placed(protocol, start, options)
            except schedule.ScheduleError:
                continue
            assert build(protocol, start, options) == expected, (protocol.id, options, start)
            compared += 1
    assert compared > 5_000


def test_a_two_year_clock_across_a_leap_day_is_not_a_fixed_shift(catalogue):
    cog_sr = catalogue.protocols["cog-sr"]
    from_2026 = build(cog_sr, date(2026, 1, 5))
    from_2024 = build(cog_sr, date(2024, 2, 1))  # the 2-year clock from IM1 spans 29 Feb 2024 only in this one
    assert (from_2026.phase("maintenance").days, from_2024.phase("maintenance").days) == (563, 562)
    assert from_2024.phase("maintenance").end == date(2026, 3, 28)
    assert from_2024 == placed(cog_sr, date(2024, 2, 1))


def test_the_options_given_are_the_schedules_own(catalogue):
    cog_sr = catalogue.protocols["cog-sr"]
    build(cog_sr, date(2025, 3, 3), Options(as_of=date(2025, 1, 1)))
    later = Options(as_of=date(2026, 6, 1))
    moved = build(cog_sr, date(2025, 3, 10), later)
    assert moved.options is later
    assert moved.start == date(2025, 3, 10)


def test_recorded_dates_are_placed_not_kept(catalogue):
    cog_sr = catalogue.protocols["cog-sr"]
    options = Options(started=(("consolidation", date(2026, 2, 9)),), as_of=date(2026, 3, 1))
    found = build(cog_sr, date(2026, 1, 5), options)
    assert found.phase("consolidation").start == date(2026, 2, 9)
    assert shifts.origin(found) is None


def test_a_moved_schedule_knows_its_origin_and_a_changed_copy_does_not(catalogue):
    cog_hr = catalogue.protocols["cog-hr"]
    kept = build(cog_hr, date(2025, 5, 6))
    moved = build(cog_hr, date(2025, 5, 13))
    origin = shifts.origin(moved)
    assert origin is not None and origin[1] == (moved.start - origin[0].start).days
    assert shifts.origin(replace(moved, guideline="x")) is None
    assert kept.start == date(2025, 5, 6)


def test_a_full_tree_still_answers_exactly(catalogue, monkeypatch):
    monkeypatch.setattr(shifts, "MAX_LEAVES", 2)
    monkeypatch.setattr(shifts, "_kept", type(shifts._kept)())
    protocol = catalogue.protocols["graall-2005"]
    for start in STARTS[:60]:
        assert build(protocol, start) == placed(protocol, start)
    (only,) = shifts._kept.values()
    assert only.leaves == 2


def test_the_kept_combinations_are_bounded(catalogue, monkeypatch, fresh_shifts):
    monkeypatch.setattr(shifts, "MAX_KEPT", 3)  # the total too starts empty: a full one would push out all but one
    for protocol in list(catalogue.protocols.values())[:6]:
        build(protocol, date(2025, 1, 1))
    assert len(shifts._kept) == 3


def test_the_kept_schedules_in_all_are_bounded(catalogue, monkeypatch):
    monkeypatch.setattr(shifts, "MAX_TOTAL", 5)
    monkeypatch.setattr(shifts, "_kept", type(shifts._kept)())
    monkeypatch.setattr(shifts, "_total", [0])
    protocol = catalogue.protocols["graall-2005"]
    for start in STARTS[:60]:
        assert build(protocol, start) == placed(protocol, start)
    assert shifts._total[0] == sum(k.leaves for k in shifts._kept.values()) <= 5


def test_steps_note_each_month_step_from_day_1():
    steps = shifts.Steps(date(2024, 1, 31))
    assert steps.advance(date(2024, 1, 31), 1, "months") == date(2024, 2, 29)
    assert steps.advance(date(2024, 2, 7), 2, "years") == date(2026, 2, 7)
    assert steps.advance(date(2024, 2, 7), 3, "weeks") == date(2024, 2, 28)
    assert steps.taken == [(0, 1, 29), (7, 24, 731)]
    with pytest.raises(ValueError):
        steps.advance(date(2024, 2, 7), 3, "fortnights")


def test_every_date_field_of_a_record_is_moved():
    for record, moved in ((Phase, shifts.PHASE_DATES), (Milestone, shifts.MILESTONE_DATES),
                          (AfterMark, shifts.AFTER_DATES)):
        assert {f.name for f in fields(record) if "date" in str(f.type)} == set(moved), record


def test_add_months_counts_each_months_days_as_the_calendar_does():
    for year in (1900, 2000, 2023, 2024):
        for month in range(1, 13):
            for months in (1, 6, 12, 24):
                day = date(year, month, calendar.monthrange(year, month)[1])
                found = shifts.add_months(day, months)
                index = month - 1 + months
                last = calendar.monthrange(year + index // 12, index % 12 + 1)[1]
                assert found == date(year + index // 12, index % 12 + 1, min(day.day, last))
    assert shifts.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert shifts.add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert shifts.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_a_tree_pushed_out_before_it_keeps_its_schedule_leaves_the_total_alone(catalogue, monkeypatch):
    """Another thread's requests may push a tree out between kept_for() and add(): the total stays its leaves' sum."""
    monkeypatch.setattr(shifts, "MAX_KEPT", 1)
    monkeypatch.setattr(shifts, "_kept", type(shifts._kept)())
    monkeypatch.setattr(shifts, "_total", [0])
    first, other = catalogue.protocols["cog-sr"], catalogue.protocols["cog-hr"]
    held = shifts.kept_for(first, False, schedule.NO_OPTIONS)
    build(other, date(2025, 1, 1))  # pushes `held` out
    steps = shifts.Steps(date(2025, 1, 1))
    schedule._build(first, date(2025, 1, 1), schedule.NO_OPTIONS, steps.advance)
    assert held.add(steps.taken, placed(first, date(2025, 1, 1))) is False
    assert shifts._total[0] == sum(k.leaves for k in shifts._kept.values()) == 1


def test_an_uploaded_protocol_is_placed_not_kept(catalogue, monkeypatch):
    """An upload is a new protocol object on every request: kept, it would push the catalogue's trees out."""
    monkeypatch.setattr(shifts, "_kept", type(shifts._kept)())
    uploaded = replace(catalogue.protocols["cog-sr"], id=schedule.CUSTOM_ID)
    for start in STARTS[:3]:
        assert build(uploaded, start) == placed(uploaded, start)
    assert len(shifts._kept) == 0
    build(catalogue.protocols["cog-sr"], STARTS[0])
    assert len(shifts._kept) == 1


def test_a_moved_schedule_moves_its_records_when_first_read_and_equals_the_one_placed(catalogue):
    cog_hr = catalogue.protocols["cog-hr"]
    build(cog_hr, date(2025, 5, 6))
    for start in STARTS[:40]:
        moved = build(cog_hr, start)
        if not isinstance(moved, shifts.Moved):
            continue
        assert not {"phases", "milestones", "replaced", "after"} & set(vars(moved))  # nothing moved yet
        expected = placed(cog_hr, start)
        assert moved.phases == expected.phases and vars(moved)["phases"] is moved.phases
        assert moved == expected and expected == moved and hash(moved) == hash(expected)
        assert moved != replace(expected, guideline="x")
    assert shifts.Moved.phases.name == "phases"


def test_what_is_made_of_a_kept_schedule_is_made_once_for_the_schedules_moved_from_it(catalogue):
    cog_hr, cog_sr = catalogue.protocols["cog-hr"], catalogue.protocols["cog-sr"]
    made = []
    memo = shifts.PerKept(1)

    def days(schedule):
        made.append(schedule.start)
        return schedule.total_days

    moved = [build(cog_hr, date(2025, 5, 6) + timedelta(weeks=n)) for n in range(4)]
    assert [memo.get(s, days) for s in moved] == [s.total_days for s in moved]
    assert len(made) == 1 and made[0] == shifts.origin(moved[0])[0].start  # made of the kept one, once
    options = Options(started=(("consolidation", date(2026, 2, 9)),), as_of=date(2026, 3, 1))
    recorded = build(cog_sr, date(2026, 1, 5), options)  # not moved from a kept one: its own, each time
    assert [memo.get(recorded, days) for _ in range(2)] == [recorded.total_days] * 2 and made[1:] == [recorded.start] * 2
    memo.get(build(cog_sr, date(2025, 5, 6)), days)  # another kept schedule pushes the first out (bound 1)
    assert len(memo.items) == 1 and memo.get(moved[1], days) == moved[1].total_days and len(made) == 5
