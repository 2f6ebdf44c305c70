"""The print view on a phone (390 x 844) in real Chromium: every row name of the chart whole, nothing wider than it."""

import pytest

from tests.charts import wait_for_chart
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

QUERY = "start=2026-01-05&protocol=cog-hr&branch=hsct"
# Each row name's box, the chart's box and the viewport's width, in CSS pixels.
BOXES = """() => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; };
    const chart = document.getElementById('chart');
    return {
        names: Array.from(chart.querySelectorAll('.ytick text')).map(e => [e.textContent, ...box(e)]),
        chart: box(chart),
        viewport: document.documentElement.clientWidth,
        scroll: document.documentElement.scrollWidth,
    };
}"""


def _cut(boxes) -> list:
    left, right, top, bottom = boxes["chart"]
    return [name for name in boxes["names"]
            if name[1] < max(0, left) - 0.5 or name[2] > min(boxes["viewport"], right) + 0.5
            or name[3] < top - 0.5 or name[4] > bottom + 0.5]


@pytest.mark.parametrize("lang", ["en", "es", "ar", "zh"])
@pytest.mark.parametrize("path", ["/print", "/"])
def test_every_row_name_is_inside_the_viewport_and_the_chart_on_a_phone(phone, live_server, path, lang):
    phone.page.goto(f"{live_server}{path}?{QUERY}&lang={lang}")
    wait_for_chart(phone.page)
    boxes = phone.page.evaluate(BOXES)
    assert len(boxes["names"]) >= 7, boxes["names"]  # every row is named (none dropped for lack of room)
    assert _cut(boxes) == [], boxes
    # Nothing wider than the phone (the tables' one-line dates were): it would zoom the whole page out.
    assert boxes["scroll"] <= boxes["viewport"], boxes
    ARTIFACTS.mkdir(exist_ok=True)
    name = "print" if path == "/print" else "timeline"
    phone.page.locator("#chart").screenshot(path=str(ARTIFACTS / f"{name}-chart-phone-{lang}.png"))
    if path == "/print":
        phone.page.locator("table.phases").screenshot(path=str(ARTIFACTS / f"print-table-phone-{lang}.png"))
    phone.assert_clean()
