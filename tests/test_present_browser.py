"""Presentation mode in real Chromium: one screen per step on projector sizes, keys in place, full screen kept."""

import itertools
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PROJECTORS = {"720p": (1280, 720), "768p": (1366, 768), "1080p": (1920, 1080)}
DECKS = {"cog-hr": ("/present?start=2026-01-05&protocol=cog-hr", 8, "Step {} of {}:"),
         "cog-hr-hsct": ("/present?start=2026-01-05&protocol=cog-hr&branch=hsct", 11, "Step {} of {}:"),
         # Spanish runs about a fifth longer than English: the smallest screen must still hold every step.
         "cog-hr-hsct-es": ("/present?start=2026-01-05&protocol=cog-hr&branch=hsct&lang=es", 11, "Paso {} de {}:")}
SHOWN = ".slide:not([hidden])"
# Measured once per step: the page may not scroll, and nothing in the step's column may be cut off.
FIT = """() => {
    const side = document.querySelector('.present-side');
    const chart = document.getElementById('chart').getBoundingClientRect();
    return {height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,
            side: side.scrollHeight - side.clientHeight, chartBottom: chart.bottom, chartHeight: chart.height};
}"""


@pytest.fixture
def projector(shared_page, request):
    """A page at a projector's size (the test's `size` parameter names it), in the process's shared context for it."""
    width, height = PROJECTORS[request.param]
    return shared_page(viewport={"width": width, "height": height}, locale="en-GB")


def drawn(p, number):
    p.wait_for_selector(f"#chart[data-drawn-step='{number}']")


def heading(p):
    return p.locator(f"{SHOWN} h1").inner_text().replace("\n", " ")


def viewport_shot(p, name):
    ARTIFACTS.mkdir(exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize(("projector", "deck"), [
    *[(size, deck) for size in sorted(PROJECTORS) for deck in ("cog-hr", "cog-hr-hsct")], ("720p", "cog-hr-hsct-es"),
], indirect=["projector"])
def test_every_step_fits_one_screen(projector, live_server, deck):
    p = projector.page
    url, total, count = DECKS[deck]
    size = p.viewport_size
    p.goto(live_server + url)
    for number in range(1, total + 1):
        if number > 1:
            p.keyboard.press("ArrowRight")
        drawn(p, number)
        assert heading(p).startswith(count.format(number, total))
        fit = p.evaluate(FIT)
        assert fit["height"] <= size["height"] and fit["width"] <= size["width"], (number, fit)
        assert fit["side"] <= 1, (number, fit)
        assert fit["chartBottom"] <= size["height"] and fit["chartHeight"] >= size["height"] / 2, (number, fit)
        if size["width"] in (1280, 1920) and number in (1, 2, 7, 8, total):
            viewport_shot(p, f"present-{deck}-{size['width']}x{size['height']}-step-{number}")
    projector.assert_clean()


@pytest.mark.parametrize("projector", ["1080p"], indirect=True)
def test_chart_labels_are_readable_from_the_back_of_the_room(projector, live_server):
    p = projector.page
    p.goto(live_server + DECKS["cog-hr-hsct"][0] + "&step=6")
    drawn(p, 6)
    sizes = p.evaluate("""() => Array.from(document.querySelectorAll('#chart .xtick text, #chart .ytick text'))
        .map(t => parseFloat(getComputedStyle(t).fontSize))""")
    assert sizes and min(sizes) >= 20
    assert p.evaluate(f"parseFloat(getComputedStyle(document.querySelector('{SHOWN} dd')).fontSize)") >= 20
    projector.assert_clean()


@pytest.mark.parametrize("projector", ["720p"], indirect=True)
def test_keys_change_the_step_in_place_from_the_first_press(projector, live_server):
    p = projector.page
    p.goto(live_server + DECKS["cog-hr-hsct"][0])
    drawn(p, 1)
    assert heading(p) == "Step 1 of 11: The whole journey"
    p.evaluate("window.stillHere = 'same page'")
    journey = [("ArrowRight", 2, "Induction"), (" ", 3, "Consolidation (augmented BFM)"),
               ("PageDown", 4, "Stem-cell transplant (allogeneic)"), ("ArrowLeft", 3, "Consolidation"),
               ("PageUp", 2, "Induction"), ("End", 11, "After treatment"), ("Home", 1, "The whole journey"),
               ("Shift+Space", 1, "The whole journey"), ("End", 11, "After treatment"),
               ("Shift+Space", 10, "If transplant: immune system recovers")]
    for key, number, name in journey:
        p.keyboard.press(key)
        p.wait_for_url(re.compile(rf"step={number}$"))
        assert heading(p).startswith(f"Step {number} of 11: {name}")
        assert p.title().startswith(f"Step {number} of 11: {name}")
        assert p.evaluate("window.stillHere") == "same page"
    drawn(p, 10)
    # The step's bar is in full, the others faded; its row name is marked.
    rows = p.locator("#chart .ytick text").all_text_contents()
    assert "▶ If transplant: immune" in rows[-2] and rows[-1] == "After treatment"  # the last row: after treatment
    assert p.evaluate("window.scrollY") == 0
    # Back and forward in the browser's history walk the same steps, still without loading a page.
    p.go_back()
    p.wait_for_url(re.compile(r"step=11$"))
    assert heading(p) == "Step 11 of 11: After treatment"
    p.go_back()
    p.wait_for_url(re.compile(r"step=1$"))
    assert heading(p) == "Step 1 of 11: The whole journey"
    p.go_forward()
    p.wait_for_url(re.compile(r"step=11$"))
    assert p.evaluate("window.stillHere") == "same page"
    # The step links do the same; focus stays on the link pressed.
    p.click("text=← Previous step")
    p.wait_for_url(re.compile(r"step=10$"))
    assert p.evaluate("document.activeElement.textContent").strip() == "← Previous step"
    assert p.evaluate("window.stillHere") == "same page"
    projector.assert_clean()


@pytest.mark.parametrize("projector", ["720p"], indirect=True)
def test_full_screen_survives_every_step(projector, live_server):
    p = projector.page
    p.goto(live_server + DECKS["cog-hr-hsct"][0] + "&step=2")
    drawn(p, 2)
    p.evaluate("window.stillHere = 'same page'")
    p.click("button.fullscreen")
    p.wait_for_function("document.fullscreenElement === document.documentElement")
    # The label follows the browser's fullscreenchange event, which comes after the element is set.
    expect(p.locator("button.fullscreen")).to_have_text("Leave full screen", timeout=5000)
    # The button hands focus back to the slide, so the very next Space pages on instead of leaving full screen.
    assert p.evaluate("document.activeElement.id") == "present"
    for key, number in [(" ", 3), ("ArrowRight", 4), ("PageDown", 5), ("ArrowLeft", 4), ("End", 11), ("Home", 1)]:
        p.keyboard.press(key)
        p.wait_for_url(re.compile(rf"step={number}$"))
        assert p.evaluate("document.fullscreenElement === document.documentElement"), key
        assert p.evaluate("document.activeElement.id") == "present"
    assert p.evaluate("window.stillHere") == "same page"
    drawn(p, 1)
    viewport_shot(p, "present-full-screen-step-1")
    # Escape is the browser's own way out of full screen (headless Chromium has no such key handler to try):
    # the page must leave the key alone.
    assert p.evaluate("""() => {
        const key = new KeyboardEvent('keydown', {key: 'Escape', bubbles: true, cancelable: true});
        document.getElementById('present').dispatchEvent(key);
        return key.defaultPrevented;
    }""") is False
    p.click("button.fullscreen")
    p.wait_for_function("document.fullscreenElement === null")
    # The label follows the browser's fullscreenchange event, which comes after the element is cleared.
    expect(p.locator("button.fullscreen")).to_have_text("Full screen", timeout=5000)
    projector.assert_clean()


def test_presentation_stacks_on_a_portrait_screen(phone, live_server):
    p = phone.page
    p.goto(live_server + DECKS["cog-hr-hsct"][0] + "&step=2")
    drawn(p, 2)
    chart = p.locator("#chart").bounding_box()
    panel = p.locator(f"{SHOWN} .present-panel").bounding_box()
    assert panel["y"] >= chart["y"] + chart["height"] - 1
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("present-phone-step-2")
    phone.assert_clean()


# The mark for later steps after treatment: on the timeline and the print view a list below the chart dates them; the
# slides have no such list, so their legend points to the whole timeline (the exit link) instead.
LATER = {"en": "Later steps (dated on the whole timeline)", "zh": "之后的步骤（日期见完整时间线）",
         "ar": "خطوات لاحقة (مؤرخة في الجدول الزمني الكامل)"}


@pytest.mark.parametrize("lang", sorted(LATER))
@pytest.mark.parametrize("projector", ["720p"], indirect=True)
def test_the_legend_sends_later_steps_to_the_whole_timeline_not_to_a_list_the_slides_lack(projector, live_server,
                                                                                        lang):
    p = projector.page
    p.goto(f"{live_server}/present?start=2026-01-05&protocol=cog-sr&step=1&lang={lang}")
    drawn(p, 1)
    legend = p.evaluate("""() => Array.from(document.querySelectorAll('#chart .legend .legendtext'))
        .map(t => t.textContent.replace(/\\u200f/g, ''))""")
    assert LATER[lang] in legend, legend
    assert not any("list below" in text or "下方列表" in text or "القائمة أدناه" in text for text in legend), legend
    assert p.locator(".present-exit").get_attribute("href").startswith("/?start=2026-01-05&protocol=cog-sr")
    projector.assert_clean()


@pytest.mark.parametrize("projector", ["720p"], indirect=True)
def test_arabic_slides_row_names_read_right_to_left_and_never_overprint(projector, live_server):
    """Arabic row names run longer than English: on a 720p projector two lines a name overprinted their neighbours."""
    p = projector.page
    p.goto(f"{live_server}/present?start=2026-01-05&protocol=cog-sr&branch=car-t&step=1&lang=ar")
    drawn(p, 1)
    names = p.evaluate("""() => Array.from(document.querySelectorAll('#chart .ytick text')).map(t => {
        const r = t.getBoundingClientRect(); return {text: t.textContent, top: r.top, bottom: r.bottom}; })""")
    assert len(names) == 8, names
    names.sort(key=lambda name: name["top"])
    for above, below in itertools.pairwise(names):
        assert above["bottom"] <= below["top"] + 0.5, (above, below)
    # Each line is marked right to left (labels.js), so its colon and brackets sit where Arabic reads them.
    assert all(name["text"].startswith("\u200f") and name["text"].endswith("\u200f") for name in names), names
    p.screenshot(path=str(ARTIFACTS / "present-ar-720p.png"))
    projector.assert_clean()
