"""Arabic and Chinese in real Chromium: right to left on a phone, the chart's labels whole, the menu, no overflow."""

import pytest

from tests.charts import wait_for_chart

pytestmark = pytest.mark.browser

QUERY = "start=2026-01-05&protocol=cog-sr&today=2026-03-01"


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_arabic_on_a_phone_reads_right_to_left_with_a_whole_chart(phone, live_server):
    phone.page.goto(f"{live_server}/?{QUERY}&lang=ar")
    wait_for_chart(phone.page)
    assert phone.page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert _overflow(phone.page) <= 0
    # The heading starts at the right: its right edge sits at the page's right padding.
    heading = phone.page.locator("main h1").first.bounding_box()
    assert 390 - (heading["x"] + heading["width"]) < 24, heading
    # Time runs left to right, and every row name is whole inside the chart (not cut at its edge).
    chart = phone.page.locator("#chart").bounding_box()
    names = phone.page.locator("#chart .ytick text").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [e.textContent, r.left, r.right]; })")
    assert names and all(left >= chart["x"] - 0.5 and right <= chart["x"] + chart["width"] for _t, left, right in names), names
    ticks = phone.page.locator("#chart .xtick text").evaluate_all(
        "els => els.map(e => [e.textContent, e.getBoundingClientRect().left])")
    assert [t for t, _x in sorted(ticks, key=lambda tick: tick[1])] == [t for t, _x in ticks]  # earliest at left
    menu = phone.page.get_by_role("navigation", name="اللغة")
    assert menu.get_by_role("link", name="العربية").get_attribute("aria-current") == "true"
    phone.screenshot("timeline-arabic-phone")
    menu.get_by_role("link", name="简体中文").click()
    wait_for_chart(phone.page)
    assert phone.page.locator("html").get_attribute("lang") == "zh" and "protocol=cog-sr" in phone.page.url
    assert phone.page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    assert _overflow(phone.page) <= 0
    ticks = phone.page.locator("#chart .xtick text").all_text_contents()
    assert "2026年1月" in ticks, ticks  # the registry's month format for Chinese, not "一 2026"
    phone.screenshot("timeline-chinese-phone")
    phone.assert_clean()


@pytest.mark.parametrize("lang", ["fr", "pt", "ar", "zh"])
def test_the_print_view_fits_its_paper_in_each_language(page, live_server, lang):
    page.page.goto(f"{live_server}/print?start=2026-01-05&protocol=cog-hr&branch=hsct&lang={lang}")
    wait_for_chart(page.page)
    assert _overflow(page.page) <= 0
    assert page.page.locator(".review-note").count() == 1
    page.screenshot(f"print-{lang}")
    page.assert_clean()


def test_the_print_views_language_menu_is_one_row(page, live_server):
    page.page.goto(f"{live_server}/print?start=2026-01-05&protocol=cog-sr&lang=fr")
    tops = page.page.locator(".toolbar .lang-menu a").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    assert len(tops) == 6 and len(set(tops)) == 1, tops
