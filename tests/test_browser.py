"""The app in real Chromium: the form journey, the drawn chart, hover, no errors, nothing leaves 127.0.0.1."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.charts import wait_for_chart
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

BARS = "#chart .barlayer .point"


def test_form_filled_and_submitted_draws_the_timeline(page, live_server):
    p = page.page
    p.goto(live_server + "/")
    p.fill("#start", "2026-01-05")
    p.select_option("#protocol", "cog-sr")
    p.click(".more-options summary")
    p.fill("#today", "2026-11-24")
    p.click("button[type=submit]")
    wait_for_chart(p)
    assert parse_qs(urlsplit(p.url).query) == {"start": ["2026-01-05"], "protocol": ["cog-sr"], "today": ["2026-11-24"]}
    # Six phases; induction may last up to 35 days (UNCERTAIN), so the five after it may start up to 6 days later:
    # five "may start between" bands, six uncertain ends; the band after treatment.
    assert p.locator(BARS).count() == 18
    labels = p.locator("#chart .yaxislayer-above .ytick text")
    by_height = sorted((labels.nth(i).bounding_box()["y"], labels.nth(i).text_content()) for i in range(labels.count()))
    assert [text for _, text in by_height] == [
        "Induction (uncertain end)", "Consolidation (uncertain end)", "Interim maintenance I (uncertain end)",
        "Delayed intensification (uncertain end)", "Interim maintenance II (uncertain end)",
        "Maintenance (uncertain end)", "After treatment",
    ]
    assert "Day 8 MRD" in p.locator("#chart .textpoint").all_text_contents()
    assert p.locator("#chart .annotation-text").all_text_contents() == ["Today, Day 324"]
    assert "you are in week 15 of 81 of Maintenance" in p.locator(".now").inner_text()
    page.screenshot("timeline-desktop")
    page.assert_clean()
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in page.requests)
    # Static files go out under content-hashed names (issue 6), so browsers may cache them for a year.
    assert any(re.search(r"/static/vendor/plotly-basic-4\.1\.1\.min\.[0-9a-f]{12}\.js$", u) for u in page.requests)


def test_hovering_a_bar_shows_its_dates_and_length(page, live_server):
    p = page.page
    p.goto(live_server + "/?start=2026-01-05&protocol=cog-sr&today=2026-11-24")
    wait_for_chart(p)
    # Plotly's drag layer sits above the bars and computes hover from the pointer position. Midway between two of
    # maintenance's spinal taps (12 weeks apart), far from any marker that would win the hover: the chart runs on
    # past the end (life after treatment, test_after.py), so the short phases are too narrow to miss every marker.
    p.locator("#chart").scroll_into_view_if_needed()
    x, y = p.evaluate("""() => {
        const gd = document.getElementById('chart');
        const taps = gd.data.filter(t => t.type === 'scatter').flatMap(t => t.x.map((x, i) => [x, t.y[i]]))
            .filter(([, row]) => row === 'Maintenance').map(([x]) => x).sort();
        const mid = (gd._fullLayout.xaxis.d2p(taps[0]) + gd._fullLayout.xaxis.d2p(taps[1])) / 2;
        const bar = gd.querySelectorAll('.barlayer .point')[5].getBoundingClientRect();
        return [gd.getBoundingClientRect().left + gd._fullLayout._size.l + mid, bar.top + bar.height / 2];
    }""")
    p.mouse.move(x, y)
    p.wait_for_selector("#chart .hoverlayer .hovertext")
    hover = " ".join(p.locator("#chart .hoverlayer text").all_text_contents())
    assert "Maintenance" in hover
    assert "Tue, 18 Aug 2026 to Thu, 2 Mar 2028 (both days included)" in hover
    assert "563 days" in hover
    page.assert_clean()


def test_bars_reach_the_end_of_their_last_day(page, live_server):
    p = page.page
    p.goto(live_server + "/?start=2026-01-05&protocol=cog-sr&today=2026-11-24")
    wait_for_chart(p)
    # Each bar's drawn pixel edges beside the pixel plotly's own axis gives the midnight that starts a day.
    # Plotly rounds pixels to 0.01 (a few minutes here, so p2d reads 23:57), while an hour is 0.05 px and a day 1.2 px.
    edges = p.evaluate("""() => {
        const gd = document.getElementById('chart');
        return Array.from(gd.querySelectorAll('.barlayer .point path')).map(path => {
            const box = path.getBBox();
            return [box.x, box.x + box.width];
        });
    }""")
    midnight = p.evaluate("""days => days.map(d => document.getElementById('chart')._fullLayout.xaxis.d2p(d))""", [
        "2026-01-05", "2026-02-03", "2026-02-09", "2028-03-03"])
    # Induction starts on its Day 1 and reaches the end of Day 29, where consolidation starts.
    assert edges[0][0] == pytest.approx(midnight[0], abs=0.011)
    assert edges[0][1] == pytest.approx(midnight[1], abs=0.011)
    assert edges[1][0] == pytest.approx(midnight[1], abs=0.011)
    # Maintenance reaches the end of 2 Mar 2028; the uncertain end of induction (the first bar after the six phases
    # and the five "may start between" bands) reaches the end of Day 35.
    assert edges[5][1] == pytest.approx(midnight[3], abs=0.011)
    assert edges[11] == [pytest.approx(midnight[1], abs=0.011), pytest.approx(midnight[2], abs=0.011)]
    page.assert_clean()


def test_bad_date_shows_the_error_and_keeps_the_input(page, live_server):
    p = page.page
    response = p.goto(live_server + "/?start=2026-02-30&protocol=general&induction_weeks=6")
    assert response.status == 400
    assert "“2026-02-30” is not a real date: February 2026 has 28 days." in p.locator(".error-summary").inner_text()
    assert p.input_value("#protocol") == "general"
    assert p.input_value("#induction_weeks") == "6"
    page.screenshot("error-page")
    # The only console error allowed is the browser reporting the 400 status itself.
    assert all("status of 400" in e for e in page.errors)
    assert page.refused == []


def test_induction_choice_follows_the_protocol(page, live_server):
    p = page.page
    p.goto(live_server + "/")
    p.select_option("#protocol", "general")
    assert p.is_enabled("#induction_weeks")
    p.select_option("#induction_weeks", "5")
    p.select_option("#protocol", "cog-sr")
    assert p.is_disabled("#induction_weeks")
    assert p.input_value("#induction_weeks") == ""
    assert p.is_hidden("#induction_weeks") and p.is_visible("#sex")  # sex: every protocol accepts it
    p.select_option("#protocol", "t-all")
    assert p.is_visible("#nelarabine") and p.is_enabled("#nelarabine") and p.is_hidden("#hr_favourable")
    page.screenshot("form")
    page.assert_clean()


def test_relative_teaching_view_draws_a_day_axis(page, live_server):
    p = page.page
    p.goto(live_server + "/?protocol=general")
    wait_for_chart(p)
    # 3 phases, the 2 that may start later, 3 uncertain ends (induction's 4-6 weeks move the rest), the band after.
    assert p.locator(BARS).count() == 9
    ticks = p.locator("#chart .xaxislayer-above .xtick text").all_text_contents()
    assert ticks and all(re.fullmatch(r"Day [\d,]+", t) for t in ticks)
    page.screenshot("relative-view")
    page.assert_clean()


def test_phone_has_no_horizontal_scroll_and_draws_the_chart(phone, live_server):
    p = phone.page
    p.goto(live_server + "/?start=2026-01-05&protocol=cog-sr&today=2026-11-24")
    wait_for_chart(p)
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    assert p.locator(BARS).count() == 18  # as on the desktop: phases, windows, uncertain ends, after treatment
    phone.screenshot("timeline-phone")
    # The photograph is the whole page at CSS scale (tests/conftest.py): 390 pixels wide, not the phone's 780.
    png = (ARTIFACTS / "timeline-phone.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") == 390
    assert int.from_bytes(png[20:24], "big") == p.evaluate("document.documentElement.scrollHeight")
    phone.assert_clean()


def test_branch_rows_are_drawn_as_hatched_possible_paths(page, live_server):
    p = page.page
    p.goto(live_server + "/?start=2026-01-05&protocol=cog-hr&branch=hsct&branch=tki&today=2026-11-24")
    wait_for_chart(p)
    # The transplant replaces the rest of the main road: 2 main rows, 6 transplant rows, the TKI row.
    names = p.locator("#chart .yaxislayer-above .ytick text").all_text_contents()
    assert len(names) == 10 and names[-1] == "After treatment"
    # Consolidation's range moves every transplant step after it, so each says its end is uncertain.
    assert "If transplant: Day 0 to Day +100 (uncertain end)" in names and "If transplant: donor search (uncertain end)" in names
    assert not any(n.startswith("Maintenance") for n in names)
    legend = p.locator("#chart .legend .legendtext").all_text_contents()
    assert "If transplant (possible path)" in legend and "Targeted drug (TKI) (possible path)" in legend
    assert p.locator("#chart pattern").count() >= 1  # hatching, so colour is not the only difference
    page.screenshot("timeline-branches")
    page.assert_clean()


def test_branch_choices_follow_the_protocol(page, live_server):
    p = page.page
    p.goto(live_server + "/")
    p.select_option("#protocol", "t-all")
    assert p.is_enabled("input[name=branch][value=hsct]")
    assert p.is_disabled("input[name=branch][value=car-t]")
    p.select_option("#protocol", "cog-sr")
    assert p.is_disabled("input[name=branch][value=hsct]")
    assert p.is_enabled("input[name=branch][value=blinatumomab]")
    page.assert_clean()


def test_long_blocks_are_laid_out_near_the_screen_and_printed_in_full(phone, live_server):
    """A phone lays out the sources only when they near the screen (issue 13), then keeps their height; print shows all."""
    p = phone.page
    p.goto(live_server + "/?start=2026-01-05&protocol=cog-hr&branch=hsct")
    visible = "s => document.querySelector(s).checkVisibility({contentVisibilityAuto: true})"
    # The browser decides what is near the screen in its first rendering update after the page is parsed.
    p.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert p.evaluate(visible, ".timeline > .sources > li") is False  # its content skipped: a 600 px placeholder
    assert p.evaluate(visible, ".timeline > .help-now > :first-child") is False
    assert p.evaluate("document.querySelector('.timeline > .sources').getBoundingClientRect().height") == 600
    p.evaluate("location.hash = '#source-S101'")
    p.wait_for_function("() => Math.abs(document.querySelector('#source-S101').getBoundingClientRect().top) < 1")
    assert p.evaluate(visible, ".timeline > .sources > li") is True
    shown = p.evaluate("document.querySelector('.timeline > .sources').getBoundingClientRect().height")
    assert shown > 2000  # 39 sources at a phone's width
    p.evaluate("window.scrollTo(0, 0)")
    p.wait_for_function("() => !document.querySelector('.timeline > .sources > li').checkVisibility({contentVisibilityAuto: true})")
    assert p.evaluate("document.querySelector('.timeline > .sources').getBoundingClientRect().height") == shown
    p.emulate_media(media="print")
    p.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert p.evaluate(visible, ".timeline > .help-now > :first-child") is True
    assert p.evaluate("getComputedStyle(document.querySelector('.timeline > .sources')).overflow") == "visible"
    p.emulate_media(media="screen")
