"""Patient options in real Chromium on a phone: the form offers the chosen protocol's options and the end moves."""

import re

import pytest

from tests.charts import wait_for_chart

pytestmark = pytest.mark.browser



# AALL0434's consolidation begins on Day 36 (its outline's week numbers, data/phases.csv), so a boy's 3 years from
# interim maintenance end on 5 Apr 2029.
@pytest.mark.parametrize(("lang", "sex", "boy", "end"), [
    ("en", "Sex", "Boy", "Thu, 5 Apr 2029"),
    ("es", "Sexo", "Niño", "jue, 5 abr 2029"),
])
def test_a_parent_chooses_boy_for_t_all_on_a_phone(phone, live_server, lang, sex, boy, end):
    p = phone.page
    p.goto(f"{live_server}/?start=2026-01-05&protocol=t-all" + ("&lang=es" if lang == "es" else ""))
    wait_for_chart(p)
    field = p.get_by_label(sex, exact=True)
    assert field.is_visible() and p.locator("#hr_favourable").is_hidden()  # cog-hr's option is not offered here
    field.select_option(label=boy)
    p.locator(".timeline-form").screenshot(path=f"test-artifacts/options-form-phone-{lang}.png")
    p.locator(".timeline-form button[type=submit]").click()
    wait_for_chart(p)
    assert re.search(r"[?&]sex=male(&|$)", p.url)
    assert end in p.locator(".summary").first.inner_text()  # 3 years after interim maintenance began (AALL0434)
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    p.locator(".option-lines").screenshot(path=f"test-artifacts/options-lines-phone-{lang}.png")
    phone.assert_clean()
