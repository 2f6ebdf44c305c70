"""The built-in protocols against the trials they name: key dates from fixed starts, spinal-tap days, ranges."""

from datetime import date, timedelta

import pytest

from webapp import chart
from webapp.schedule import Options, build

D = date.fromisoformat

# (protocol, start) -> {phase: (first day, last day)} for the phases the 2026-12 audit corrected.
KEY_DATES = {
    ("cog-hr", "2026-01-05"): {
        "induction": ("2026-01-05", "2026-02-08"),  # Day 1 to 35: consolidation begins on Day 36 [S101]
        "consolidation": ("2026-02-09", "2026-04-05"),  # 8 weeks [S101]
        "im2": ("2026-07-27", "2026-09-20"),  # AALL1732's interim maintenance II, 8 weeks [S103][S3]
        "maintenance": ("2026-09-21", "2028-04-05"),  # 2 years from IM1's first day, 2026-04-06 [S103]
    },
    # The audit's own example: the end moves from 2028-05-25 to 2028-05-31 with the Day-36 start.
    ("cog-hr", "2026-03-02"): {
        "induction": ("2026-03-02", "2026-04-05"),
        "im1": ("2026-06-01", "2026-07-26"),
        "maintenance": ("2026-11-16", "2028-05-31"),
    },
    ("calgb-10403", "2026-03-02"): {
        "induction": ("2026-03-02", "2026-04-05"),
        "maintenance": ("2026-09-21", "2028-05-31"),  # no IM2 (AALL0232 rapid early responders [S101]): 8 weeks sooner
    },
    ("t-all", "2026-01-05"): {
        # Consolidation on Day 36 (2026-02-09): the outline's "approximately week 119" end fits Day 36, not Day 30.
        "induction": ("2026-01-05", "2026-02-08"),
        "consolidation": ("2026-02-09", "2026-04-05"),
        "im1": ("2026-04-06", "2026-05-31"),  # the one interim maintenance of AALL0434 [S102]
        "maintenance": ("2026-07-27", "2028-04-05"),  # 2 years from IM's first day (girls; boys 3 years) [S102]
    },
    ("ph-positive-adult", "2026-01-05"): {
        "course-8": ("2026-06-01", "2026-06-21"),
        "maintenance": ("2026-06-22", "2028-06-21"),
        "tki": ("2026-01-05", "2028-06-21"),
    },
}


@pytest.mark.parametrize(("protocol_id", "start"), sorted(KEY_DATES))
def test_key_dates_follow_the_named_trial(catalogue, protocol_id, start):
    schedule = build(catalogue.protocols[protocol_id], D(start))
    got = {p.id: (p.start.isoformat(), p.end.isoformat()) for p in schedule.phases if p.id in KEY_DATES[protocol_id, start]}
    assert got == KEY_DATES[protocol_id, start]


def test_cog_hr_has_im2_so_maintenance_starts_8_weeks_later_but_ends_on_the_same_clock(catalogue):
    hr = build(catalogue.protocols["cog-hr"], D("2026-01-05"))
    rer = build(catalogue.protocols["calgb-10403"], D("2026-01-05"))  # the same AALL0232 days without IM2
    assert [p.id for p in hr.main] == ["induction", "consolidation", "im1", "di", "im2", "maintenance"]
    assert hr.phase("im2").start == hr.phase("di").end + timedelta(days=1)
    assert (hr.phase("maintenance").start - rer.phase("maintenance").start).days == 56
    assert hr.end == rer.end
    assert hr.phase("consolidation").start_day == 36


def _taps(schedule):
    return [(m.phase, (m.date - schedule.phase(m.phase).start).days + 1) for m in schedule.milestones
            if m.spec.kind == "lp"]


MAINTENANCE_EVERY_84 = [("maintenance", 1 + 84 * n) for n in range(7)]

# Day N of each phase with a spinal tap, in date order; sources in data/milestones.csv.
TAPS = {
    "cog-hr": [
        ("induction", 1), ("induction", 8), ("induction", 29),  # IT cytarabine Day 1, IT MTX Days 8 and 29 [S101]
        ("consolidation", 1), ("consolidation", 8), ("consolidation", 15), ("consolidation", 22),
        ("im1", 1), ("im1", 29), ("di", 1), ("di", 29), ("di", 36),
        ("im2", 1), ("im2", 21),  # AALL0232's IM II days; UNCERTAIN for AALL1732
        ("maintenance", 1), ("maintenance", 29),  # the extra Day 29 tap of cycles 1 to 4 (UNCERTAIN)
        ("maintenance", 85), ("maintenance", 113), ("maintenance", 169), ("maintenance", 197),
        ("maintenance", 253), ("maintenance", 281), ("maintenance", 337), ("maintenance", 421), ("maintenance", 505),
    ],
    "calgb-10403": [
        ("induction", 1), ("induction", 8), ("induction", 29),
        ("consolidation", 1), ("consolidation", 8), ("consolidation", 15), ("consolidation", 22),
        ("im1", 1), ("im1", 29), ("di", 1), ("di", 29), ("di", 36),
        ("maintenance", 1), ("maintenance", 29), ("maintenance", 85), ("maintenance", 113), ("maintenance", 169),
        ("maintenance", 197), ("maintenance", 253), ("maintenance", 281), ("maintenance", 337), ("maintenance", 421),
        ("maintenance", 505), ("maintenance", 589),
    ],
    "t-all": [
        ("induction", 1), ("induction", 8), ("induction", 29),  # [S102]
        ("consolidation", 1), ("consolidation", 8), ("consolidation", 15), ("consolidation", 22),
        ("im1", 1), ("im1", 31), ("di", 1), ("di", 29), ("di", 36),
    ] + [("maintenance", 1 + 84 * n) for n in range(8)],
    "cog-sr": [
        ("induction", 1), ("induction", 8), ("induction", 29),
        ("consolidation", 8), ("consolidation", 15), ("consolidation", 22),
        ("im1", 31),  # CCG-1991 IM-1 "Day 30" in its Day-0 counting [S3]
        ("di", 1), ("di", 29),
        ("im2", 1), ("im2", 31),
    ] + MAINTENANCE_EVERY_84,
    "ph-positive-adult": [  # IT MTX Day 2 and IT cytarabine Day 7 of courses 1, 3, 5; Days 5 and 8 of 2, 4, 6 [S105]
        ("course-1", 2), ("course-1", 7), ("course-2", 5), ("course-2", 8), ("course-3", 2), ("course-3", 7),
        ("course-4", 5), ("course-4", 8), ("course-5", 2), ("course-5", 7), ("course-6", 5), ("course-6", 8),
    ],
}


@pytest.mark.parametrize("protocol_id", sorted(TAPS))
def test_spinal_taps_fall_on_the_trial_days(catalogue, protocol_id):
    assert _taps(build(catalogue.protocols[protocol_id], D("2026-01-05"))) == TAPS[protocol_id]


def test_cog_hr_taps_in_day_numbers_from_the_first_day(catalogue):
    schedule = build(catalogue.protocols["cog-hr"], None)
    days = [m.day for m in schedule.milestones if m.spec.kind == "lp"]
    # Consolidation from Day 36, IM1 from Day 92, DI from Day 148, IM2 from Day 204, maintenance from Day 260.
    assert days[:14] == [1, 8, 29, 36, 43, 50, 57, 92, 120, 148, 176, 183, 204, 224]
    assert days[14:18] == [260, 288, 344, 372]


@pytest.mark.parametrize(
    ("protocol_id", "phase_id", "days", "most_days"),
    [
        ("cog-sr", "induction", 29, 35),  # UNCERTAIN: CCG-1991 4 weeks, an AALL0932 map Day 36 [S3][S108]
        ("cog-hr", "consolidation", 56, 63),  # 8 weeks, 9 in CCG-1961 [S101][S23b]
        *[("hyper-cvad", f"course-{n}", 21, 28) for n in range(1, 9)],  # 21 to 28 days [S105][S106]
        *[("ph-positive-adult", f"course-{n}", 21, 28) for n in range(1, 9)],
    ],
)
def test_uncertain_lengths_are_ranges(catalogue, protocol_id, phase_id, days, most_days):
    phase = build(catalogue.protocols[protocol_id], D("2026-01-05")).phase(phase_id)
    assert (phase.days, (phase.max_end - phase.start).days + 1) == (days, most_days)


@pytest.mark.parametrize(
    ("protocol_id", "cycles", "rest_days", "rest_most"),
    [("cog-sr", 2, 7, 14), ("general", 4, 14, 14)],  # AALL1331's 28 + 7 [S109]; the label's 28 + 14 [S69]
)
def test_blinatumomab_pump_on_and_pump_off_are_separate_bars(catalogue, protocol_id, cycles, rest_days, rest_most):
    schedule = build(catalogue.protocols[protocol_id], D("2026-01-05"), Options(branches=("blinatumomab",)))
    on = [p for p in schedule.phases if p.track == "blinatumomab" and not p.id.endswith("-rest")]
    off = [p for p in schedule.phases if p.id.endswith("-rest")]
    assert [p.days for p in on] == [28] * cycles
    assert [p.days for p in off] == [rest_days] * cycles
    assert [(p.max_end or p.end) - p.start + timedelta(days=1) for p in off] == [timedelta(days=rest_most)] * cycles
    assert all(rest.start == pump.end + timedelta(days=1) for pump, rest in zip(on, off, strict=True))


def test_ph_positive_maintenance_is_ponatinib_not_pomp_and_has_no_last_day_of_treatment(catalogue):
    protocol = catalogue.protocols["ph-positive-adult"]
    maintenance = next(p for p in protocol.phases if p.id == "maintenance")
    assert maintenance.name == "Maintenance (ponatinib, vincristine and prednisone)"
    assert "mercaptopurine" not in maintenance.summary.lower()
    end = next(m for m in protocol.milestones if m.kind == "end")
    assert end.label == "End of the 2 years of maintenance (ponatinib continues)"
    tki = protocol.branch("tki").steps[0]
    assert "no planned end" in tki.name and tki.until == "maintenance"


def test_ponatinib_is_drawn_on_past_maintenance_with_no_planned_end(client, catalogue):
    # Ponatinib continues indefinitely after the 2 years of maintenance (S81); its bar ends with maintenance and a
    # thin band carries it on to the chart's right edge. Only this step has no planned end.
    assert not any(s.open_end for p in catalogue.protocols.values() for s in p.phases)
    assert catalogue.protocols["ph-positive-adult"].branch("tki").steps[0].open_end
    assert not catalogue.protocols["hyper-cvad"].branch("tki").steps[0].open_end  # the shared TKI step has an end
    data = client.get("/schedule.json?start=2026-01-05&protocol=ph-positive-adult").get_json()
    assert {p["id"]: p["open_end"] for p in data["phases"]} == {
        **{f"course-{n}": False for n in range(1, 9)}, "maintenance": False, "tki": True}
    figure = chart.figure(build(catalogue.protocols["ph-positive-adult"], D("2026-01-05")))
    band = next(t for t in figure["data"] if t.get("name") == "Goes on, with no planned end")
    assert band["y"] == ["Ponatinib every day (no planned end)"]
    assert band["base"] == ["2028-06-22"]  # the day after maintenance (and the bar) ends
    right_edge = D(figure["layout"]["xaxis"]["range"][1])
    assert D(band["base"][0]) + timedelta(milliseconds=band["x"][0]) == right_edge
    # A protocol without an open end draws no such band.
    other = chart.figure(build(catalogue.protocols["hyper-cvad"], D("2026-01-05")))
    assert all(t.get("name") != "Goes on, with no planned end" for t in other["data"])


def test_weak_sources_are_gone(catalogue):
    # An unauthorised copy of a paywalled table, a press-release aggregator, a single-institution table
    # used as the COG schedule, and the unverified 2022 statistics page (audit 2026-12, rows 30, 31, 40-42).
    assert not {"S21", "S57c", "S4t", "S85"} & set(catalogue.sources)
    assert {"S101", "S102", "S103", "S105", "S107"} <= set(catalogue.sources)
    # CAR-T (audit row 41): a timing table whose article was never identified (S61) and a preprint (S62).
    assert not {"S61", "S62"} & set(catalogue.sources)
    car_t = catalogue.protocols["cog-sr"].branch("car-t")
    cited = {k for s in car_t.steps for k in s.sources} | {k for m in car_t.milestones for k in m.sources}
    assert "S63" in cited and not {"S61", "S62"} & cited


def test_t_all_consolidation_begins_on_day_36_and_ends_on_the_outline_week(catalogue):
    # AALL0434 [S102]: 2 years from the start of interim maintenance is "approximately week 119" (121 with
    # nelarabine). Consolidation on Day 36 gives weeks 118 and 121; on Day 30 it would give 117 and 120.
    t_all = catalogue.protocols["t-all"]
    for choice, week in (("no", 118), ("yes", 121)):
        schedule = build(t_all, D("2026-01-05"), Options(choices=(("nelarabine", choice), ("sex", "female"))))
        assert schedule.phase("consolidation").start_day == 36
        assert (schedule.phase("maintenance").end_day - 1) // 7 + 1 == week
