"""The comparison page in real Chromium: one chart whose rows line up to the pixel, and the picker used by hand."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.charts import wait_for_chart
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

HR = "start=2026-01-05&protocol=cog-hr"
# The left edge, in page pixels, of the bar on a row (the main road's bar: only it has the Induction row).
BAR_LEFT = """label => {
  const chart = document.getElementById('chart');
  const bars = chart._fullData.filter(trace => trace.type === 'bar');
  const layers = chart.querySelectorAll('.barlayer .trace');
  for (let i = 0; i < bars.length; i += 1) {
    const point = bars[i].y.indexOf(label);
    if (point !== -1) {
      return layers[i].querySelectorAll('.point path')[point].getBoundingClientRect().left;
    }
  }
  return null;
}"""


def viewport_shot(watch, name):
    """Save what the screen shows (not the whole page), as a user first sees it."""
    ARTIFACTS.mkdir(exist_ok=True)
    watch.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("size", ["page", "phone"])
def test_day_1_of_every_scenario_is_the_same_pixel(request, live_server, size):
    watch = request.getfixturevalue(size)
    p = watch.page
    query = {"a": HR, "b": HR + "&branch=hsct", "c": "start=2026-01-05&protocol=cog-sr",
             "d": "start=2026-02-02&protocol=cog-sr"}
    p.goto(live_server + "/compare?" + urlencode(query))
    wait_for_chart(p)
    assert p.locator(".js-plotly-plot").count() == 1  # one figure, so one x axis
    left = {letter: p.evaluate(BAR_LEFT, f"{letter}\u00a0·\u00a0Induction") for letter in "ABCD"}
    assert abs(left["A"] - left["B"]) <= 1 and abs(left["A"] - left["C"]) <= 1
    # D starts 28 days later: the measure sees a real difference (so the checks above can fail).
    assert left["D"] - left["A"] > 5
    labels = p.locator("#chart .yaxislayer-above .ytick text").all_text_contents()
    rows = p.evaluate("() => document.getElementById('chart').layout.yaxis.categoryarray.length")
    assert len(labels) == rows  # every row keeps its label, on a phone too
    assert {t[0] for t in labels} == set("ABCD") and all(t[1:4] == "\u00a0·\u00a0" for t in labels), labels
    name = f"compare-four-{'desktop' if size == 'page' else 'phone'}"
    viewport_shot(watch, name)
    p.locator("#chart").screenshot(path=str(ARTIFACTS / f"{name}-chart.png"))
    watch.assert_clean()


def test_picker_builds_a_comparison_with_keyboard_and_mouse(page, live_server):
    p = page.page
    response = p.goto(live_server + "/compare")
    assert response.status == 200
    viewport_shot(page, "compare-empty-desktop")
    p.select_option("#a-protocol", "cog-hr")  # mouse: choose from the list
    p.select_option("#b-protocol", "cog-hr")
    p.click("label[for=b-branch-0]")  # the transplant path, by its label
    # The date field's day/month order follows Chromium's own locale, so the dates are filled, not typed.
    p.fill("#a-start", "2026-01-05")
    p.fill("#b-start", "2026-01-05")
    p.focus("#c-protocol")
    p.keyboard.press("ArrowDown")  # from "Leave scenario C out" to the first protocol (standard risk)
    assert p.input_value("#c-protocol") == "cog-sr"
    p.fill("#c-start", "2026-01-05")
    p.focus("button[type=submit]")
    with p.expect_navigation():
        p.keyboard.press("Enter")
    wait_for_chart(p)
    query = parse_qs(urlsplit(p.url).query)
    assert query == {"a": [HR], "b": [HR + "&branch=hsct"], "c": ["start=2026-01-05&protocol=cog-sr"]}
    summary = p.locator(".scenario-lengths").inner_text()
    assert "Scenario B ends on Mon, 12 Apr 2027, 359 days (about 12 months) earlier than scenario A (Wed, 5 Apr 2028)." in summary
    viewport_shot(page, "compare-built-desktop")
    page.assert_clean()


def test_a_bad_scenario_keeps_the_picker_and_names_it(phone, live_server):
    p = phone.page
    response = p.goto(live_server + "/compare?" + urlencode({"a": "cog-hr", "b": "protocol=cog-sr"}))
    assert response.status == 400
    assert "Scenario A: “cog-hr” is not a setting of a timeline." in p.locator(".error-summary").inner_text()
    assert p.locator("#chart").count() == 0
    viewport_shot(phone, "compare-error-phone")
    p.goto(live_server + "/compare")
    viewport_shot(phone, "compare-empty-phone")
    assert all("status of 400" in e for e in phone.errors)
