"""The Spanish pages in real Chromium: Spanish text, Spanish month names on the chart's axis, the switch."""

import pytest

from tests.charts import wait_for_chart

pytestmark = pytest.mark.browser

QUERY = "start=2026-01-05&protocol=cog-hr&branch=hsct&today=2026-03-02"


def test_spanish_timeline_draws_spanish_axis_and_switches_back(page, live_server):
    page.page.goto(f"{live_server}/?{QUERY}&lang=es")
    wait_for_chart(page.page)
    assert page.page.locator("html").get_attribute("lang") == "es"
    ticks = page.page.locator("#chart .xtick text").all_text_contents()
    # plotly.js's Spanish locale (served from static/vendor) names the months: "ene 2026", "abr 2026", ...
    assert any(t.lower().startswith(("ene", "abr", "jul", "oct")) for t in ticks), ticks
    assert not any(t.startswith(("Jan", "Apr", "Oct")) for t in ticks), ticks
    assert page.page.locator("#timeline-title").inner_text() == "El recorrido a partir del lun, 5 ene 2026"
    page.screenshot("timeline-spanish")
    page.page.get_by_role("link", name="English").first.click()
    wait_for_chart(page.page)
    assert page.page.locator("html").get_attribute("lang") == "en"
    assert "lang=" not in page.page.url and "branch=hsct" in page.page.url
    page.assert_clean()


def test_spanish_form_submits_and_stays_spanish(page, live_server):
    page.page.goto(f"{live_server}/?lang=es")
    page.page.fill("#start", "2026-01-05")
    page.page.press("#start", "Enter")
    wait_for_chart(page.page)
    assert "lang=es" in page.page.url
    assert page.page.locator("html").get_attribute("lang") == "es"
    page.assert_clean()


def test_spanish_phone_page(phone, live_server):
    phone.page.goto(f"{live_server}/?{QUERY}&lang=es")
    wait_for_chart(phone.page)
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone.screenshot("timeline-spanish-phone")
    phone.assert_clean()
