"""Presentation steps: reading `step`, and the highlighted figure (valid for plotly.py)."""

from datetime import date

import plotly.graph_objects as go
import pytest

from webapp.chart import figure
from webapp.presentation import StepError, highlight, parse_step
from webapp.schedule import build


@pytest.fixture
def schedule(cog_sr):
    return build(cog_sr, date(2026, 1, 5))


@pytest.mark.parametrize(("values", "number", "phase", "previous", "following"), [
    ([], 1, "induction", None, 2), (["1"], 1, "induction", None, 2), ([" 4 "], 4, "di", 3, 5),
    (["6"], 6, "maintenance", 5, None),
])
def test_parse_step(schedule, values, number, phase, previous, following):
    step = parse_step(values, schedule)
    assert (step.number, step.total, step.phase.id, step.previous, step.next) == (number, 6, phase, previous, following)


@pytest.mark.parametrize(("values", "message"), [
    (["7"], "step 7 does not exist: this presentation has steps 1 to 6."),
    ([""], "step “” is not a step number: use a whole number from 1 to 6."),
    (["1.5"], "step “1.5” is not a step number: use a whole number from 1 to 6."),
    (["٣"], "step “٣” is not a step number: use a whole number from 1 to 6."),
    (["1", "1"], "step was given 2 times in the address; give it once."),
])
def test_parse_step_errors_name_step(schedule, values, message):
    with pytest.raises(StepError) as caught:
        parse_step(values, schedule)
    assert str(caught.value) == message
    assert caught.value.field == "step"


def test_highlight_fades_the_other_phases_and_keeps_the_original(schedule):
    original = figure(schedule)
    marked = highlight(original, schedule, "di")
    bars = marked["data"][0]
    assert bars["marker"]["opacity"] == [0.3, 0.3, 0.3, 1, 0.3, 0.3]
    assert bars["marker"]["line"]["width"] == [1, 1, 1, 4, 1, 1]
    assert marked["layout"]["yaxis"]["ticktext"][3] == "<b>▶ Delayed intensification</b>"
    assert marked["layout"]["yaxis"]["ticktext"][0] == "Induction"
    assert "opacity" not in original["data"][0]["marker"]
    go.Figure(data=marked["data"], layout=marked["layout"])  # plotly.py validates every property


def test_relative_schedule_steps(general):
    schedule = build(general, None)
    assert parse_step(["3"], schedule).phase.id == "maintenance"
    go.Figure(**{k: v for k, v in highlight(figure(schedule), schedule, "maintenance").items() if k != "config"})
