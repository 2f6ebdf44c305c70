"""Life after treatment in real Chromium on a phone: the row after the end, its marks and labels, and the panel."""

import pytest

from tests.charts import wait_for_chart

pytestmark = pytest.mark.browser


# Every visible label of the chart, and every bar, as boxes; the names of the labels that overlap something.
OVERLAPS = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
  const real = (b) => b.r - b.l > 0.5 && b.b - b.t > 0.5;
  const hit = (a, b) => a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;
  const labels = [...document.querySelectorAll('#chart .scatterlayer .textpoint text')]
    .filter((t) => t.textContent && t.getAttribute('visibility') !== 'hidden')
    .map((t) => ({name: t.textContent, box: box(t)})).filter((x) => real(x.box));
  const bars = [...document.querySelectorAll('#chart .barlayer .point path')].map(box).filter(real);
  const found = [];
  labels.forEach((x, i) => {
    if (labels.some((y, j) => j !== i && hit(x.box, y.box)) || bars.some((b) => hit(x.box, b))) {
      found.push(x.name);
    }
  });
  return {labels: labels.map((x) => x.name), overlapping: found};
}"""


@pytest.mark.parametrize(("lang", "row", "title", "live"), [
    ("en", "After treatment", "After treatment", "Wed, 13 Oct 2027 to Thu, 13 Apr 2028 (the sources give a range)"),
    ("es", "Después del tratamiento", "Después del tratamiento",
     "Del mié, 13 oct 2027 al jue, 13 abr 2028 (las fuentes dan un intervalo)"),
])
def test_after_treatment_on_a_phone_shows_its_marks_and_panel_without_overlaps(phone, live_server, lang, row, title,
                                                                               live):
    p = phone.page
    p.goto(f"{live_server}/?start=2026-01-05&protocol=cog-hr&branch=hsct&guideline=uk" + ("&lang=es" if lang == "es"
                                                                                          else ""))
    wait_for_chart(p)
    ticks = p.evaluate("() => [...document.querySelectorAll('#chart .yaxislayer-above .ytick text')]"
                       ".map((t) => t.textContent.replace(/\\s+/g, ''))")
    assert row.replace(" ", "") in ticks  # the phone wraps row names onto lines
    # The row's marks in view (end, live vaccines) are drawn inside the plot; long-term follow-up, five years on, is
    # beyond the view (the panel dates it), so treatment stays readable.
    frame = p.locator("#chart svg.main-svg").first.bounding_box()
    # The scatter traces in the figure's order: the steps' circles, then the mark for the later ones at the edge.
    marks, later = p.evaluate("""() => {
      const traces = [...document.querySelectorAll('#chart .scatterlayer .trace')];
      const scatter = document.getElementById('chart').data.filter((t) => t.type === 'scatter');
      return ['circle', 'arrow-bar-right'].map((symbol) => scatter.findIndex((t) => t.marker.symbol === symbol))
        .map((i) => [...traces[i].querySelectorAll('.points .point')].map((el) => {
          const r = el.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; }));
    }""")
    assert len(marks) == 2  # the end and the live vaccines; follow-up five years on is beyond the view
    assert len(later) == 1  # ...and marked at the view's right edge
    assert all(frame["x"] <= left and right <= frame["x"] + frame["width"] for left, right, _t, _b in marks + later)
    assert later[0][0] >= max(right for _l, right, _t, _b in marks)  # clear of the last step drawn
    result = p.evaluate(OVERLAPS)
    assert result["overlapping"] == []
    # The steps after treatment carry no labels (the row's name says what they are; the panel below names each),
    # so they take no room from the checks' labels.
    assert not {"Vaccines again?", "Live vaccines?", "Follow-up clinic"} & set(result["labels"])
    panel = p.locator("#after-treatment")
    panel.scroll_into_view_if_needed()
    assert panel.locator("h3").inner_text() == title
    assert live in panel.inner_text()
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    p.locator("#chart").screenshot(path=f"test-artifacts/after-chart-phone-{lang}.png")
    panel.screenshot(path=f"test-artifacts/after-panel-phone-{lang}.png")
    phone.assert_clean()
