"""The Plotly figure: structure, dates, widths, milestones and the today line; valid for plotly.py."""

from datetime import date, timedelta

import plotly.graph_objects as go
import pytest

from webapp.chart import DAY_MS, comparison_figure, figure
from webapp.schedule import Options, build

D = date.fromisoformat


@pytest.fixture
def fig(cog_sr):
    return figure(build(cog_sr, D("2026-01-05")), today=D("2026-11-24"))


def test_figure_is_valid_for_plotly(fig):
    # plotly.py validates every property name and value; an invalid figure raises here.
    checked = go.Figure(data=fig["data"], layout=fig["layout"])
    assert checked.layout.xaxis.type == "date"


def test_one_bar_per_phase_in_time_order_top_down(fig):
    bars = fig["data"][0]
    assert bars["type"] == "bar" and bars["orientation"] == "h"
    assert bars["y"] == ["Induction", "Consolidation", "Interim maintenance I", "Delayed intensification",
                         "Interim maintenance II", "Maintenance"]
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"


def test_bars_start_on_iso_dates_and_reach_the_end_of_their_last_day(fig):
    bars = fig["data"][0]
    assert bars["base"] == ["2026-01-05", "2026-02-03", "2026-03-03", "2026-04-28", "2026-06-23", "2026-08-18"]
    assert bars["x"] == [n * DAY_MS for n in (29, 28, 56, 56, 56, 563)]
    assert all(isinstance(v, str) for v in bars["base"])  # never epoch numbers (plotly.js #1956)


def test_hover_says_name_dates_length_setting_and_summary(fig):
    first = fig["data"][0]["hovertext"][0]
    assert first == ("<b>Induction</b><br>Mon, 5 Jan 2026 to Mon, 2 Feb 2026 (both days included)"
                     "<br>29 days (4 weeks 1 day); usually 29 days, from 29 to 35 days<br>In hospital at first, then clinic visits"
                     "<br>Three drugs plus spinal-fluid chemotherapy to bring on remission.")


def test_milestones_are_labelled_markers_at_midday(fig):
    checks = next(t for t in fig["data"] if t["name"] == "Check (test or scan)")
    assert checks["x"] == ["2026-01-12 12:00", "2026-02-02 12:00"]
    assert checks["text"] == ["Day 8 MRD", "Day 29 marrow"]
    assert checks["textposition"] == ["top right", "bottom right"]
    taps = next(t for t in fig["data"] if t["name"] == "Spinal tap (lumbar puncture)")
    # induction 3, consolidation 3, IM1 1 (Day 31), DI 2, IM2 2 (Days 1 and 31) [S3], maintenance 7
    assert len(taps["x"]) == 18 and taps["mode"] == "markers"
    end = next(t for t in fig["data"] if t["name"] == "Planned end of treatment")
    assert end["x"] == ["2028-03-02 12:00"]


def test_today_is_a_shape_plus_annotation(fig):
    (line,) = fig["layout"]["shapes"]
    (note,) = fig["layout"]["annotations"]
    assert (line["x0"], line["x1"], line["yref"]) == ("2026-11-24 12:00", "2026-11-24 12:00", "paper")
    assert note["text"] == "Today, Day 324"


@pytest.mark.parametrize("today", ["2025-12-31", "2028-03-03"])
def test_no_today_line_outside_the_schedule(cog_sr, today):
    fig = figure(build(cog_sr, D("2026-01-05")), today=D(today))
    assert fig["layout"]["shapes"] == [] and fig["layout"]["annotations"] == []


def test_relative_view_uses_a_day_axis(cog_sr):
    fig = figure(build(cog_sr, None))
    assert fig["layout"]["xaxis"]["type"] == "linear"
    assert fig["layout"]["xaxis"]["tickprefix"] == "Day "
    assert fig["data"][0]["base"][:3] == [1, 30, 58]
    assert fig["data"][0]["x"][:3] == [29, 28, 56]
    go.Figure(data=fig["data"], layout=fig["layout"])


def test_colours_are_the_colour_blind_safe_palette(fig):
    assert fig["data"][0]["marker"]["color"][:3] == ["#0072B2", "#D55E00", "#009E73"]


def test_mode_bar_is_an_allow_list_without_cloud_buttons(fig):
    assert fig["config"]["modeBarButtons"] == [["toImage"], ["zoomIn2d", "zoomOut2d", "resetScale2d"]]
    assert fig["config"]["displaylogo"] is False


@pytest.fixture
def compared(catalogue):
    """Scenario A high risk, B the same with a transplant, C standard risk: all dated from 5 Jan 2026."""
    hr, sr = catalogue.protocols["cog-hr"], catalogue.protocols["cog-sr"]
    return [("a", build(hr, D("2026-01-05"))), ("b", build(hr, D("2026-01-05"), Options(branches=("hsct",)))),
            ("c", build(sr, D("2026-01-05")))]


def test_comparison_is_one_valid_figure_with_every_scenario_row_labelled(compared):
    fig = comparison_figure(compared)
    checked = go.Figure(data=fig["data"], layout=fig["layout"])
    assert checked.layout.xaxis.type == "date"
    rows = fig["layout"]["yaxis"]["categoryarray"]
    assert rows[:2] == ["A\u00a0·\u00a0Induction", "A\u00a0·\u00a0Consolidation (augmented BFM)"]
    assert len(rows) == sum(len(s.phases) for _, s in compared)
    assert [r[0] for r in rows] == [letter.upper() for letter, s in compared for _ in s.phases]
    assert {y for t in fig["data"] for y in t["y"]} == set(rows)  # every trace sits on a labelled row
    assert fig["layout"]["height"] == 150 + 46 * len(rows)


def test_comparison_shares_one_x_range_from_the_earliest_start_to_the_latest_end(compared):
    fig = comparison_figure(compared)
    # The latest drawn day is B's immune recovery at its latest (19 Apr 2028: up to 24 months from a Day 0 that
    # consolidation's 8 to 9 weeks can move 7 days later), later than A's end; the padding is a 40th of the span.
    pad = timedelta(days=(D("2028-04-20") - D("2026-01-05")).days // 40)
    assert fig["layout"]["xaxis"]["range"] == [(D("2026-01-05") - pad).isoformat(), (D("2028-04-20") + pad).isoformat()]
    assert fig["layout"]["xaxis"]["range"] == ["2025-12-16", "2028-05-10"]
    # Each Induction row's first bar (a row may also carry a faint bar for its uncertain end).
    starts = {}
    for t in fig["data"]:
        if t["type"] == "bar" and t["y"][0].endswith("·\u00a0Induction"):
            starts[t["y"][0]] = min(starts.get(t["y"][0], t["base"][0]), t["base"][0])
    assert list(starts.values()) == ["2026-01-05"] * 3  # the same Day 1 is the same x in every scenario


def test_comparison_legend_names_each_scenario_path_once_and_each_marker_once(compared):
    fig = comparison_figure(compared)
    shown = [t["name"] for t in fig["data"] if t.get("showlegend", True)]
    assert "B: If transplant (possible path)" in shown
    assert shown.count("Check (test or scan)") == 1 and shown.count("Planned end of treatment") == 1
    checks = [t for t in fig["data"] if t["name"] == "Check (test or scan)"]
    assert len(checks) == 3 and {t["legendgroup"] for t in checks} == {"Check (test or scan)"}


def test_comparison_groups_rows_with_a_band_and_a_line_between_scenarios(compared):
    shapes = comparison_figure(compared)["layout"]["shapes"]
    a_rows = len(compared[0][1].phases)
    b_rows = len(compared[1][1].phases)
    assert [s["type"] for s in shapes] == ["rect", "line", "line"]
    assert (shapes[0]["y0"], shapes[0]["y1"]) == (a_rows - 0.5, a_rows + b_rows - 0.5)  # B on a grey band
    assert [s["y0"] for s in shapes[1:]] == [a_rows - 0.5, a_rows + b_rows - 0.5]


def test_comparison_in_day_numbers_uses_one_day_axis(catalogue):
    sr, hr = catalogue.protocols["cog-sr"], catalogue.protocols["cog-hr"]
    fig = comparison_figure([("a", build(sr, None)), ("b", build(hr, None))])
    assert fig["layout"]["xaxis"]["type"] == "linear"
    assert [t["base"][0] for t in fig["data"][:1]] == [1]
    go.Figure(data=fig["data"], layout=fig["layout"])


def test_every_row_is_named_on_the_axis_and_uncertain_ends_say_so_in_words(catalogue):
    from webapp.schedule import Options

    schedule = build(catalogue.protocols["cog-hr"], D("2026-01-05"), Options(branches=("hsct",)))
    axis = figure(schedule)["layout"]["yaxis"]
    rows = [p.name for p in schedule.phases]
    assert axis["tickmode"] == "array"
    assert axis["tickvals"] == [*rows, "After treatment"]  # the last row: life after treatment (test_after.py)
    assert len(rows) == 8  # the transplant ends the main road after consolidation: 2 main rows, 6 of the path
    # Consolidation's 8 to 9 weeks leave every transplant step after it a window, so each end is uncertain too.
    assert [t for t in axis["ticktext"] if t.endswith(" (uncertain end)")] == [
        "Consolidation (augmented BFM) (uncertain end)", "If transplant: donor search (uncertain end)",
        "If transplant: conditioning (uncertain end)", "If transplant: Day 0 to Day +100 (uncertain end)",
        "If transplant: counts recover (engraftment) (uncertain end)",
        "If transplant: medicines against GVHD (uncertain end)", "If transplant: immune system recovers (uncertain end)",
    ]


def test_ranges_before_a_phase_draw_where_it_may_start_and_end(catalogue):
    # 8 hyper-CVAD courses of 21 to 28 days (S105, S106): maintenance may start from 22 Jun to 17 Aug 2026
    # (57 days, both included) and end from 21 Jun to 16 Aug 2028, so its end band runs 56 days past the bar.
    fig = figure(build(catalogue.protocols["hyper-cvad"], D("2026-01-05")))
    bars = fig["data"][0]
    windows = next(t for t in fig["data"] if t["name"] == "May start between (earliest to latest)")
    assert fig["data"].index(windows) == 1  # drawn over the bars, so the rows keep the bars' order
    assert windows["y"] == bars["y"][1:]  # every course after the first, and maintenance
    assert (windows["base"][-1], windows["x"][-1]) == ("2026-06-22", 57 * DAY_MS)
    assert windows["hovertext"][-1] == ("<b>Maintenance (POMP)</b><br>may start between Mon, 22 Jun 2026 and "
                                        "Mon, 17 Aug 2026")
    ends = next(t for t in fig["data"] if t["name"] == "Uncertain end (earliest to latest)")
    assert (ends["y"][-1], ends["base"][-1], ends["x"][-1]) == ("Maintenance (POMP)", "2028-06-22", 56 * DAY_MS)
    assert fig["layout"]["yaxis"]["ticktext"][8] == "Maintenance (POMP) (uncertain end)"


def test_a_protocol_of_fixed_lengths_draws_no_window(catalogue):
    fig = figure(build(catalogue.protocols["aieop-bfm-2017"], D("2026-01-05")))
    names = {t["name"] for t in fig["data"]}
    assert "May start between (earliest to latest)" not in names
    assert "Uncertain end (earliest to latest)" not in names


@pytest.mark.parametrize(
    ("protocol", "branches", "guideline", "x_range", "drawn", "later"),
    [
        # The transplant path's drawn end is the immune system's latest recovery (2028-04-12, a range); live vaccines
        # 24 months after Day 0 (2028-04-13) are in view, the follow-up clinic two years after the end (2029-04-12) is
        # not: it was in view with the 400-day cut and squeezed the treatment into the left 40 % of the chart.
        # Its view ends 6 days later than the drawn end alone would say: consolidation's range (UNCERTAIN) may move
        # every transplant step by up to 6 days, and the view holds the latest.
        ("cog-hr", ("hsct",), "us", ["2025-12-16", "2028-05-30"], ["2027-04-12 12:00", "2028-04-13 12:00"],
         ["Long-term follow-up clinic: from about 2 years after the end of treatment (COG guidelines)",
          "<i>Thu, 12 Apr 2029 (Day 1194)</i>"]),
        ("cog-hr", ("hsct",), "uk", ["2025-12-16", "2028-05-30"], ["2027-04-12 12:00", "2027-10-13 12:00"],
         ["Long-term follow-up (late effects) clinic: around 5 years after treatment (UK)",
          "<i>Mon, 12 Apr 2032 (Day 2290)</i>"]),
        # Without a transplant the vaccines again, 3 (US) or 6 months (UK) after the end (S112), are in view.
        ("cog-sr", (), "us", ["2025-12-14", "2028-07-17"], ["2028-03-02 12:00", "2028-06-02 12:00"],
         ["Long-term follow-up clinic: from about 2 years after the end of treatment (COG guidelines)",
          "<i>Sat, 2 Mar 2030 (Day 1518)</i>"]),
        ("cog-sr", (), "uk", ["2025-12-12", "2028-10-21"], ["2028-03-02 12:00", "2028-09-02 12:00"],
         ["Long-term follow-up (late effects) clinic: around 5 years after treatment (UK)",
          "<i>Wed, 2 Mar 2033 (Day 2614)</i>"]),
    ],
)
def test_the_view_runs_six_months_past_treatment_and_marks_later_steps_at_its_edge(
        catalogue, protocol, branches, guideline, x_range, drawn, later):
    schedule = build(catalogue.protocols[protocol], D("2026-01-05"), Options(branches=branches, guideline=guideline))
    fig = figure(schedule)
    assert fig["layout"]["xaxis"]["range"] == x_range
    steps = next(t for t in fig["data"] if t["name"] == "Step after treatment")
    assert steps["x"] == drawn
    edge = next(t for t in fig["data"] if t["name"] == "Later steps (dated in the list below)")
    assert edge["y"] == ["After treatment"] and edge["marker"]["symbol"] == "arrow-bar-right"
    # On the view's right edge.
    assert edge["x"][0] == x_range[1]
    assert edge["hovertext"][0].split("<br>")[1:] == later
    go.Figure(data=fig["data"], layout=fig["layout"])  # plotly.py accepts the edge mark


def test_a_page_without_the_list_of_later_steps_names_the_whole_timeline_in_the_edge_marks_legend(catalogue):
    schedule = build(catalogue.protocols["cog-sr"], D("2026-01-05"), Options())
    names = [t["name"] for t in figure(schedule, later_listed=False)["data"]]
    assert "Later steps (dated on the whole timeline)" in names
    assert "Later steps (dated in the list below)" not in names

