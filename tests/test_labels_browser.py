"""Issue 15, print-outs without flaws: no milestone label on the chart covers another label, a bar or a row name."""

import re
from html import unescape

import pytest

from tests.charts import wait_for_chart
from tests.conftest import ARTIFACTS, PageWatch

pytestmark = pytest.mark.browser

MM = 96 / 25.4  # CSS pixels per millimetre
QUERIES = {"cog-hr-hsct": "start=2026-01-05&protocol=cog-hr&branch=hsct",
           "cog-hr": "start=2026-01-05&protocol=cog-hr",
           "cog-sr": "start=2026-01-05&protocol=cog-sr",
           "alltogether1": "start=2026-01-05&protocol=alltogether1"}
# Every label Plotly drew and labels.js did not hide, with its box on the page.
BOXES = """sel => Array.from(document.querySelectorAll(sel))
    .filter(el => el.getAttribute('visibility') !== 'hidden')
    .map(el => { const r = el.getBoundingClientRect();
                 return {text: el.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })
    .filter(b => b.right - b.left > 0.5 && b.bottom - b.top > 0.5)"""
SCREENS = {"timeline-desktop": ("/?{query}", (1280, 900)), "timeline-phone": ("/?{query}", (390, 844)),
           "print-a4": ("/print?{query}", (round(210 * MM), 1100)),
           "print-letter": ("/print?{query}", (round(8.5 * 96), 1100))}


def boxes(p, selector):
    return p.evaluate(BOXES, selector)


def overlap(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def assert_labels_clear(p, name):
    """Every shown milestone label is clear of the others, of every bar, row name and marker; return them."""
    labels = boxes(p, "#chart .textpoint text")
    others = (boxes(p, "#chart .barlayer .point path") + boxes(p, "#chart .yaxislayer-above .ytick text")
              + boxes(p, "#chart .scatterlayer .points .point"))
    p.locator("#chart").screenshot(path=str(ARTIFACTS / f"labels-{name}.png"))
    for i, label in enumerate(labels):
        for other in labels[i + 1:] + others:
            assert not overlap(label, other), (label, other)
    return labels


def open_page(browser, size, media=None):
    small = size[0] < 600
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, is_mobile=small, has_touch=small,
                                  device_scale_factor=2 if small else 1, locale="en-GB")
    watch = PageWatch(context.new_page())
    if media:
        watch.page.emulate_media(media=media)
    return context, watch


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("protocol", sorted(QUERIES))
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_milestone_labels_cover_nothing(browser, live_server, screen, protocol, lang):
    address, size = SCREENS[screen]
    context, watch = open_page(browser, size, "print" if screen.startswith("print") else None)
    try:
        p = watch.page
        p.goto(live_server + address.format(query=QUERIES[protocol]) + f"&lang={lang}")
        wait_for_chart(p)
        ARTIFACTS.mkdir(exist_ok=True)
        assert_labels_clear(p, f"{screen}-{protocol}-{lang}")
        # A label with no clear place is hidden rather than printed over something (since the after-treatment row,
        # one or two on crowded charts); nothing is lost: the milestone table lists every hidden one.
        hidden = p.evaluate("[...document.querySelectorAll('#chart .textpoint text')]"
                            ".filter(t => t.getAttribute('visibility') === 'hidden').map(t => t.textContent)")
        assert int(p.get_attribute("#chart", "data-hidden-labels")) == len(hidden)
        figure = p.evaluate("JSON.parse(document.getElementById('figure-data').textContent)")
        names = {text: re.sub(r"<[^>]+>", "", re.search(r"<b>(.*?)</b>", hover).group(1))
                 for trace in figure["data"] if trace.get("text") and trace.get("hovertext")
                 for text, hover in zip(trace["text"], trace["hovertext"], strict=False) if text}
        listed = unescape(" ".join(p.locator("table").all_text_contents()))
        assert all(unescape(names[label]) in listed for label in hidden), hidden
        watch.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("protocol", ["cog-hr-hsct", "cog-hr", "alltogether1"])
def test_presentation_labels_cover_nothing_on_every_step(browser, live_server, protocol, lang):
    context, watch = open_page(browser, (1280, 720))
    try:
        p = watch.page
        p.goto(f"{live_server}/present?{QUERIES[protocol]}&lang={lang}")
        total = p.locator(".slide").count()
        hidden = []
        for number in range(1, total + 1):
            if number > 1:
                p.keyboard.press("ArrowRight")
            # present.js marks the step drawn once labels.js has placed its labels.
            p.wait_for_selector(f"#chart[data-drawn-step='{number}']")
            ARTIFACTS.mkdir(exist_ok=True)
            assert_labels_clear(p, f"present-{protocol}-{lang}-{number}")
            hidden.append(p.get_attribute("#chart", "data-hidden-labels"))
        # Every step was drawn and placed (a label with no clear place is hidden, never printed over another).
        assert len(hidden) == total and all(h is not None for h in hidden)
        watch.assert_clean()
    finally:
        context.close()
