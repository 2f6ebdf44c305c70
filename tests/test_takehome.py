"""What the take-home pages pick out of a schedule: bands, stretches away and at home, key checks."""

from datetime import date

from webapp.schedule import Options, build
from webapp.takehome import away_and_home, bands, key_checks, months_spanned, spinal_taps, stretches

D = date.fromisoformat


def test_bands_follow_the_main_road_and_hatch_each_path_in_its_colour(cog_sr):
    schedule = build(cog_sr, D("2026-01-05"), Options(branches=("blinatumomab",)))
    found = bands(schedule)
    assert [found[p.id].css for p in schedule.main] == [f"band-{i}" for i in range(6)]
    assert found["blina-1"].css == "band-path"
    assert found["blina-1"].colour == cog_sr.branch("blinatumomab").colour


def test_stretches_join_phases_that_follow_on(cog_sr):
    schedule = build(cog_sr, D("2026-01-05"))
    joined = stretches(schedule.path)
    assert [(s.first, s.last, len(s.phases)) for s in joined] == [(D("2026-01-05"), D("2028-03-02"), 6)]
    assert joined[0].days == 788


def test_away_and_home_for_standard_risk(cog_sr):
    away, home = away_and_home(build(cog_sr, D("2026-01-05")))
    assert [(s.first, s.last) for s in away] == [(D("2026-01-05"), D("2026-08-17"))]
    assert [p.id for p in away[0].phases] == ["induction", "consolidation", "im1", "di", "im2"]
    assert [(s.first, s.last, [p.id for p in s.phases]) for s in home] == [
        (D("2026-08-18"), D("2028-03-02"), ["maintenance"])]


def test_home_starts_after_the_busy_stretch_it_overlaps(catalogue):
    schedule = build(catalogue.protocols["cog-hr"], D("2026-01-05"), Options(branches=("hsct",)))
    away, home = away_and_home(schedule)
    assert [(s.first, s.last) for s in away] == [(D("2026-01-05"), D("2026-07-22"))]
    assert [(s.first, s.last) for s in home] == [(D("2026-07-23"), D("2027-04-12"))]
    assert schedule.path_end == D("2027-04-12")


def test_key_checks_are_tests_and_the_end_and_taps_are_counted(cog_sr):
    schedule = build(cog_sr, D("2026-01-05"))
    assert [(m.spec.id, m.date) for m in key_checks(schedule)] == [
        ("day8-mrd", D("2026-01-12")), ("day29-marrow", D("2026-02-02")), ("end", D("2028-03-02"))]
    assert spinal_taps(schedule) == 18


def test_months_spanned_counts_both_ends(cog_sr):
    assert months_spanned(build(cog_sr, D("2026-01-05"))) == 27
    assert months_spanned(build(cog_sr, D("2026-12-31"))) == 27  # 31 Dec 2026 to 26 Feb 2029
