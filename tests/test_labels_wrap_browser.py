"""The chart's row names on a phone (labels.js, shared by the timeline and the print view): wrapped whole, in Chinese
by character, and the mark for later steps clear of the last step drawn (issue 14)."""

import pytest

from tests.charts import wait_for_chart
from tests.conftest import ARTIFACTS
from tests.test_labels_browser import assert_labels_clear, boxes, hidden_labels, overlap

pytestmark = pytest.mark.browser

CAR_T = "start=2026-01-05&protocol=cog-sr&branch=car-t"
LINE_UNITS = 16  # labels.js: a line's width in Latin letters, a CJK character counting as two
# Each row name's lines (Plotly draws one tspan a line) and its box, and the chart's box.
ROW_NAMES = """() => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; };
    const chart = document.getElementById('chart');
    return {
        names: Array.from(chart.querySelectorAll('.ytick text')).map(text => ({
            lines: text.querySelector('tspan.line')
                ? Array.from(text.querySelectorAll('tspan.line')).map(line => line.textContent) : [text.textContent],
            box: box(text)})),
        chart: box(chart),
    };
}"""


def units(line: str) -> int:
    """Count a line's width as labels.js does, leaving out the brackets and stops that may hang past its end."""
    return sum(2 if "\u2e80" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" else 1 for c in line if c not in "（）、。，：；")


@pytest.mark.parametrize("path", ["/", "/print"])
def test_chinese_car_t_row_names_wrap_by_character_inside_the_chart_on_a_phone(phone, live_server, path):
    phone.page.goto(f"{live_server}{path}?{CAR_T}&lang=zh")
    wait_for_chart(phone.page)
    found = phone.page.evaluate(ROW_NAMES)
    names = {"".join(name["lines"]): name for name in found["names"]}
    assert len(names) == 8, list(names)  # induction, six CAR-T steps, after treatment: none dropped for lack of room
    left, right = found["chart"][:2]
    for text, name in names.items():
        assert left - 0.5 <= name["box"][0] and name["box"][1] <= right + 0.5, (text, name, found["chart"])
        for line in name["lines"]:
            assert units(line) <= LINE_UNITS, (text, name["lines"])
            assert not line.startswith(("）", "，", "：", "、")), name["lines"]  # no closing mark starts a line
            assert not line.endswith("（"), name["lines"]  # an opening bracket goes down with its words
    assert names["如做CAR-T：制备细胞；桥接治疗（结束时间不确定）"]["lines"] == [
        "如做CAR-T：制备", "细胞；桥接治疗", "（结束时间不确定）"]
    assert names["治疗结束后"]["lines"] == ["治疗结束后"]
    ARTIFACTS.mkdir(exist_ok=True)
    phone.page.locator("#chart").screenshot(path=str(ARTIFACTS / f"wrap-zh-car-t-{path.strip('/') or 'timeline'}.png"))
    phone.assert_clean()


def test_the_shared_wrap_keeps_latin_names_at_spaces_and_cuts_chinese_between_code_points(phone, live_server):
    phone.page.goto(f"{live_server}/?{CAR_T}")
    wrap = "name => AllTimelineLabels.wrap(name)"
    assert phone.page.evaluate(wrap, "If CAR-T: collecting T cells (uncertain end)") == [
        "If CAR-T:", "collecting T", "cells (uncertain", "end)"]
    assert phone.page.evaluate(wrap, "Maintenance_without_any_space_at_all") == ["Maintenance_without_any_space_at_all"]
    # U+20BB7 (𠮷) is one character of two UTF-16 units: it is never cut in half.
    assert phone.page.evaluate(wrap, "𠮷" * 10) == ["𠮷" * 8, "𠮷" * 2]
    phone.assert_clean()


# The after-treatment row's circles and the mark for later steps at the right edge: each mark's left and right.
AFTER_ROW = """([circle, arrow]) => {
    const chart = document.getElementById('chart');
    const marks = name => chart._fullData.filter(d => d.name === name)
        .flatMap(d => Array.from(chart.querySelectorAll('.scatterlayer .trace' + d.uid + ' .point')))
        .map(p => { const r = p.getBoundingClientRect(); return [r.left, r.right]; })
        .filter(b => b[1] - b[0] > 0.5);
    return {circles: marks(circle), arrow: marks(arrow)};
}"""


@pytest.mark.parametrize("query", ["start=2026-01-05&protocol=cog-sr", "start=2026-01-05&protocol=cog-hr&branch=hsct"])
@pytest.mark.parametrize("path", ["/", "/print"])
def test_the_last_step_after_treatment_does_not_touch_the_later_steps_mark_on_a_phone(phone, live_server, path, query):
    phone.page.goto(f"{live_server}{path}?{query}")
    wait_for_chart(phone.page)
    found = phone.page.evaluate(AFTER_ROW, ["Step after treatment", "Later steps (dated in the list below)"])
    assert found["circles"] and len(found["arrow"]) == 1, found
    last = max(right for _, right in found["circles"])
    assert found["arrow"][0][0] - last >= 2, found  # a clear gap: they touched (the arrow began 8 px inside the circle)
    phone.assert_clean()


# Issue 14: in Arabic and Chinese too, a phone's chart keeps its time left to right and nothing on it overlaps.
@pytest.mark.parametrize("lang", ["ar", "zh"])
@pytest.mark.parametrize("query", [CAR_T, "start=2026-01-05&protocol=cog-hr&branch=hsct"])
def test_on_a_phone_arabic_and_chinese_charts_show_every_label_covering_nothing(phone, live_server, query, lang):
    phone.page.goto(f"{live_server}/?{query}&lang={lang}")
    wait_for_chart(phone.page)
    ticks = boxes(phone.page, "#chart .yaxislayer-above .ytick text")
    for i, tick in enumerate(ticks):
        assert not any(overlap(tick, other) for other in ticks[i + 1:]), tick
    assert assert_labels_clear(phone.page, f"phone-{lang}-{query.rsplit('=', 1)[-1]}")
    assert hidden_labels(phone.page) == []
    dates = [tick["left"] for tick in boxes(phone.page, "#chart .xaxislayer-above .xtick text")]
    assert dates == sorted(dates) and len(dates) >= 2  # the dates run left to right
    phone.assert_clean()
