"""When to call now, in real Chromium: near the top of a phone's timeline, and in every print-out (issue 10)."""

import pytest

from tests import pdf_reading
from tests.charts import wait_for_chart
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PHONE_HEIGHT = 844
COG_SR = "/?start=2026-01-05&protocol=cog-sr&today=2026-03-01"
T_ALL = "/?start=2026-01-05&protocol=t-all&today=2026-03-01"
PHONE_LINE = "Our care team's 24-hour number:"


def screens(p, name: str, count: int = 2) -> None:
    """Save the first `count` phone screens as a person scrolls them (viewport, not full page)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for screen in range(count):
        p.evaluate("y => window.scrollTo(0, y)", screen * PHONE_HEIGHT)
        p.screenshot(path=str(ARTIFACTS / f"{name}-screen{screen + 1}.png"))
    p.evaluate("window.scrollTo(0, 0)")


@pytest.mark.parametrize(("name", "url", "svc"), [("help-phone-cog-sr", COG_SR, False),
                                                  ("help-phone-t-all", T_ALL, True)])
def test_call_now_is_within_the_first_two_phone_screens(phone, live_server, name, url, svc):
    p = phone.page
    p.goto(live_server + url)
    wait_for_chart(p)
    heading = p.get_by_role("heading", name="When to call now")
    assert heading.is_visible()
    box = heading.bounding_box()
    assert p.evaluate("window.scrollY") == 0
    assert box["y"] + box["height"] < 2 * PHONE_HEIGHT, box
    # The "you are here" answer stays first; the chart is not pushed out of reach.
    assert p.locator(".now").bounding_box()["y"] < box["y"] < p.locator("#chart").bounding_box()["y"]
    call_now = p.locator(".call-now")
    assert call_now.get_by_text("Call your care team now, day or night, for a fever of 38.0 °C").is_visible()
    assert call_now.get_by_text("Call emergency services (for example 911, 999 or 112)").is_visible()
    assert call_now.get_by_text(PHONE_LINE).is_visible()
    assert call_now.get_by_text("T-cell ALL only").count() == (1 if svc else 0)
    assert p.locator(".call-now .phone-blank").bounding_box()["width"] >= 160
    screens(p, name)
    call_now.get_by_role("link", name="Every sign, what to do, and where each comes from").click()
    p.wait_for_function("location.hash === '#help-now'")
    assert p.get_by_role("heading", name="Call your care team now, day or night", exact=True).is_visible()
    assert p.locator("#help-svc").count() == (1 if svc else 0)
    p.screenshot(path=str(ARTIFACTS / f"{name}-full-list.png"))
    phone.assert_clean()


def test_print_view_has_when_to_call_now_and_the_number_line(page, live_server):
    p = page.page
    p.goto(live_server + "/print?start=2026-01-05&protocol=cog-sr")
    wait_for_chart(p)
    p.emulate_media(media="print")
    call_now = p.locator(".call-now")
    assert call_now.is_visible() and call_now.get_by_text(PHONE_LINE).is_visible()
    blank = p.locator(".call-now .phone-blank")
    assert blank.bounding_box()["width"] > 200
    assert p.evaluate("getComputedStyle(document.querySelector('.call-now .phone-blank')).borderBottomStyle") == "solid"
    call_now.screenshot(path=str(ARTIFACTS / "help-print-call-now.png"))
    page.assert_clean()


def test_questions_print_out_has_the_number_line(page, live_server):
    p = page.page
    p.goto(live_server + "/questions")
    p.emulate_media(media="print")
    line = p.locator(".help-now .phone-line")
    assert line.is_visible() and p.locator(".help-now .phone-blank").bounding_box()["width"] > 100
    assert p.locator("#help-svc").get_by_role("heading", name="T-cell ALL only", exact=False).is_visible()
    page.screenshot("help-questions-print")
    page.assert_clean()


def test_pdf_has_when_to_call_now_and_the_number_line(pdf_client, tmp_path):
    # The real printer: the app fixture's stub printer makes no PDF a person could read.
    response = pdf_client.get("/schedule.pdf?start=2026-01-05&protocol=t-all")
    path = tmp_path / "t-all.pdf"
    path.write_bytes(response.data)
    text = pdf_reading.page_text(path)
    assert "When to call now" in text and PHONE_LINE in text
    assert "Call your care team now, day or night, for a fever of 38.0 °C (100.4 °F) or more" in text
    assert "T-cell ALL only: swelling of the face, neck or arms" in text
