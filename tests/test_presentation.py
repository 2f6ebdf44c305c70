"""Presentation steps: the deck's order, reading `step`, and each step's emphasis (valid for plotly.py)."""

from datetime import date

import plotly.graph_objects as go
import pytest

from webapp.chart import figure
from webapp.presentation import FADED, Kind, StepError, emphasis, parse_step, steps
from webapp.schedule import Options, build

HSCT = ["hsct-donor-search", "hsct-conditioning", "hsct-first100", "hsct-engraftment", "hsct-immunosuppression",
        "hsct-immune"]


@pytest.fixture
def schedule(cog_sr):
    return build(cog_sr, date(2026, 1, 5))


@pytest.fixture
def with_transplant(catalogue):
    return build(catalogue.protocols["cog-hr"], date(2026, 1, 5), Options(branches=("hsct",)))


def outline(deck):
    return [(s.number, s.kind, s.phase.id if s.phase else None, s.branch.id if s.branch else None) for s in deck]


def test_deck_is_overview_main_road_then_closing(schedule):
    assert outline(steps(schedule)) == [
        (1, Kind.OVERVIEW, None, None), (2, Kind.PHASE, "induction", None), (3, Kind.PHASE, "consolidation", None),
        (4, Kind.PHASE, "im1", None), (5, Kind.PHASE, "di", None), (6, Kind.PHASE, "im2", None),
        (7, Kind.PHASE, "maintenance", None), (8, Kind.CLOSING, None, None)]


def test_deck_steps_through_a_chosen_path_after_the_main_road(with_transplant):
    deck = outline(steps(with_transplant))
    # The transplant replaces the rest of the main road, so the road ends with consolidation.
    assert [d[2] for d in deck if d[1] is Kind.PHASE] == ["induction", "consolidation"]
    assert deck[3] == (4, Kind.PATH, None, "hsct")
    # The path's steps in the chart's row order (they overlap in time), then the closing.
    assert [d[2] for d in deck[4:-1]] == HSCT
    assert all(d[1] is Kind.PATH_STEP and d[3] == "hsct" for d in deck[4:-1])
    assert deck[-1] == (11, Kind.CLOSING, None, None)


def test_a_step_names_the_bars_it_draws_in_full(with_transplant):
    deck = steps(with_transplant)
    assert deck[0].chosen(with_transplant) == frozenset()
    assert deck[1].chosen(with_transplant) == {"induction"}
    assert deck[3].chosen(with_transplant) == set(HSCT)
    assert deck[-1].chosen(with_transplant) == frozenset()


@pytest.mark.parametrize(("values", "number"), [([], 1), (["1"], 1), ([" 4 "], 4), (["8"], 8)])
def test_parse_step(values, number):
    assert parse_step(values, 8) == number


@pytest.mark.parametrize(("values", "message"), [
    (["9"], "step 9 does not exist: this presentation has steps 1 to 8."),
    (["0"], "step 0 does not exist: this presentation has steps 1 to 8."),
    ([""], "step “” is not a step number: use a whole number from 1 to 8."),
    (["1.5"], "step “1.5” is not a step number: use a whole number from 1 to 8."),
    (["٣"], "step “٣” is not a step number: use a whole number from 1 to 8."),
    (["1", "1"], "step was given 2 times in the address; give it once."),
])
def test_parse_step_errors_name_step(values, message):
    with pytest.raises(StepError) as caught:
        parse_step(values, 8)
    assert str(caught.value) == message
    assert caught.value.field == "step"


def apply(base, marks):
    """Apply a step's emphasis as present.js does, for plotly.py to validate."""
    data = [dict(trace) for trace in base["data"]]
    for bars in marks["bars"]:
        marker = dict(data[bars["trace"]]["marker"])
        marker.update(opacity=bars["opacity"], line={**marker["line"], "width": bars["width"]})
        data[bars["trace"]] = {**data[bars["trace"]], "marker": marker}
    layout = {**base["layout"], "yaxis": {**base["layout"]["yaxis"], "tickmode": "array", "tickvals": marks["rows"],
                                         "ticktext": marks["ticktext"]}}
    return go.Figure(data=data, layout=layout)


def test_a_phase_step_fades_the_other_phases(schedule):
    base = figure(schedule)
    marks = emphasis(base, steps(schedule)[4].chosen(schedule))
    assert marks["bars"] == [{"trace": 0, "opacity": [FADED, FADED, FADED, 1, FADED, FADED], "width": [1, 1, 1, 4, 1, 1]}]
    assert marks["ticktext"][3] == "<b>▶ Delayed intensification</b>"
    assert marks["ticktext"][0] == "Induction"
    assert "opacity" not in base["data"][0]["marker"]
    apply(base, marks)  # plotly.py validates every property


def test_a_path_step_marks_every_bar_of_the_path(with_transplant):
    base = figure(with_transplant)
    marks = emphasis(base, steps(with_transplant)[3].chosen(with_transplant))
    main, path = marks["bars"]
    assert main == {"trace": 0, "opacity": [FADED] * 2, "width": [1] * 2}
    assert path == {"trace": 1, "opacity": [1] * 6, "width": [4] * 6}
    assert marks["ticktext"][:2] == ["Induction", "Consolidation (augmented BFM)"]
    assert marks["ticktext"][2:] == [*(f"<b>▶ {name}</b>" for name in base["data"][1]["y"]), "After treatment"]
    apply(base, marks)


def test_the_overview_keeps_every_bar_as_drawn(with_transplant):
    base = figure(with_transplant)
    marks = emphasis(base, steps(with_transplant)[0].chosen(with_transplant))
    assert marks["bars"] == [{"trace": 0, "opacity": [1] * 2, "width": [1] * 2},
                             {"trace": 1, "opacity": [1] * 6, "width": [2] * 6}]
    assert marks["ticktext"] == marks["rows"] == [*base["data"][0]["y"], *base["data"][1]["y"], "After treatment"]


def test_relative_schedule_steps(general):
    schedule = build(general, None)
    deck = steps(schedule)
    assert [s.kind for s in deck] == [Kind.OVERVIEW, Kind.PHASE, Kind.PHASE, Kind.PHASE, Kind.CLOSING]
    base = figure(schedule)
    apply({k: v for k, v in base.items() if k != "config"}, emphasis(base, deck[3].chosen(schedule)))
