"""The PDF export: a real PDF of the print view whose chart puts every bar at its dates."""

import html
import re
from datetime import date, timedelta

import pytest

from tests import pdf_reading
from webapp import i18n
from webapp.chart import PALETTE
from webapp.exports.records import DISCLAIMER
from webapp.schedule import build

pytestmark = [pytest.mark.browser, pytest.mark.pdf]

QUERY = "start=2026-01-05&protocol=cog-sr"
PAGE_DISCLAIMER = "Educational picture, not medical advice. Real schedules shift with blood counts, infections and how the"
DPI = 144


@pytest.fixture(scope="module")
def a4(pdf_app, tmp_path_factory):
    response = pdf_app.test_client().get("/schedule.pdf?" + QUERY)
    path = tmp_path_factory.mktemp("pdf") / "a4.pdf"
    path.write_bytes(response.data)
    return response, path


def test_pdf_response_is_a_named_a4_pdf(a4):
    response, path = a4
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="all-timeline-cog-sr-2026-01-05.pdf"'
    assert response.data.startswith(b"%PDF-")
    # The page count depends on the fonts installed: the footer counts the PDF's real pages.
    pages = pdf_reading.page_count(path)
    assert f"Page {pages} of {pages}" in pdf_reading.page_text(path, pages)
    assert pdf_reading.page_size(path) == "595.92 x 842.88 pts (A4)"


def test_pdf_text_has_every_phase_the_start_and_the_disclaimer_on_every_page(a4, cog_sr):
    _, path = a4
    text = pdf_reading.page_text(path)
    for spec in cog_sr.phases:
        assert spec.name in text
    assert "Treatment start Mon, 5 Jan 2026 (2026-01-05); planned last day Thu, 2 Mar 2028" in text
    assert " ".join(DISCLAIMER.split()[:8]) in text
    pages = pdf_reading.page_count(path)
    for page in range(1, pages + 1):
        assert PAGE_DISCLAIMER in pdf_reading.page_text(path, page)
        assert f"Page {page} of {pages}" in pdf_reading.page_text(path, page)
    assert "Thu, 2 Mar 2028 Day 788 Planned last day of treatment" in text
    assert "Notes from the care team" in text and "Contacts" in text
    assert "http://localhost/?start=2026-01-05&protocol=cog-sr" in text.replace(" ", "")


def _axis(words):
    """Map page x (points) to dates from the x-axis tick labels ('Jan 2026' is centred on 1 January)."""
    ticks = []
    for first, second in zip(words, words[1:], strict=False):
        if first.text in ("Jan", "Jul") and second.text.isdigit() and abs(first.y0 - second.y0) < 1:
            day = date(int(second.text), 1 if first.text == "Jan" else 7, 1)
            ticks.append(((first.x0 + second.x1) / 2, day, first.y0))
    # The axis is the one row holding several such labels (the heading also says "5 Jan 2026").
    rows = {}
    for tick in ticks:
        rows.setdefault(round(tick[2]), []).append(tick)
    ticks = max(rows.values(), key=len)
    assert len(ticks) >= 4
    (x_a, day_a, _), (x_b, day_b, _) = ticks[0], ticks[-1]
    per_day = (x_b - x_a) / (day_b - day_a).days
    return (lambda x: day_a + timedelta(days=(x - x_a) / per_day)), per_day, ticks[0][2]


def _row_centres(words, names, axis_y):
    """Return the vertical centre of each y-axis label (the chart's row names, above the axis)."""
    centres = {}
    for name in names:
        parts = name.split()
        for i in range(len(words) - len(parts) + 1):
            run = words[i:i + len(parts)]
            if [w.text for w in run] == parts and run[0].y0 < axis_y and name not in centres:
                centres[name] = (run[0].y0 + run[0].y1) / 2
    return centres


def _colour_span(image, y_pt, colour):
    """Return the first and last x (points) where a bar of this colour is, scanning just above and
    below the row's centre line, where the milestone markers sit."""
    width, _, body = image
    want = bytes.fromhex(colour[1:])
    hits = []
    # Inside a bar of the 33 px print rows (static/js/print.js), off the markers (11 px at most there); the legend
    # below takes its share of the chart's height, so a bar is about 11 pt tall.
    for offset in (-5, 5):
        y = round((y_pt + offset) * DPI / 72)
        hits += [x for x in range(width) if all(abs(body[3 * (y * width + x) + c] - want[c]) <= 10 for c in range(3))]
    assert hits, f"no {colour} pixels near y={y_pt:.1f}pt"
    return min(hits) * 72 / DPI, (max(hits) + 1) * 72 / DPI


def test_pdf_chart_draws_each_bar_from_its_first_day_to_the_end_of_its_last(a4, cog_sr, tmp_path):
    _, path = a4
    words = pdf_reading.words(path, 1)
    to_date, points_per_day, axis_y = _axis(words)
    schedule = build(cog_sr, date(2026, 1, 5))
    rows = _row_centres(words, [p.name for p in schedule.phases], axis_y)
    assert list(rows) == [p.name for p in schedule.phases]
    image = pdf_reading.pixels(path, 1, DPI, tmp_path)
    # One bar outline pixel and rounding: allow two days either side (a point is about two days here).
    slack = timedelta(days=max(2, round(1.5 / points_per_day)))
    for index, phase in enumerate(schedule.phases):
        left, right = _colour_span(image, rows[phase.name], PALETTE[index])
        # A phase that may start later (induction's 29 to 35 days move the rest) lies under a faint wash until its
        # latest first day: its own colour begins the day after.
        first = phase.start_window[1] + timedelta(days=1) if phase.may_start_between else phase.start
        assert abs(to_date(left) - first) <= slack, (phase.name, to_date(left))
        if index == 0:
            # Induction's last days lie under its Day 29 marks (spinal tap, marrow test, the label's leader line),
            # at every height of its bar now that the legend's two window entries take their share of the chart.
            continue
        assert abs(to_date(right) - (phase.end + timedelta(days=1))) <= slack, (phase.name, to_date(right))
    assert image[0] * 72 / DPI == pytest.approx(595.92, abs=1)


def test_letter_pdf_has_letter_pages_and_the_same_content(pdf_client, tmp_path):
    response = pdf_client.get("/schedule.pdf?" + QUERY + "&paper=letter")
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.data)
    assert pdf_reading.page_size(path) == "612 x 792 pts (letter)"
    # Which page the table starts on depends on the fonts installed (DejaVu on a fresh machine pushes it to page 2).
    assert ("Maintenance Tue, 18 Aug 2026 may start between Tue, 18 Aug 2026 and Mon, 24 Aug 2026 Thu, 2 Mar 2028"
            in pdf_reading.page_text(path))
    # Letter is shorter than A4, so it never needs fewer pages; how many more depends on the fonts installed.
    a4 = tmp_path / "a4.pdf"
    a4.write_bytes(pdf_client.get("/schedule.pdf?" + QUERY).data)
    assert pdf_reading.page_count(path) >= pdf_reading.page_count(a4)

    def content(pdf):  # every word of every page, without the page footers that name the page number
        lines = pdf_reading.page_text(pdf).splitlines()
        return sorted(w for line in lines if "Page " not in line for w in line.split())

    assert content(path) == content(a4)


def test_pdf_of_another_protocol_and_option_is_made(pdf_client):
    # How long a PDF takes is for bench/pdf_time.py to say, never a test (issue 13).
    response = pdf_client.get("/schedule.pdf?start=2026-03-02&protocol=general&induction_weeks=5")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")


def test_relative_pdf_is_named_relative(pdf_client):
    response = pdf_client.get("/schedule.pdf?protocol=general")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="all-timeline-general-relative.pdf"'


def test_bad_paper_is_a_400_naming_the_field(pdf_client):
    response = pdf_client.get("/schedule.pdf?" + QUERY + "&paper=a3")
    assert response.status_code == 400
    assert "paper: “a3” is not a paper size: choose a4 or letter." in response.get_data(as_text=True)


def test_without_chromium_the_pdf_is_a_503_pointing_to_the_print_view(monkeypatch):
    from webapp import create_app
    from webapp.exports import pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    app = create_app({"TESTING": True})
    try:
        response = app.test_client().get("/schedule.pdf?" + QUERY)
    finally:
        app.extensions["all_timeline.printer"].close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(pdf.RETRY_AFTER_S)
    assert "Use the print view and your browser's Print command (Ctrl+P) instead" in html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_no_table_row_is_split_across_pages(pdf_client, cog_sr, tmp_path, paper):
    from webapp.formatting import end_window_text, long_date, start_window_text

    path = tmp_path / f"{paper}.pdf"
    path.write_bytes(pdf_client.get(f"/schedule.pdf?{QUERY}&paper={paper}").data)
    pages = [pdf_reading.page_text(path, n) for n in range(1, pdf_reading.page_count(path) + 1)]
    schedule = build(cog_sr, date(2026, 1, 5))
    # Each date with the window the ranges before it leave (the table's notes under it, print.html).
    rows = [" ".join(filter(None, (p.name, long_date(p.start), p.may_start_between and start_window_text(p, False),
                                   long_date(p.end), end_window_text(p, False)))) for p in schedule.phases]
    rows += [f"{long_date(m.date)} Day {m.day} {m.label}" for m in schedule.milestones]
    for row in rows:
        assert sum(row in page for page in pages) == 1, row


def test_pdf_is_tagged_in_english_with_an_outline_of_its_headings(a4):
    _, path = a4
    assert pdf_reading.tagged(path)
    assert pdf_reading.catalogue(path) == {"lang": "en", "outline": "yes"}
    structure = pdf_reading.structure(path)
    assert "H1 (block)" in structure and "H2 (block)" in structure and "Table (block)" in structure


def test_spanish_pdf_says_it_is_in_spanish(pdf_client, tmp_path):
    path = tmp_path / "es.pdf"
    path.write_bytes(pdf_client.get("/schedule.pdf?" + QUERY + "&lang=es").data)
    assert pdf_reading.tagged(path)
    assert pdf_reading.catalogue(path) == {"lang": "es", "outline": "yes"}


# Chromium's PDF writer embeds the CJK collection's glyphs as nameless Type 3 fonts (with their Unicode map), so
# for Chinese the check is that every font is embedded and the text reads back in its script.
@pytest.mark.parametrize(("lang", "font", "phase"), [
    ("zh", "", "诱导治疗"),
    ("ar", "NotoNaskhArabic", "الحث"),
])
def test_chinese_and_arabic_pdfs_embed_their_script_and_say_their_language(pdf_client, tmp_path, lang, font, phase):
    path = tmp_path / f"{lang}.pdf"
    response = pdf_client.get("/schedule.pdf?" + QUERY + f"&lang={lang}")
    assert response.status_code == 200
    path.write_bytes(response.data)
    assert pdf_reading.catalogue(path) == {"lang": lang, "outline": "yes"}
    found = pdf_reading.fonts(path)
    assert found and all(is_embedded for _name, is_embedded in found), found
    assert any(name.startswith(font) for name, _embedded in found), found
    assert phase in pdf_reading.page_text(path, 1)  # the text is real text in its script, not boxes or images
    # Not yet reviewed by a medical translator: the print-out says so too (issue 14), in its own words.
    with i18n.active(lang):
        note = i18n.gettext("This translation has not yet been reviewed by a medical translator. If a word is unclear, "
                            "ask your care team.")
    # Spaces and the bidi controls pdftotext adds around runs of another direction are not part of the words.
    words = re.compile(r"[\s\u200e\u200f\u202a-\u202e]")
    assert words.sub("", note) in words.sub("", pdf_reading.page_text(path, 1))
