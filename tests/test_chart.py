"""The Plotly figure: structure, dates, widths, milestones and the today line; valid for plotly.py."""

from datetime import date

import plotly.graph_objects as go
import pytest

from webapp.chart import DAY_MS, figure
from webapp.schedule import build

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
    assert first == ("<b>Induction</b><br>Mon 5 Jan 2026 to Mon 2 Feb 2026 (both days included)"
                     "<br>29 days (4 weeks 1 day)<br>In hospital at first, then clinic visits"
                     "<br>Three drugs plus spinal-fluid chemotherapy to bring on remission.")


def test_milestones_are_labelled_markers_at_midday(fig):
    checks = next(t for t in fig["data"] if t["name"] == "Check (test or scan)")
    assert checks["x"] == ["2026-01-12 12:00", "2026-02-02 12:00"]
    assert checks["text"] == ["Day 8 MRD", "Day 29 marrow"]
    assert checks["textposition"] == ["top right", "bottom right"]
    taps = next(t for t in fig["data"] if t["name"] == "Spinal tap (lumbar puncture)")
    assert len(taps["x"]) == 16  # induction 3, consolidation 3, DI 2, IM2 1, maintenance 7 and taps["mode"] == "markers"
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


def test_every_row_is_named_on_the_axis_and_uncertain_ends_say_so_in_words(catalogue):
    from webapp.schedule import Options

    schedule = build(catalogue.protocols["cog-hr"], D("2026-01-05"), Options(branches=("hsct",)))
    axis = figure(schedule)["layout"]["yaxis"]
    rows = [p.name for p in schedule.phases]
    assert axis["tickmode"] == "array"
    assert axis["tickvals"] == rows
    assert len(rows) == 11
    assert [t for t in axis["ticktext"] if t.endswith(" (uncertain end)")] == [
        "Consolidation (augmented BFM) (uncertain end)", "If transplant: conditioning (uncertain end)",
        "If transplant: medicines against GVHD (uncertain end)", "If transplant: immune system recovers (uncertain end)",
    ]
