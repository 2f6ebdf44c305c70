"""Issue 10, point 5 in real Chromium: controls where a parent looks, a timeline never lost, a readable phone chart."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.charts import wait_for_chart
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

HSCT = "/?start=2026-01-05&protocol=cog-hr&branch=hsct&today=2026-11-24"
MM = 96 / 25.4  # CSS pixels per millimetre
BOXES = """sel => Array.from(document.querySelectorAll(sel))
    .filter(el => el.getAttribute('visibility') !== 'hidden')
    .map(el => { const r = el.getBoundingClientRect();
                 return {text: el.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })
    .filter(b => b.right - b.left > 0.5 && b.bottom - b.top > 0.5)"""
ROWS = """() => [...new Set(JSON.parse(document.getElementById('figure-data').textContent).data
    .filter(t => t.type === 'bar').flatMap(t => t.y))]"""


def boxes(p, selector):
    return p.evaluate(BOXES, selector)


def overlap(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def viewport_shot(p, name):
    ARTIFACTS.mkdir(exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def assert_labels_clear(p):
    """No two milestone labels overlap; none covers a bar, a row name or a marker."""
    labels = boxes(p, "#chart .textpoint text")
    others = (boxes(p, "#chart .barlayer .point path") + boxes(p, "#chart .yaxislayer-above .ytick text")
              + boxes(p, "#chart .scatterlayer .points .point"))
    assert labels
    for i, label in enumerate(labels):
        for other in labels[i + 1:] + others:
            assert not overlap(label, other), (label, other)
    return labels


@pytest.fixture(params=[(390, 844), (1280, 900)], ids=["phone", "desktop"])
def screen(request, shared_page):
    width, height = request.param
    small = width < 600
    watch = shared_page(viewport={"width": width, "height": height}, is_mobile=small, has_touch=small,
                        device_scale_factor=2 if small else 1, locale="en-GB")
    watch.name = request.node.callspec.id
    return watch


# On the main road the link is on a phone's first screen; a transplant path adds its own lines to the summary
# above the box (the dates it runs to), so there the link may be on the second screen, still right below the box.
@pytest.mark.parametrize(("address", "screens"), [(HSCT.replace("&branch=hsct", ""), 1), (HSCT, 2)],
                         ids=["main-road", "transplant"])
def test_change_dates_link_is_on_the_first_screen_after_the_position_box(screen, live_server, address, screens):
    p = screen.page
    p.goto(live_server + address)
    wait_for_chart(p)
    now = p.locator(".now").bounding_box()
    link = p.get_by_role("link", name="Change dates, protocol or options")
    box = link.bounding_box()
    # Right below the "you are here" box, and on the first screen (the second with a path that replaces the rest).
    assert 0 <= box["y"] - (now["y"] + now["height"]) <= 12
    assert box["y"] + box["height"] <= 844 * screens
    assert p.locator(".replaced-note").count() == (1 if "hsct" in address else 0)
    viewport_shot(p, f"controls-{screen.name}-first-screen-{screens}")
    link.click()
    p.wait_for_function("() => document.getElementById('form-title').getBoundingClientRect().top < innerHeight")
    assert p.evaluate("scrollY") > 1000
    viewport_shot(p, f"controls-{screen.name}-form")
    screen.assert_clean()


def test_change_dates_link_works_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        p = context.new_page()
        p.goto(live_server + HSCT)
        p.get_by_role("link", name="Change dates, protocol or options").click()
        p.wait_for_function("() => location.hash === '#form-title'")
        top = p.evaluate("document.getElementById('form-title').getBoundingClientRect().top")
        assert -1 <= top < 844
        p.fill("#start", "2026-02-02")
        # The main form's button: the "What actually happened" form's button comes first on the page.
        p.click("form:has(#start) button[type=submit]")
        p.wait_for_url("**/?start=2026-02-02*")
        assert parse_qs(urlsplit(p.url).query)["branch"] == ["hsct"]
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_phone_chart_names_every_row_and_its_labels_cover_nothing(phone, live_server, lang):
    p = phone.page
    p.goto(f"{live_server}{HSCT}&lang={lang}")
    wait_for_chart(p)
    rows = p.evaluate(ROWS)
    ticks = boxes(p, "#chart .yaxislayer-above .ytick text")
    # Induction and consolidation, then 6 transplant steps replace the rest of the main road: each keeps its name;
    # and the row after treatment.
    assert len(rows) == 9
    assert len(ticks) == 9
    for i, tick in enumerate(ticks):
        for other in ticks[i + 1:]:
            assert not overlap(tick, other), (tick, other)
    # A wrapped name is one text of several lines: their words meet without a space in textContent.
    texts = [t["text"].replace(" ", "") for t in ticks]
    if_word, uncertain = ("Sihay", "(finalincierto)") if lang == "es" else ("Iftransplant:", "(uncertainend)")
    # Without colour: every path row says "if", every uncertain row says so (and its band and hatching show it).
    assert sum(t.startswith(if_word) for t in texts) == 6
    # Consolidation's range (UNCERTAIN) moves the six transplant steps after it: seven rows say their end is uncertain.
    assert sum(t.endswith(uncertain) for t in texts) == 7
    shown = assert_labels_clear(p)
    assert p.get_attribute("#chart", "data-hidden-labels") == "0"
    # Day 8 MRD, Day 29 marrow, end-of-consolidation MRD, Day 0, Day +100 (the main road no longer reaches its End);
    # the steps after treatment are unlabelled marks (their row's name and the panel say what they are).
    assert len(shown) == 5
    p.locator("#chart").screenshot(path=str(ARTIFACTS / f"controls-phone-chart-{lang}.png"))
    phone.assert_clean()


@pytest.mark.parametrize("url", [HSCT, "/?start=2026-01-05&protocol=cog-sr&today=2026-11-24&lang=es",
                                 "/?protocol=general&branch=car-t&branch=blinatumomab"])
def test_milestone_labels_cover_nothing_on_every_screen(screen, live_server, url):
    p = screen.page
    p.goto(live_server + url)
    wait_for_chart(p)
    assert_labels_clear(p)
    screen.assert_clean()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_print_chart_labels_cover_nothing(shared_page, live_server, lang):
    p = shared_page(viewport={"width": round(210 * MM), "height": 1100}).page
    p.emulate_media(media="print")
    p.goto(f"{live_server}/print?start=2026-01-05&protocol=cog-hr&branch=hsct&lang={lang}")
    wait_for_chart(p)
    # The five checks' labels: shown clear of everything, or (on a crowded A4 chart) hidden and in the table.
    hidden = int(p.get_attribute("#chart", "data-hidden-labels"))
    assert len(assert_labels_clear(p)) + hidden == 5 and hidden <= 1


def test_timeline_link_from_the_glossary_brings_the_timeline_back(phone, live_server):
    p = phone.page
    p.goto(f"{live_server}{HSCT}&lang=es")
    wait_for_chart(p)
    title = p.title()
    p.locator(".site-nav").get_by_role("link", name="Glosario").click()
    p.wait_for_selector("h1:has-text('Glosario')")
    viewport_shot(p, "controls-phone-glossary")
    p.locator(".site-nav").get_by_role("link", name="Línea de tiempo").click()
    wait_for_chart(p)
    assert parse_qs(urlsplit(p.url).query) == {"start": ["2026-01-05"], "protocol": ["cog-hr"], "branch": ["hsct"],
                                               "today": ["2026-11-24"], "lang": ["es"]}
    assert p.title() == title
    phone.assert_clean()


def test_a_term_in_a_panel_leads_to_a_glossary_that_leads_back(page, live_server):
    p = page.page
    p.goto(live_server + HSCT)
    wait_for_chart(p)
    p.locator("a.term").first.click()
    p.wait_for_url("**/glossary?*")
    p.locator(".site-nav").get_by_role("link", name="Timeline").click()
    wait_for_chart(p)
    assert p.url == live_server + HSCT
    page.assert_clean()


def test_milestones_open_on_demand_and_print_in_full(screen, live_server):
    p = screen.page
    p.goto(live_server + HSCT)
    rows = p.locator("table.milestones tbody tr")
    assert rows.count() == 15  # 12 of the protocol and its path, 3 after treatment
    assert not rows.first.is_visible()
    summary = p.get_by_text("Show all 15 milestones: tests, spinal taps and the planned end")
    summary.scroll_into_view_if_needed()
    viewport_shot(p, f"controls-{screen.name}-milestones-folded")
    summary.click()
    assert rows.last.is_visible()
    summary.click()
    assert not rows.first.is_visible()
    p.emulate_media(media="print")
    assert all(rows.nth(i).is_visible() for i in range(15))
    assert not summary.is_visible()
    screen.assert_clean()


@pytest.mark.parametrize(("query", "field", "typed"), [("start=2026-02-30", "start", "2026-02-30"),
                                                       ("start=2026-01-05&today=2026-02-31", "today", "2026-02-31")])
def test_bad_date_stays_visible_as_typed(phone, live_server, query, field, typed):
    p = phone.page
    response = p.goto(f"{live_server}/?{query}")
    assert response.status == 400
    box = p.locator(f"#{field}")
    assert box.input_value() == typed
    assert box.is_visible()
    assert "is not a real date" in p.locator(f"#{field}-error").inner_text()
    box.scroll_into_view_if_needed()
    viewport_shot(p, f"controls-phone-bad-{field}")
    # Fixed and sent again, it is a date picker once more.
    box.fill("2026-02-28" if field == "start" else "")
    p.click("button[type=submit]")
    wait_for_chart(p)
    assert p.get_attribute("#start", "type") == "date"
