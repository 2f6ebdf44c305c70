"""The print view in real Chromium: the chart fits the paper (plotly.js #1275) and Ctrl+P equals the PDF."""

import urllib.request

import pytest

from tests import pdf_reading
from tests.charts import wait_for_chart
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.pdf]

QUERY = "start=2026-01-05&protocol=cog-sr"
MM = 96 / 25.4  # CSS pixels per millimetre
MARGIN_MM = 14
PAPERS = {"a4": (210, "A4"), "letter": (215.9, "Letter")}


@pytest.mark.parametrize("paper", PAPERS)
def test_print_media_chart_fits_inside_the_page_box(shared_page, live_server, paper):
    width_mm, _ = PAPERS[paper]
    p = shared_page(viewport={"width": round(width_mm * MM), "height": 1100}).page
    errors = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.emulate_media(media="print")
    p.goto(f"{live_server}/print?{QUERY}")
    wait_for_chart(p)
    box = p.evaluate("""() => {
        const rect = el => el.getBoundingClientRect();
        const chart = document.getElementById('chart');
        const svg = chart.querySelector('svg.main-svg');
        // Drawn parts only: a mark beyond the view (a step years after treatment) is clipped to nothing.
        const parts = Array.from(chart.querySelectorAll('.barlayer .point, .scatterlayer .point, .xtick text, .ytick text, .legend'))
            .filter(e => rect(e).width > 0);
        return {
            page: document.documentElement.clientWidth,
            scroll: document.documentElement.scrollWidth,
            main: [rect(document.querySelector('main')).left, rect(document.querySelector('main')).right],
            chart: [rect(chart).left, rect(chart).right],
            svg: [rect(svg).left, rect(svg).right],
            parts: [Math.min(...parts.map(e => rect(e).left)), Math.max(...parts.map(e => rect(e).right))],
            bars: chart.querySelectorAll('.barlayer .point').length,
        };
    }""")
    printable = (width_mm - 2 * MARGIN_MM) * MM
    assert box["scroll"] <= box["page"]
    assert box["main"][1] - box["main"][0] <= printable + 1
    assert box["chart"][0] >= box["main"][0] - 1 and box["chart"][1] <= box["main"][1] + 1
    # Plotly drew at the column's width, not at a screen width, and every mark is inside it.
    assert box["svg"] == pytest.approx(box["chart"], abs=1)
    assert box["parts"][0] >= box["svg"][0] - 1 and box["parts"][1] <= box["svg"][1] + 1
    # 6 phases; induction's 29 to 35 days (UNCERTAIN) may move the 5 after it: 5 "may start between" bands and 6
    # uncertain ends; the band after treatment.
    assert box["bars"] == 18
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / f"print-{paper}.png"), full_page=True)


@pytest.mark.parametrize("paper", PAPERS)
def test_browser_print_of_the_print_view_equals_the_pdf_export(shared_page, live_server, tmp_path, paper):
    _, playwright_format = PAPERS[paper]
    p = shared_page().page
    # As a person would: open the page on screen, then print it (Ctrl+P).
    p.goto(f"{live_server}/print?{QUERY}")
    wait_for_chart(p)
    printed = tmp_path / "printed.pdf"
    printed.write_bytes(p.pdf(format=playwright_format, print_background=True))
    exported = tmp_path / "exported.pdf"
    with urllib.request.urlopen(f"{live_server}/schedule.pdf?{QUERY}&paper={paper}", timeout=30) as response:
        exported.write_bytes(response.read())
    count = pdf_reading.page_count(exported)
    assert pdf_reading.page_count(printed) == count
    for page in range(1, count + 1):
        assert pdf_reading.page_text(printed, page) == pdf_reading.page_text(exported, page)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_print_chart_labels_every_row_of_a_path(shared_page, live_server, lang):
    p = shared_page(viewport={"width": round(210 * MM), "height": 1100}).page
    p.emulate_media(media="print")
    p.goto(f"{live_server}/print?start=2026-01-05&protocol=cog-hr&branch=hsct&lang={lang}")
    wait_for_chart(p)
    labels = p.locator("#chart .ytick text").all_text_contents()
    # Transplant replaces the rest of the main road: induction and consolidation, then the 6 transplant steps,
    # every row labelled (Plotly skips labels of rows that are too thin), and the row after treatment.
    assert len(labels) == 9
    assert labels[-1] == ("Después del tratamiento" if lang == "es" else "After treatment")
    assert labels[:2] == (["Inducción", "Consolidación (BFM aumentado) (final incierto)"] if lang == "es"
                          else ["Induction", "Consolidation (augmented BFM) (uncertain end)"])
    # Consolidation's range moves every transplant step after it: each says its end is uncertain.
    assert ("Si hay trasplante: búsqueda de donante (final incierto)" if lang == "es"
            else "If transplant: donor search (uncertain end)") in labels
    # Every milestone label is shown on paper too (issue 15; tests/test_labels_browser.py checks they cover nothing).
    assert p.get_attribute("#chart", "data-hidden-labels") == "0"
    shown = p.locator("#chart .textpoint text:not([visibility='hidden'])").all_text_contents()
    assert shown[1] == ("Médula día 29" if lang == "es" else "Day 29 marrow") and len(shown) == 5
    p.screenshot(path=str(ARTIFACTS / f"print-transplant-{lang}.png"), full_page=True)
