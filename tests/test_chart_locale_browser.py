"""plotly.js speaks the page's language in real Chromium: the mode bar's tooltips, on an Arabic phone too."""

import pytest

from tests.charts import wait_for_chart
from tests.conftest import ARTIFACTS
from tests.test_chart_locale import BUTTONS
from webapp import chart_locale, i18n

pytestmark = pytest.mark.browser

QUERY = "start=2026-01-05&protocol=cog-sr"


def _titles(page) -> list[str]:
    return page.locator("#chart .modebar-btn").evaluate_all("els => els.map(e => e.getAttribute('data-title'))")


def test_arabic_phone_mode_bar_tooltips_are_arabic(phone, live_server):
    phone.page.goto(f"{live_server}/?{QUERY}&lang=ar")
    wait_for_chart(phone.page)
    phone.page.locator("#chart .plot-container").hover()
    zoom_in = phone.page.locator("#chart .modebar-btn").nth(1)
    zoom_in.hover()
    assert zoom_in.get_attribute("data-title") == "تكبير"
    assert _titles(phone.page) == ["تنزيل الرسم البياني كصورة (PNG)", "تكبير", "تصغير", "العودة إلى العرض الأول"]
    # The tooltip itself is the button's ::after, drawn from data-title: it is on screen, in Arabic.
    shown = zoom_in.evaluate("e => getComputedStyle(e, '::after').content")
    assert shown == '"تكبير"', shown
    ARTIFACTS.mkdir(exist_ok=True)
    phone.page.locator("#chart").screenshot(path=str(ARTIFACTS / "chart-modebar-arabic-phone.png"))
    phone.assert_clean()


def test_every_languages_mode_bar_speaks_it(page, live_server):
    for code in i18n.REGISTRY:
        page.page.goto(f"{live_server}/?{QUERY}&lang={code}")
        wait_for_chart(page.page)
        with i18n.active(code):
            expected = [i18n.gettext(chart_locale.BUTTON_TITLES[b]) for b in BUTTONS]
        assert _titles(page.page) == expected, code
    assert expected[0] == "将图表下载为图片（PNG）"
    page.assert_clean()
