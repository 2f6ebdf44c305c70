"""Issue 3 in the engine: every protocol to the day, branches, inserted steps, delays and ranges."""

from datetime import date, timedelta

import pytest

from webapp.schedule import Options, ScheduleError, build

D = date.fromisoformat
START = D("2026-01-05")

# Each protocol from a fixed start, checked against its source schedule (see data/phases.csv notes).
PROTOCOLS = {
    "cog-hr": [  # AALL1732 with AALL0232's days [S101][S103]: consolidation on Day 36, 8 weeks each after it, IM2 before
        ("induction", "2026-01-05", "2026-02-08"), ("consolidation", "2026-02-09", "2026-04-05"),
        ("im1", "2026-04-06", "2026-05-31"), ("di", "2026-06-01", "2026-07-26"), ("im2", "2026-07-27", "2026-09-20"),
        ("maintenance", "2026-09-21", "2028-04-05"),  # 2 years from 2026-04-06, the first day of IM1
    ],
    "calgb-10403": [  # the AALL0232 schedule it copied [S23][S101]: rapid early responders, no IM2
        ("induction", "2026-01-05", "2026-02-08"), ("consolidation", "2026-02-09", "2026-04-05"),
        ("im1", "2026-04-06", "2026-05-31"), ("di", "2026-06-01", "2026-07-26"),
        ("maintenance", "2026-07-27", "2028-04-05"),
    ],
    "t-all": [  # AALL0434 without nelarabine [S102]: one interim maintenance
        ("induction", "2026-01-05", "2026-02-08"), ("consolidation", "2026-02-09", "2026-04-05"),
        ("im1", "2026-04-06", "2026-05-31"), ("di", "2026-06-01", "2026-07-26"),
        ("maintenance", "2026-07-27", "2028-04-05"),
    ],
    "hyper-cvad": [  # 8 courses of 21 days (up to 28), then 2 years of POMP [S20][S105]
        ("course-1", "2026-01-05", "2026-01-25"), ("course-2", "2026-01-26", "2026-02-15"),
        ("course-3", "2026-02-16", "2026-03-08"), ("course-4", "2026-03-09", "2026-03-29"),
        ("course-5", "2026-03-30", "2026-04-19"), ("course-6", "2026-04-20", "2026-05-10"),
        ("course-7", "2026-05-11", "2026-05-31"), ("course-8", "2026-06-01", "2026-06-21"),
        ("maintenance", "2026-06-22", "2028-06-21"),
    ],
}
PROTOCOLS["ph-positive-adult"] = PROTOCOLS["hyper-cvad"] + [("tki", "2026-01-05", "2028-06-21")]


@pytest.mark.parametrize("protocol_id", sorted(PROTOCOLS))
def test_each_protocol_reproduces_its_source_schedule(catalogue, protocol_id):
    schedule = build(catalogue.protocols[protocol_id], START)
    assert [(p.id, p.start.isoformat(), p.end.isoformat()) for p in schedule.phases] == PROTOCOLS[protocol_id]


def test_hsct_day_100_is_exactly_100_days_after_day_0(catalogue):
    schedule = build(catalogue.protocols["cog-hr"], START, Options(branches=("hsct",)))
    found = {m.id: m for m in schedule.milestones}
    day0, day100 = found["hsct-day0"].date, found["hsct-day100"].date
    assert day0 == D("2026-04-13")  # conditioning Day -7 to -1 starts the day after consolidation ends (Day 91)
    assert (day100 - day0).days == 100
    assert schedule.phase("hsct-conditioning").start == schedule.phase("consolidation").end + timedelta(days=1)
    engraftment = schedule.phase("hsct-engraftment")
    assert ((engraftment.start - day0).days, (engraftment.end - day0).days) == (10, 21)  # Day +10 to +21 [S35]


@pytest.mark.parametrize(("protocol_id", "first_day"), [("general", 3), ("cog-hr", 1)])
def test_hsct_donor_search_runs_from_day_minus_180_to_day_minus_30(catalogue, protocol_id, first_day):
    schedule = build(catalogue.protocols[protocol_id], START, Options(branches=("hsct",)))
    day0 = {m.id: m for m in schedule.milestones}["hsct-day0"].date
    search = schedule.phase("hsct-donor-search")
    assert (day0 - search.end).days == 30  # Day -30 [S38]
    # Day -180, unless that is before treatment starts: then the search is under way from Day 1.
    assert search.start == max(day0 - timedelta(days=180), START)
    assert search.start_day == first_day


def test_car_t_timeline_from_collection_to_month_3(catalogue):
    schedule = build(catalogue.protocols["cog-sr"], START, Options(branches=("car-t",)))
    found = {m.id: m for m in schedule.milestones}
    lymphodepletion = schedule.phase("cart-lymphodepletion")
    assert lymphodepletion.days == 4
    day0 = found["cart-day0"].date
    assert (day0 - lymphodepletion.end).days == 2  # infusion 2 to 14 days after lymphodepletion ends [S50]
    assert (found["cart-day28"].date - day0).days == 28
    assert found["cart-month3"].date == D("2026-06-08")  # the day before 3 calendar months after Day 0
    assert schedule.phase("cart-stay").days == 14 and schedule.phase("cart-no-driving").days == 14
    manufacturing = schedule.phase("cart-manufacturing")
    assert (manufacturing.days, manufacturing.min_end, manufacturing.max_end) == (28, D("2026-02-24"), D("2026-03-03"))


def test_blinatumomab_cycles_push_later_chemotherapy_and_the_clock(catalogue):
    plain = build(catalogue.protocols["cog-sr"], START)
    with_blina = build(catalogue.protocols["cog-sr"], START, Options(branches=("blinatumomab",)))
    on1, off1 = with_blina.phase("blina-1"), with_blina.phase("blina-1-rest")
    on2, off2 = with_blina.phase("blina-2"), with_blina.phase("blina-2-rest")
    # Each cycle is two bars: 28 days with the pump on, then 7 days off (AALL1331's 5-week block [S109]),
    # up to the label's 14 days off [S69].
    assert [(p.start.isoformat(), p.end.isoformat()) for p in (on1, off1, on2, off2)] == [
        ("2026-03-03", "2026-03-30"), ("2026-03-31", "2026-04-06"), ("2026-06-02", "2026-06-29"),
        ("2026-06-30", "2026-07-06"),
    ]
    assert (on1.days, off1.days, off1.max_end) == (28, 7, D("2026-04-13"))
    assert on1.start == with_blina.phase("consolidation").end + timedelta(days=1)
    assert with_blina.phase("im1").start == off1.end + timedelta(days=1)
    assert on2.start == with_blina.phase("im1").end + timedelta(days=1)
    assert with_blina.phase("di").start == off2.end + timedelta(days=1)
    # The maintenance clock runs from IM1's (later) start: the end moves by cycle 1's 35 days.
    assert (with_blina.end - plain.end).days == 35


def test_tki_runs_from_induction_to_the_end_of_maintenance(catalogue):
    schedule = build(catalogue.protocols["cog-hr"], START, Options(branches=("tki",)))
    tki = schedule.phase("tki")
    assert (tki.start, tki.end) == (START, schedule.phase("maintenance").end)


def test_ph_positive_protocol_always_draws_the_tki(catalogue):
    schedule = build(catalogue.protocols["ph-positive-adult"], START)
    assert [b.id for b in schedule.branches] == ["tki"]


def test_transplant_path_ends_when_immune_recovery_ends(catalogue):
    schedule = build(catalogue.protocols["cog-hr"], START, Options(branches=("hsct",)))
    assert schedule.path_end == schedule.end == D("2027-04-12")  # 12 months after Day 0 (2026-04-13), inclusive
    assert schedule.main_end == D("2026-04-05")  # the main road ends where the transplant path leaves it
    assert schedule.total_days == 463


# The rule of issue 10: a path that replaces the rest of the main road ends the main road where it starts.
HSCT_PATH = [
    ("induction", "main", "2026-01-05", "2026-02-08"), ("hsct-donor-search", "hsct", "2026-01-05", "2026-03-14"),
    ("consolidation", "main", "2026-02-09", "2026-04-05"), ("hsct-conditioning", "hsct", "2026-04-06", "2026-04-12"),
    ("hsct-first100", "hsct", "2026-04-13", "2026-07-22"),
    ("hsct-immunosuppression", "hsct", "2026-04-13", "2026-09-12"),
    ("hsct-immune", "hsct", "2026-04-13", "2027-04-12"), ("hsct-engraftment", "hsct", "2026-04-23", "2026-05-04"),
]
CART_PATH = [  # cog-sr: CAR-T attaches after induction [S58]
    ("induction", "main", "2026-01-05", "2026-02-02"), ("cart-apheresis", "car-t", "2026-02-03", "2026-02-03"),
    ("cart-manufacturing", "car-t", "2026-02-04", "2026-03-03"),
    ("cart-lymphodepletion", "car-t", "2026-03-04", "2026-03-07"), ("cart-stay", "car-t", "2026-03-09", "2026-03-22"),
    ("cart-no-driving", "car-t", "2026-03-09", "2026-03-22"), ("cart-followup", "car-t", "2026-03-09", "2026-06-08"),
]


@pytest.mark.parametrize(("protocol_id", "branch", "expected", "replaced", "cut"), [
    ("cog-hr", "hsct", HSCT_PATH, ["im1", "di", "im2", "maintenance"], "2026-04-06"),
    ("cog-sr", "car-t", CART_PATH, ["consolidation", "im1", "di", "im2", "maintenance"], "2026-02-03"),
])
def test_a_replacing_path_ends_the_main_road_where_it_starts(catalogue, protocol_id, branch, expected, replaced, cut):
    schedule = build(catalogue.protocols[protocol_id], START, Options(branches=(branch,)))
    drawn = sorted(schedule.phases, key=lambda p: (p.start, p.spec.order))
    assert [(p.id, p.track, p.start.isoformat(), p.end.isoformat()) for p in drawn] == expected
    assert [p.id for p in schedule.replaced] == replaced
    assert (schedule.replaced_by, schedule.replaced_from) == (branch, D(cut))
    # No milestone of the main road falls on or after the day the path leaves it.
    assert all(m.date < D(cut) for m in schedule.milestones if schedule.phase(m.phase).track == "main")
    assert [p.id for p in schedule.path] == [p[0] for p in expected if p[1] in ("main", branch)]


def test_transplant_path_keeps_the_chemotherapy_taps_before_day_0_only(catalogue):
    schedule = build(catalogue.protocols["cog-hr"], START, Options(branches=("hsct",)))
    assert [(m.id, m.date.isoformat()) for m in schedule.milestones] == [
        ("dx-lp", "2026-01-05"), ("day8-lp", "2026-01-12"), ("day8-mrd", "2026-01-12"), ("day29-lp", "2026-02-02"),
        ("day29-marrow", "2026-02-02"), ("cons-lp1", "2026-02-09"), ("cons-lp2", "2026-02-16"),
        ("cons-lp3", "2026-02-23"), ("cons-lp4", "2026-03-02"), ("eoc-marrow", "2026-04-05"),
        ("hsct-day0", "2026-04-13"), ("hsct-day100", "2026-07-22"),
    ]


def test_a_row_running_when_the_path_starts_is_cut_there(catalogue):
    # The TKI runs to the end of maintenance; on the transplant path it stops the day before conditioning.
    schedule = build(catalogue.protocols["cog-hr"], START, Options(branches=("hsct", "tki")))
    tki = schedule.phase("tki")
    assert (tki.start, tki.end, tki.end_day) == (START, D("2026-04-05"), 91)


@pytest.mark.parametrize(("today", "phase", "next_phase", "percent"), [
    ("2026-04-06", "hsct-conditioning", "hsct-first100", 19),
    ("2026-05-07", "hsct-first100", None, 26),  # Day 123 of 463
    ("2027-01-05", "hsct-immune", None, 79),
])
def test_you_are_here_follows_the_replacing_path(catalogue, today, phase, next_phase, percent):
    schedule = build(catalogue.protocols["cog-hr"], START, Options(branches=("hsct",)))
    position = schedule.position(D(today))
    assert (position.when, position.phase.id, position.next_phase and position.next_phase.id,
            position.percent_done) == ("during", phase, next_phase, percent)
    assert schedule.position(D("2027-04-13")).when == "after"


def test_two_paths_that_replace_the_rest_cannot_share_one_timeline(catalogue):
    with pytest.raises(ScheduleError) as caught:
        build(catalogue.protocols["cog-hr"], START, Options(branches=("hsct", "car-t")))
    assert caught.value.field == "branch"
    assert "“hsct” and “car-t” each replace the rest of the main road" in caught.value.message


def test_a_phase_the_path_replaces_cannot_be_delayed(catalogue):
    with pytest.raises(ScheduleError) as caught:
        build(catalogue.protocols["cog-hr"], START, Options(branches=("hsct",), delays=(("im1", 7),)))
    assert (caught.value.field, caught.value.message) == (
        "delay", "Interim maintenance I (high-dose methotrexate) is not on this path: “hsct” replaces the rest of the "
                 "main road from that point, so it cannot be delayed.")


@pytest.mark.parametrize(
    ("delays", "end", "maintenance_days"),
    [
        ((), "2028-03-02", 563),
        ((("induction", 7),), "2028-03-09", 563),  # before IM1: the clock starts later, maintenance keeps its length
        ((("im1", 14),), "2028-03-02", 549),  # after IM1 starts: the end stays, maintenance is 14 days shorter
        ((("im1", 14), ("di", 7)), "2028-03-02", 542),
        ((("consolidation", 3), ("consolidation", 4)), "2028-03-09", 563),  # repeated delays add up
    ],
)
def test_delays_shift_what_follows_and_shorten_maintenance_on_the_clock(cog_sr, delays, end, maintenance_days):
    schedule = build(cog_sr, START, Options(delays=delays))
    assert schedule.end == D(end)
    assert schedule.phase("maintenance").days == maintenance_days


def test_delay_without_a_clock_moves_the_end(general):
    schedule = build(general, START, Options(delays=(("consolidation", 30),)))
    assert schedule.phase("consolidation").days == 177
    assert schedule.end == D("2028-07-28")


@pytest.mark.parametrize(
    ("protocol_id", "options", "field", "message"),
    [
        ("cog-sr", Options(branches=("hsct",)), "branch", "does not offer the branch “hsct”. Branches it offers: blinatumomab, car-t."),
        ("t-all", Options(branches=("car-t",)), "branch", "does not offer the branch “car-t”"),
        ("cog-sr", Options(delays=(("nope", 3),)), "delay", "“nope” is not a phase of this timeline."),
        ("cog-sr", Options(delays=(("maintenance", 3),)), "delay", "Maintenance ends on a date fixed by Interim maintenance I"),
        ("cog-sr", Options(delays=(("im1", 366),)), "delay", "A delay must be 1 to 365 days; “im1:366” is not."),
        ("cog-sr", Options(delays=(("im1", -2),)), "delay", "A delay must be 1 to 365 days"),
        ("cog-sr", Options(delays=(("im1", 365), ("di", 365))), "delay", "The delays leave no time for Maintenance"),
        ("cog-hr", Options(delays=(("hsct-first100", 5),)), "delay", "“hsct-first100” is not a phase of this timeline."),
    ],
)
def test_invalid_combinations_name_the_parameter(catalogue, protocol_id, options, field, message):
    with pytest.raises(ScheduleError) as caught:
        build(catalogue.protocols[protocol_id], START, options)
    assert caught.value.field == field
    assert message in caught.value.message


def test_a_branch_step_can_be_delayed_when_its_branch_is_drawn(catalogue):
    schedule = build(catalogue.protocols["cog-hr"], START, Options(branches=("hsct",), delays=(("hsct-first100", 5),)))
    assert schedule.phase("hsct-first100").days == 106


def test_relative_view_with_a_branch_counts_days(catalogue):
    schedule = build(catalogue.protocols["cog-hr"], None, Options(branches=("hsct",)))
    assert schedule.phase("hsct-conditioning").start_day == 92  # the day after consolidation's Day 91
    day0 = next(m for m in schedule.milestones if m.id == "hsct-day0")
    assert day0.day == 99


@pytest.mark.parametrize("protocol_id", ["cog-sr", "cog-hr", "t-all", "calgb-10403", "hyper-cvad", "ph-positive-adult", "general"])
def test_every_protocol_builds_with_every_branch_it_offers(catalogue, protocol_id):
    protocol = catalogue.protocols[protocol_id]
    beside = tuple(b.id for b in protocol.branches if not b.replaces_rest)
    for chosen in [(b.id,) for b in protocol.branches if b.replaces_rest] or [()]:
        schedule = build(protocol, START, Options(branches=beside + chosen))
        road = sorted((p for p in schedule.phases if p.track == "main" or p.spec.inserts), key=lambda p: p.start)
        assert all((b.start - a.end).days == 1 for a, b in zip(road, road[1:], strict=False))
        assert all(p.end >= p.start for p in schedule.phases)
        assert all(schedule.start <= m.date <= schedule.path_end for m in schedule.milestones)
