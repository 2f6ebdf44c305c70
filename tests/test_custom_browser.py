"""Uploading a protocol in real Chromium: paste, submit, see the chart; print it to PDF."""

import urllib.request
from pathlib import Path

import pytest

from tests import pdf_reading
from tests.charts import wait_for_chart

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
    wait_for_chart(p)
    assert p.locator("h1").inner_text() == "Treatment timeline: St Elsewhere ALL 2024"
    assert p.locator("#chart .barlayer .point").count() == 4  # its three phases and the band after treatment
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


@pytest.mark.pdf
def test_files_saved_by_excel_with_their_milestones_draw_and_print(page, live_server, tmp_path):
    """The phases as Excel saves "CSV" on Spanish Windows, the milestones as "Unicode text": both read, both drawn."""
    uploads = Path(__file__).parent / "data" / "uploads"
    milestones = ("protocol\tmilestone\tphase\tday\trepeat_every\tkind\tlabel\tshort\tsources\tnote\r\n"
                  "mi-unidad\tmedula\tinduccion\tlast\t\tcheck\tMédula al final de la inducción\tMédula\town\t\r\n"
                  "mi-unidad\tpl\tconsolidacion\t1\t14\tlp\tPunción lumbar cada 2 semanas\tPL\town\t\r\n")
    (tmp_path / "hitos.txt").write_bytes(b"\xff\xfe" + milestones.encode("utf-16-le"))
    p = page.page
    p.goto(f"{live_server}/custom")
    p.fill("#start", "2026-01-05")
    p.set_input_files("#csv_file", str(uploads / "excel-es-semicolon-cp1252.csv"))
    p.set_input_files("#milestones_file", str(tmp_path / "hitos.txt"))
    p.click("button[type=submit]")
    wait_for_chart(p)
    # Inducción (5 weeks), Consolidación (8 weeks: a tap every 14 days from its first day, 4 of them), the end.
    assert "Médula" in p.locator("#chart .textpoint").all_text_contents()
    lps = p.evaluate("JSON.parse(document.getElementById('figure-data').textContent).data"
                     ".filter(t => t.name === 'Spinal tap (lumbar puncture)')[0].x")
    assert lps == ["2026-02-09 12:00", "2026-02-23 12:00", "2026-03-09 12:00", "2026-03-23 12:00"]
    page.screenshot("custom-timeline-excel-milestones")
    page.assert_clean()
    pdf_url = p.get_attribute(".downloads a[href^='/schedule.pdf']", "href")
    with urllib.request.urlopen(live_server + pdf_url, timeout=30) as response:
        path = tmp_path / "custom.pdf"
        path.write_bytes(response.read())
    text = pdf_reading.page_text(path)
    assert "Punción lumbar cada 2 semanas" in text and "Médula al final de la inducción" in text
    assert "The address is too long for a QR code." in text
    assert "/custom and upload the same two CSV files again (phases and milestones)" in text
    pages = pdf_reading.page_count(path)
    assert all(pdf_reading.filled(path, n) >= 1 / 3 for n in range(1, pages)), pages
