"""Issue 11 in real Chromium: a parent on a phone records "consolidation started on ..." and sees the journey move."""

import pytest

from tests.charts import wait_for_chart

pytestmark = pytest.mark.browser

PAGE = "/?start=2026-01-05&protocol=cog-hr&today=2026-04-20"


@pytest.mark.parametrize(("lang", "label", "button", "later"), [
    ("en", "Consolidation (augmented BFM): started on", "Re-draw with these dates", "7 days later than first planned"),
    ("es", "Consolidación (BFM aumentado): empezó el", "Volver a dibujar con estas fechas",
     "7 días más tarde de lo previsto al principio"),
])
def test_a_parent_records_a_late_consolidation_on_a_phone(phone, live_server, lang, label, button, later):
    p = phone.page
    p.goto(f"{live_server}{PAGE}" + ("&lang=es" if lang == "es" else ""))
    wait_for_chart(p)
    field = p.get_by_label(label)
    assert field.get_attribute("type") == "date" and field.input_value() == "2026-02-09"
    box = p.locator(".actual-dates")
    assert box.bounding_box()["y"] < p.locator("#chart").bounding_box()["y"]  # next to "you are here", above the chart
    phone.screenshot(f"started-form-phone-{lang}")
    field.fill("2026-02-16")  # 7 days after the planned 9 Feb
    p.get_by_role("button", name=button).click()
    wait_for_chart(p)
    assert "started=consolidation%3A2026-02-16" in p.url
    assert later in p.locator(".recorded-note").inner_text()
    assert p.get_by_label(label).input_value() == "2026-02-16"
    assert p.locator("#chart .trace.bars").count() >= 2  # the first plan is drawn behind the journey
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    p.locator(".actual-dates").screenshot(path=f"test-artifacts/started-recorded-phone-{lang}.png")
    phone.assert_clean()
