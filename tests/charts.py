"""Wait for a page's Plotly chart as a reader gets it drawn: scrolled to, with a person at the page (issue 13)."""

from __future__ import annotations


def wait_for_chart(page, chart: str = "#chart", drawn: str = "[data-drawn='true']") -> None:
    """Scroll `chart` into view, move the mouse (the print view waits for a person), and wait until it is drawn."""
    page.locator(chart).first.scroll_into_view_if_needed()
    # Two moves, so the pointer moves even when a previous page left it at one of these points.
    page.mouse.move(0, 0)
    page.mouse.move(1, 1)
    page.wait_for_selector(chart + drawn)
