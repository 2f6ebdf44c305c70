"""Wait for a page's Plotly chart as a reader gets it drawn: scrolled to, with a person at the page (issue 13)."""

from __future__ import annotations

from playwright.sync_api import Error


def wait_for_chart(page, chart: str = "#chart", drawn: str = "[data-drawn='true']") -> None:
    """Scroll to `chart`, move the mouse (the print view waits for a person), wait until it is drawn, scroll back.

    The chart draws only near the viewport; the page goes back to where it was, so a test of the first screen still
    sees the first screen.
    """
    for attempt in range(3):
        try:
            where = page.evaluate("[window.scrollX, window.scrollY]")
            page.locator(chart).first.scroll_into_view_if_needed()
            # Two moves, so the pointer moves even when a previous page left it at one of these points.
            page.mouse.move(0, 0)
            page.mouse.move(1, 1)
            page.wait_for_selector(chart + drawn)
            page.evaluate("([x, y]) => window.scrollTo(x, y)", where)
            return
        except Error as error:
            # A click that submits a form may still be leaving the old page: start again on the new one.
            if "context was destroyed" not in str(error) or attempt == 2:
                raise
            page.wait_for_load_state()
