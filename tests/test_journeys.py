"""Journeys in real Chromium: keyboard only, phone sizes, 200% text, printing the questions, presenting by keys."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.charts import wait_for_chart
from tests.conftest import PageWatch

pytestmark = pytest.mark.browser

COG = "/?start=2026-01-05&protocol=cog-sr&today=2026-11-24"
VIEWPORTS = {"phone": (390, 844), "tablet": (820, 1180), "desktop": (1280, 900)}
SCREENS = {
    "form": "/",
    "timeline": COG,
    "present": "/present?start=2026-01-05&protocol=cog-sr&step=3",
    "glossary": "/glossary",
    "questions": "/questions",
}

FOCUS = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {id: el.id, tag: el.tagName, text: (el.textContent || '').trim().slice(0, 40),
            outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""


def focus_after_tab(p, key="Tab"):
    p.keyboard.press(key)
    # Chromium may apply the :focus-visible style a frame after the key press; wait for it (up to 2 s).
    p.wait_for_function("() => getComputedStyle(document.activeElement).outlineStyle !== 'none'", timeout=2000)
    return p.evaluate(FOCUS)


def assert_focus_visible(focus):
    assert focus["outline"] != "none" and focus["width"] >= 2, focus


def test_keyboard_only_journey_fills_and_submits_the_form(page, live_server):
    p = page.page
    p.goto(live_server + "/?protocol=general")
    wait_for_chart(p)
    stops = [focus_after_tab(p) for _ in range(14)]
    assert [s["text"] for s in stops] == [
        "Skip to the content", "ALL Timeline", "English", "Español", "Français", "Português (Brasil)", "العربية",
        "简体中文", "Timeline", "Which protocol?", "Questions to ask", "When to get help now", "Glossary", "Present"]
    for stop in stops:
        assert_focus_visible(stop)
    # The form's fields come next, in reading order (Tab visits the date's day, month, year and calendar button,
    # then the protocol, the link to "Which protocol is mine?", the patient's sex and the induction length (the
    # options the general outline declares) and the four paths it offers).
    order = []
    for _ in range(15):
        focus = focus_after_tab(p)
        assert_focus_visible(focus)
        order.append(focus["id"] or focus["tag"])
    assert order == ["start", "start", "start", "start", "protocol", "A", "sex", "induction_weeks",
                     "branch-0", "branch-1", "branch-2", "branch-3", "SUMMARY", "BUTTON", "A"]
    # Back to the date and type it as a keyboard user would. The segment order (day/month or month/day) follows
    # the browser's own locale, so the test types 1 January, which reads the same either way.
    for _ in range(14):
        p.keyboard.press("Shift+Tab")
    assert p.evaluate("document.activeElement.id") == "start"
    p.keyboard.type("01012026")
    assert p.input_value("#start") == "2026-01-01"
    for _ in range(5):
        p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.id") == "induction_weeks"
    p.keyboard.press("ArrowDown")  # As the protocol says -> 4 weeks
    p.keyboard.press("ArrowDown")  # -> 5 weeks
    assert p.input_value("#induction_weeks") == "5"
    # Enter submits from a text-like field (a select keeps Enter for itself; the calendar button opens the
    # calendar), as in any form: back past the sex, the link, the protocol and the calendar button to the year.
    for _ in range(5):
        p.keyboard.press("Shift+Tab")
    assert p.evaluate("document.activeElement.id") == "start"
    p.keyboard.press("Enter")
    p.wait_for_url(re.compile(r"start=2026-01-01"))
    wait_for_chart(p)
    assert parse_qs(urlsplit(p.url).query) == {
        "start": ["2026-01-01"], "protocol": ["general"], "induction_weeks": ["5"]}
    assert p.locator("h1").inner_text() == "Treatment timeline: General outline (adult-style)"
    page.assert_clean()


def test_skip_link_moves_focus_past_the_navigation(page, live_server):
    p = page.page
    p.goto(live_server + "/glossary")
    p.keyboard.press("Tab")
    box = p.locator(".skip").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0  # on screen while focused
    p.keyboard.press("Enter")
    assert p.url.endswith("#main")
    focus = focus_after_tab(p)
    assert (focus["tag"], focus["text"]) == ("A", "ANC (absolute neutrophil count)")
    assert_focus_visible(focus)
    page.assert_clean()


@pytest.fixture(params=sorted(VIEWPORTS), ids=str)
def sized(request, shared_page):
    width, height = VIEWPORTS[request.param]
    phone = request.param == "phone"
    watch = shared_page(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone,
                        device_scale_factor=2 if phone else 1, locale="en-GB")
    watch.size = request.param
    return watch


@pytest.mark.parametrize("name", sorted(SCREENS), ids=str)
def test_pages_fit_every_screen_and_are_photographed(sized, live_server, name):
    p = sized.page
    p.goto(live_server + SCREENS[name])
    if p.locator("#figure-data").count():
        wait_for_chart(p)
    # Nothing but the chart may scroll sideways; the chart itself is sized to the page.
    assert p.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[sized.size][0]
    wide = p.evaluate("""() => Array.from(document.querySelectorAll('main *'))
        .filter(el => !el.closest('#chart') && !el.closest('.table-wrap'))
        .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(el => el.tagName + '.' + el.className)""")
    assert wide == []
    sized.screenshot(f"{sized.size}-{name}")  # e.g. phone-timeline.png; test_browser.py writes timeline-phone.png
    sized.assert_clean()


def boxes(p, selector):
    return p.evaluate("""sel => Array.from(document.querySelectorAll(sel)).map(el => {
        const r = el.getBoundingClientRect();
        return {text: el.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    })""", selector)


def overlap(a, b):
    return a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1


@pytest.mark.parametrize("url", [COG, "/?protocol=general", "/present?start=2026-01-05&protocol=cog-sr&step=1"])
def test_phone_chart_labels_do_not_collide(phone, live_server, url):
    p = phone.page
    p.goto(live_server + url)
    wait_for_chart(p)
    rows = boxes(p, "#chart .yaxislayer-above .ytick text")
    labels = boxes(p, "#chart .textpoint text")
    markers = boxes(p, "#chart .scatterlayer .point")
    assert rows and markers
    for row in rows:
        for other in labels + markers:
            assert not overlap(row, other), (row, other)
    for i, label in enumerate(labels):
        for other in labels[i + 1:]:
            assert not overlap(label, other), (label, other)
    phone.assert_clean()


def test_phone_form_uses_the_date_picker_and_submits(phone, live_server):
    p = phone.page
    p.goto(live_server + "/")
    assert p.get_attribute("#start", "type") == "date"
    # 16 px or more, or phones zoom the page when a field gets focus.
    assert p.evaluate("parseFloat(getComputedStyle(document.getElementById('start')).fontSize)") >= 16
    assert p.locator("#start").bounding_box()["height"] >= 44
    p.tap("#start")
    p.fill("#start", "2026-01-05")
    p.tap("button[type=submit]")
    wait_for_chart(p)
    assert parse_qs(urlsplit(p.url).query) == {"start": ["2026-01-05"], "protocol": ["cog-sr"]}
    phone.assert_clean()


@pytest.mark.parametrize("url", ["/", COG, "/glossary", "/present?protocol=cog-sr&step=2"])
def test_text_at_200_percent_still_fits(page, live_server, url):
    p = page.page
    p.goto(live_server + url)
    if p.locator("#figure-data").count():
        wait_for_chart(p)
    p.evaluate("document.documentElement.style.fontSize = '200%'")
    assert p.evaluate("parseFloat(getComputedStyle(document.querySelector('main p, main h1')).fontSize)") >= 32
    assert p.evaluate("document.documentElement.scrollWidth") <= 1280
    page.assert_clean()


def test_questions_print_on_their_own(page, live_server):
    p = page.page
    p.goto(live_server + "/questions")
    assert p.is_visible(".print-page")
    p.emulate_media(media="print")
    assert p.evaluate("getComputedStyle(document.querySelector('.site-nav')).display") == "none"
    assert p.evaluate("getComputedStyle(document.querySelector('.print-page')).display") == "none"
    assert p.evaluate("getComputedStyle(document.querySelector('.answer-space')).display") == "block"
    assert p.evaluate("getComputedStyle(document.querySelector('.help-now')).breakBefore") == "page"
    assert p.is_visible(".disclaimer")
    page.screenshot("questions-print")
    page.assert_clean()


def step_heading(p):
    return p.locator(".slide:not([hidden]) h1").inner_text().replace("\n", " ")


def test_presentation_moves_by_keys_and_buttons(page, live_server):
    p = page.page
    p.goto(live_server + "/present?start=2026-01-05&protocol=cog-sr")
    wait_for_chart(p)
    assert step_heading(p) == "Step 1 of 8: The whole journey"
    journey = [("ArrowRight", 2, "Induction"), (" ", 3, "Consolidation"), ("PageDown", 4, "Interim maintenance I"),
               ("ArrowLeft", 3, "Consolidation"), ("PageUp", 2, "Induction"), ("End", 8, "After treatment"),
               ("Home", 1, "The whole journey"), ("ArrowRight", 2, "Induction")]
    for key, number, name in journey:
        p.keyboard.press(key)
        p.wait_for_url(re.compile(rf"step={number}$"))
        assert step_heading(p) == f"Step {number} of 8: {name}"
    # The chosen bar is drawn in full, the other phases faded (the phase bars are the first bar trace; induction's
    # uncertain-end band is a trace of its own).
    p.wait_for_selector("#chart[data-drawn-step='2']")
    opacities = p.evaluate("""() => Array.from(document.querySelectorAll('#chart .barlayer .trace:first-child .point path'))
        .map(path => parseFloat(getComputedStyle(path).opacity) * parseFloat(getComputedStyle(path.parentNode).opacity))""")
    assert len(opacities) == 6 and opacities[0] == 1 and all(o < 0.5 for o in opacities[1:])
    p.keyboard.press("Home")
    p.wait_for_url(re.compile(r"step=1$"))
    # Past either end the keys do nothing.
    p.keyboard.press("ArrowLeft")
    p.wait_for_timeout(300)
    assert p.url.endswith("step=1")
    p.click("text=Next step →")
    p.wait_for_url(re.compile(r"step=2$"))
    assert parse_qs(urlsplit(p.url).query) == {"start": ["2026-01-05"], "protocol": ["cog-sr"], "step": ["2"]}
    page.screenshot("present-step-2")
    page.assert_clean()


def test_presentation_without_a_date_by_keys(page, live_server):
    p = page.page
    p.goto(live_server + "/present?protocol=general&step=5")
    wait_for_chart(p)
    p.keyboard.press("ArrowRight")  # last step: stays
    p.wait_for_timeout(300)
    assert step_heading(p) == "Step 5 of 5: After treatment"
    p.keyboard.press("Shift+Space")
    p.wait_for_url(re.compile(r"step=4$"))
    assert step_heading(p) == "Step 4 of 5: Maintenance"
    ticks = p.locator("#chart .xaxislayer-above .xtick text").all_text_contents()
    assert ticks and all(re.fullmatch(r"Day [\d,]+", t) for t in ticks)
    page.assert_clean()


def test_chart_drawing_is_hidden_from_screen_readers_behind_its_name_and_summary(page, live_server):
    p = page.page
    p.goto(live_server + COG)
    wait_for_chart(p)
    svgs = p.locator("#chart svg.main-svg")
    assert svgs.count() >= 1
    assert all(svgs.nth(i).get_attribute("aria-hidden") == "true" for i in range(svgs.count()))
    snapshot = p.locator("#chart").aria_snapshot()
    assert snapshot.startswith("- group \"Gantt chart of Children's B-ALL, standard risk (COG style)\"")
    assert "Jan 2027" not in snapshot and "LP" not in snapshot
    # The trimmed mode bar: real, named buttons, and no "Share chart..." that would send the chart away.
    buttons = p.locator("#chart .modebar button")
    assert [buttons.nth(i).get_attribute("aria-label") for i in range(buttons.count())] == [
        "Download plot as a PNG", "Zoom in", "Zoom out", "Reset axes"]
    page.assert_clean()


def test_chart_buttons_are_visible_when_reached_by_keyboard(page, live_server):
    p = page.page
    p.goto(live_server + COG)
    wait_for_chart(p)
    for _ in range(40):
        p.keyboard.press("Tab")
        if p.evaluate("document.activeElement.classList.contains('modebar-btn')"):
            break
    focus = p.evaluate(FOCUS)
    assert focus["tag"] == "BUTTON" and p.evaluate("document.activeElement.getAttribute('aria-label')") == "Download plot as a PNG"
    assert_focus_visible(focus)
    # Plotly fades the bar in over a fraction of a second: wait (up to 2 s) for it to be fully shown.
    p.wait_for_function("() => getComputedStyle(document.activeElement.closest('.modebar-group')).opacity === '1'",
                        timeout=2000)
    box = p.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); return [r.width, r.height]; })()")
    assert min(box) >= 24
    page.assert_clean()


@pytest.mark.parametrize("name", sorted(SCREENS), ids=str)
def test_reflow_at_320_css_pixels(shared_page, live_server, name):
    # WCAG 1.4.10: 1280 px at 400% zoom is 320 CSS pixels; nothing may need sideways scrolling.
    watch = shared_page(viewport={"width": 320, "height": 640}, locale="en-GB")
    watch.page.goto(live_server + SCREENS[name])
    if watch.page.locator("#figure-data").count():
        wait_for_chart(watch.page)
    assert watch.page.evaluate("document.documentElement.scrollWidth") <= 320
    watch.assert_clean()


def test_presentation_works_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False, locale="en-GB")
    try:
        watch = PageWatch(context.new_page())
        p = watch.page
        p.goto(live_server + "/present?protocol=general")
        assert step_heading(p) == "Step 1 of 5: The whole journey"
        assert p.is_visible("text=The chart needs JavaScript; the text beside it describes this step.")
        assert not p.is_visible(".fullscreen")
        p.click("text=Next step →")
        p.wait_for_url(re.compile(r"step=2$"))
        assert step_heading(p) == "Step 2 of 5: Induction"
        p.click("text=Next step →")
        p.wait_for_url(re.compile(r"step=3$"))
        assert step_heading(p) == "Step 3 of 5: Consolidation (intensification)"
        watch.assert_clean()
    finally:
        context.close()
