"""When plotly.js loads and charts draw, in real Chromium (static/js/plotly-loader.js, issue 13).

A phone's timeline shows its text, table and status without plotly.js; the chart draws when it comes near.
"""

import pytest

from tests.charts import wait_for_chart

pytestmark = pytest.mark.browser

TIMELINE = "/?start=2026-01-05&protocol=cog-hr&branch=hsct"
PRINT = "/print?start=2026-01-05&protocol=cog-sr"


def plotly_fetched(watch) -> bool:
    """Say whether the page asked for the plotly.js bundle."""
    return any("/static/vendor/plotly-basic-" in url for url in watch.requests)


def settle(p) -> None:
    """Let the page paint twice and run what it queued after painting (the loader waits for the first paint)."""
    p.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))))")
    p.wait_for_load_state("networkidle")


def test_a_phone_timeline_loads_no_plotly_until_the_chart_comes_near(phone, live_server):
    p = phone.page
    p.goto(live_server + TIMELINE)
    settle(p)
    # The chart is three screens down: its box keeps the chart's height, the status is there, plotly.js is not.
    assert not plotly_fetched(phone)
    assert p.locator("#chart").get_attribute("data-drawn") is None
    assert p.locator("#chart").evaluate("el => el.getBoundingClientRect().height") >= 320
    assert p.locator(".now").is_visible()
    # Within a screen of the viewport (the observer's margin) it loads and draws, before it is in view.
    top = p.locator("#chart").evaluate("el => el.getBoundingClientRect().top + scrollY")
    p.evaluate(f"() => window.scrollTo(0, {top} - 1.5 * innerHeight)")
    p.wait_for_selector("#chart[data-drawn='true']")
    assert plotly_fetched(phone)
    assert p.locator("#chart .barlayer .point").count() > 0
    phone.assert_clean()


def test_a_desktop_timeline_draws_the_chart_once_scrolled_to(page, live_server):
    p = page.page
    p.goto(live_server + TIMELINE)
    wait_for_chart(p)
    assert p.locator("#chart svg.main-svg").count() > 0
    page.assert_clean()


def test_the_print_view_waits_for_a_person_before_it_draws(page, live_server):
    p = page.page
    p.goto(live_server + PRINT)
    settle(p)
    # The chart is in the first screen, but nobody has touched the page yet: no plotly.js during the page's load.
    assert p.locator("#chart").evaluate("el => el.getBoundingClientRect().top < innerHeight")
    assert not plotly_fetched(page)
    p.mouse.move(5, 5)
    p.mouse.move(6, 6)
    p.wait_for_selector("#chart[data-drawn='true']")
    page.assert_clean()


def test_the_print_button_draws_the_chart_before_it_prints(page, live_server):
    p = page.page
    p.goto(live_server + PRINT)
    settle(p)
    # Headless Chromium has no print dialog: record whether the chart was drawn when the page asked to print.
    p.evaluate("""() => { window.print = () => document.body.setAttribute('data-printed',
        document.getElementById('chart').getAttribute('data-drawn') || 'no'); }""")
    p.locator(".print-button").focus()
    p.keyboard.press("Enter")
    p.wait_for_selector("body[data-printed]")
    assert p.locator("body").get_attribute("data-printed") == "true"
    page.assert_clean()


def test_a_page_printed_from_the_start_draws_at_once(browser, live_server):
    context = browser.new_context(viewport={"width": 800, "height": 1100})
    try:
        p = context.new_page()
        # As the server's PDF printer opens it (webapp/exports/pdf.py): print media, no person, no scrolling.
        p.emulate_media(media="print")
        p.goto(live_server + PRINT)
        p.wait_for_selector("#chart[data-drawn='true']")
    finally:
        context.close()


def test_ctrl_p_on_a_timeline_draws_the_chart_before_it_prints(page, live_server):
    p = page.page
    p.goto(live_server + TIMELINE)
    settle(p)
    assert p.locator("#chart").get_attribute("data-drawn") is None  # two screens down on a desktop
    p.evaluate("""() => { window.print = () => document.body.setAttribute('data-printed',
        document.getElementById('chart').getAttribute('data-drawn') || 'no'); }""")
    p.keyboard.press("Control+p")
    p.wait_for_selector("body[data-printed]")
    assert p.locator("body").get_attribute("data-printed") == "true"
    page.assert_clean()


def test_after_a_person_arrives_plotly_is_fetched_so_a_menu_print_draws_the_chart(page, live_server):
    p = page.page
    p.goto(live_server + TIMELINE)
    settle(p)
    assert not plotly_fetched(page) and p.evaluate("() => !window.Plotly")
    p.mouse.move(5, 5)
    p.mouse.move(6, 6)
    # Fetched when the page is idle, but not drawn: the chart is two screens down.
    for _ in range(100):
        if p.evaluate("() => Boolean(window.Plotly)"):
            break
        p.wait_for_timeout(100)
    assert plotly_fetched(page)
    assert p.locator("#chart").get_attribute("data-drawn") is None
    # The browser's own Print menu fires beforeprint and lays the page out at once: the chart is drawn for it.
    p.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    p.wait_for_selector("#chart[data-drawn='true']")
    page.assert_clean()


def test_a_chart_not_drawn_when_printed_says_so_on_paper_instead_of_an_empty_box(page, live_server):
    p = page.page
    p.goto(live_server + TIMELINE)
    settle(p)
    note = p.locator(".chart-unprinted")
    assert note.is_hidden()  # on screen the chart's box waits for the reader
    # The browser's Print menu with nobody at the page yet: plotly.js is not there to draw in time.
    p.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    p.emulate_media(media="print")
    assert note.is_visible() and p.locator("#chart").is_hidden()
    assert note.inner_text().startswith("The chart was not ready when this page was printed: print again with Ctrl+P")
    # After the print, the page is as it was; plotly.js was fetched meanwhile, so the next print draws the chart.
    p.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert p.locator("#chart").get_attribute("data-unprinted") is None
    page.assert_clean()
