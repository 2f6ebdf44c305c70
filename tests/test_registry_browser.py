"""The grouped protocol picker and "Which protocol is mine?" in real Chromium, at phone and desktop sizes (issue 12)."""

import pytest

from tests.charts import wait_for_chart
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_the_picker_groups_protocols_and_says_who_the_chosen_one_is_for(page, live_server):
    p = page.page
    p.goto(live_server + "/?protocol=cog-sr")
    groups = p.locator("#protocol optgroup")
    assert groups.count() == 12
    assert groups.nth(5).get_attribute("label") == "UK and Europe: ALLTogether consortium"
    assert p.locator("#protocol optgroup[label='UK and Europe: AIEOP-BFM'] option").all_inner_texts() == [
        "Children: AIEOP-BFM ALL 2017, standard and medium risk", "Children: AIEOP-BFM ALL 2017, high risk (HR blocks)"]
    line = p.locator("#protocol-line")
    assert line.inner_text().endswith("Current (version of 2021).")
    p.select_option("#protocol", "ukall2011")
    assert line.inner_text().endswith("Closed to new patients, replaced by Children and young adults: "
                                      "ALLTogether1 (UK and Europe) (version of 2011).")
    # The paths follow the chosen protocol: UKALL 2011 offers none.
    assert p.locator("#branch-fieldset input:not([disabled])").count() == 0
    p.select_option("#protocol", "aall1331")
    assert line.inner_text().startswith("For a leukaemia that has come back (relapse).")
    ARTIFACTS.mkdir(exist_ok=True)
    p.locator(".form-section").screenshot(path=str(ARTIFACTS / "picker-desktop-aall1331.png"))
    page.assert_clean()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_which_protocol_page_reads_on_a_phone_and_a_desktop(browser, live_server, size):
    viewport = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}[size]
    context = browser.new_context(viewport=viewport, locale="en-GB")
    p = context.new_page()
    p.goto(live_server + "/")
    p.get_by_role("link", name="Which protocol?").click()
    p.wait_for_url("**/protocols")
    assert p.get_by_role("heading", name="Which protocol is mine?", level=1).is_visible()
    # No sideways scrolling of the page itself: wide tables scroll inside their own region.
    assert p.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    row = p.locator("#protocol-relapse-hr-blinatumomab")
    assert row.get_by_text("For a leukaemia that has come back (relapse).").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / f"which-protocol-{size}.png"))
    row.scroll_into_view_if_needed()
    p.screenshot(path=str(ARTIFACTS / f"which-protocol-{size}-relapse.png"))
    row.get_by_role("link", name="First relapse, high risk, children: one blinatumomab cycle before transplant").click()
    p.wait_for_url("**/?protocol=relapse-hr-blinatumomab")
    assert p.locator("#protocol").input_value() == "relapse-hr-blinatumomab"
    context.close()


@pytest.mark.parametrize("protocol_id", ["ukall2011", "aieop-bfm-2017", "relapse-hr-blinatumomab"])
def test_a_new_protocols_timeline_draws_on_a_phone(phone, live_server, protocol_id):
    p = phone.page
    p.goto(live_server + f"/?start=2026-01-05&protocol={protocol_id}&today=2026-03-01")
    wait_for_chart(p)
    ARTIFACTS.mkdir(exist_ok=True)
    p.locator("#chart").scroll_into_view_if_needed()
    p.screenshot(path=str(ARTIFACTS / f"timeline-phone-{protocol_id}.png"))
    phone.assert_clean()
