"""Uploading a protocol in real Chromium: paste, submit, see the chart; print it to PDF."""

import urllib.request

import pytest

from tests import pdf_reading

pytestmark = pytest.mark.browser


@pytest.mark.pdf
def test_pasted_protocol_draws_its_chart_and_prints(page, live_server, tmp_path):
    p = page.page
    with urllib.request.urlopen(f"{live_server}/custom/template-general.csv", timeout=10) as response:
        template = response.read().decode("utf-8").replace("Consolidation (intensification)", "Blocks A and B")
    p.goto(f"{live_server}/custom")
    p.fill("#name", "St Elsewhere ALL 2024")
    p.fill("#start", "2026-01-05")
    p.fill("#csv_text", template)
    p.click("button[type=submit]")
    p.wait_for_selector("#chart[data-drawn='true']")
    assert p.locator("h1").inner_text() == "Treatment timeline: St Elsewhere ALL 2024"
    assert p.locator("#chart .barlayer .point").count() == 3
    labels = p.locator("#chart .yaxislayer-above .ytick text").all_text_contents()
    assert "Blocks A and B" in labels
    assert "End" in p.locator("#chart .textpoint").all_text_contents()
    page.screenshot("custom-timeline")
    page.assert_clean()
    pdf_url = p.get_attribute(".downloads a[href^='/schedule.pdf']", "href")
    with urllib.request.urlopen(live_server + pdf_url, timeout=30) as response:
        assert response.headers["Content-Disposition"] == 'attachment; filename="all-timeline-custom-2026-01-05.pdf"'
        path = tmp_path / "custom.pdf"
        path.write_bytes(response.read())
    text = pdf_reading.page_text(path)
    assert "St Elsewhere ALL 2024" in text and "Blocks A and B" in text
    assert "This is a clinician's own protocol, uploaded by them. ALL Timeline has not checked it" in text


def test_broken_paste_shows_every_error(page, live_server):
    p = page.page
    p.goto(f"{live_server}/custom")
    p.fill("#csv_text", "protocol,phase\nx,y\n")
    p.click("button[type=submit]")
    summary = p.locator(".error-summary").inner_text()
    assert "phases.csv, line 1: missing column(s) 'order', 'name', 'track'" in summary
    assert p.input_value("#csv_text") == "protocol,phase\nx,y\n"  # kept, to be fixed
    page.screenshot("custom-errors")
    assert all("status of 400" in e for e in page.errors)
