"""Arabic in real Chromium, phone and desktop: the page mirrors (form, tables, menus, "where are we"); time does not."""

from datetime import date
from itertools import pairwise

import pytest

from tests.charts import wait_for_chart

pytestmark = pytest.mark.browser

URL = "/?start=2026-01-05&protocol=cog-sr&today=2026-03-01&lang=ar"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# The right and left edges of an element's text itself (a Range), not of its box: where the words start.
TEXT_EDGES = "e => { const r = document.createRange(); r.selectNodeContents(e); const b = r.getBoundingClientRect();" \
             " return [b.left, b.right]; }"


@pytest.fixture(scope="module", params=sorted(SIZES), ids=str)
def arabic(request, browser, live_server):
    """The Arabic timeline at one size, loaded once for every test of this module at that size."""
    from tests.conftest import PageWatch

    context = browser.new_context(viewport=SIZES[request.param], locale="ar")
    watch = PageWatch(context.new_page())
    watch.page.goto(live_server + URL)
    wait_for_chart(watch.page)
    watch.page.locator("details.fold summary").first.click()  # the milestones table, folded on every size
    yield watch
    watch.screenshot(f"rtl-{request.param}")
    watch.assert_clean()
    context.close()


def box(page, selector):
    """Return the bounding box of the first element matching selector (it must be there and shown)."""
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def right(b):
    return b["x"] + b["width"]


def test_the_page_is_arabic_right_to_left_without_sideways_scroll(arabic):
    page = arabic.page
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_the_form_mirrors(arabic):
    page = arabic.page
    form, start = box(page, ".timeline-form"), box(page, "#start")
    label = page.locator("label[for=start]").evaluate(TEXT_EDGES)
    # The date field starts at the form's right, and its label's words start above the field's right edge.
    assert abs(right(start) - (right(form) - 16)) <= 1, (start, form)
    assert abs(label[1] - right(start)) <= 1, (label, start)
    assert label[0] > start["x"] + 1
    protocol = box(page, "#protocol")
    if page.viewport_size["width"] >= 768:
        # Two columns: the first field (the start date) is the right one, the protocol left of it.
        assert right(protocol) < start["x"], (protocol, start)
    else:
        assert protocol["y"] > start["y"] and abs(right(protocol) - right(start)) <= 1
    # A path's checkbox comes first, so it is at the right and its label left of it.
    check = box(page, ".branches li input")
    check_label = box(page, ".branches li label")
    assert check_label["x"] + check_label["width"] <= check["x"], (check_label, check)


@pytest.mark.parametrize("table", ["table.phases", "table.milestones"])
def test_the_tables_read_from_the_right(arabic, table):
    page = arabic.page
    cells = page.locator(f"{table} thead th").evaluate_all(
        "els => els.map(e => { const b = e.getBoundingClientRect(); return [b.left, b.right]; })")
    assert len(cells) >= 4
    # The first column is the right-most, each next one left of it.
    assert all(later[1] <= earlier[0] + 0.5 for earlier, later in pairwise(cells)), cells
    wrap = box(page, f".table-wrap:has({table})")
    assert abs(cells[0][1] - right(wrap)) <= 1, (cells[0], wrap)
    # text-align: start is the right: a heading's words end at its cell's right padding (8 px).
    head = page.locator(f"{table} thead th").first
    assert head.evaluate("e => getComputedStyle(e).textAlign") == "start"
    words = head.evaluate(TEXT_EDGES)
    assert abs(words[1] - (cells[0][1] - 8)) <= 1, (words, cells[0])
    caption = page.locator(f"{table} caption")
    assert abs(caption.evaluate(TEXT_EDGES)[1] - right(box(page, f"{table} caption"))) <= 1


@pytest.mark.parametrize("menu", [".site-nav", ".lang-menu"])
def test_the_menus_run_from_the_right(arabic, menu):
    page = arabic.page
    links = page.locator(f"{menu} li a").evaluate_all(
        "els => els.map(e => { const b = e.getBoundingClientRect(); return [e.textContent, b.left, b.right, b.top]; })")
    assert len(links) == 6, links
    if menu == ".lang-menu":
        assert [name for name, *_ in links] == ["English", "Español", "Français", "Português (Brasil)", "العربية",
                                                "简体中文"]
    rows = {}
    for name, left, right_edge, top in links:
        rows.setdefault(round(top), []).append((name, left, right_edge))
    for row in rows.values():  # within each line, the next item is left of the one before it
        assert all(b[2] < a[1] for a, b in pairwise(row)), row
    first_line = rows[min(rows)]
    list_box = box(page, f"{menu} ul")
    assert abs(first_line[0][2] - right(list_box)) <= 1, (first_line, list_box)


def test_where_we_are_box_mirrors(arabic):
    page = arabic.page
    now = page.locator(".now")
    assert now.evaluate("e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]") == [
        "4px", "0px"]
    label, bar = box(page, ".progress-line label"), box(page, "#progress")
    assert label["x"] >= right(bar), (label, bar)  # the label first, at the right; the bar left of it
    sentence = page.locator(".now p").first.evaluate(TEXT_EDGES)
    # Its words start inside the right border (4 px) and padding (16 px).
    assert abs(sentence[1] - (right(now.bounding_box()) - 20)) <= 1, sentence


def test_the_charts_time_still_runs_left_to_right(arabic):
    page = arabic.page
    assert page.locator("#chart").evaluate("e => getComputedStyle(e).direction") == "ltr"
    # The registry's Arabic month format is %m/%Y: "01/2026" (Latin digits, as CLDR's ar uses).
    ticks = page.locator("#chart .xtick text").evaluate_all(
        "els => els.map(e => [e.textContent, e.getBoundingClientRect().left])")
    assert len(ticks) >= 3, ticks
    months = [(date(int(t.split("/")[1]), int(t.split("/")[0]), 1), x) for t, x in ticks]
    assert [m for m, _x in sorted(months, key=lambda tick: tick[1])] == sorted(m for m, _x in months), ticks
    assert min(months)[0] == date(2026, 1, 1)
    # The first phase's bar starts left of the last one's: earlier is left.
    bars = page.locator("#chart .bars .point path").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().left)")
    assert len(bars) >= 2 and bars[0] < bars[-1], bars
