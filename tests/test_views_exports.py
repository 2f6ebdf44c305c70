"""HTTP behaviour of the print view and the downloads: statuses, file names, texts, bad input."""

import html
import io
import re

import icalendar
import pandas as pd
import pytest
import segno

from tests.test_views import text
from webapp import create_app, fragments
from webapp.views import downloads, figures

COG = "start=2026-01-05&protocol=cog-sr"


def test_print_view_is_a_document_with_dates_notes_sources_and_address(client):
    response = client.get("/print?" + COG + "&today=2026-11-24")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Children's B-ALL, standard risk (COG style)</h1>" in body
    assert "CCG-1991 phase lengths; maintenance counted as in current COG trials (AALL0932, AALL1731) (as of Fri, 1 Jan 2021)" in body
    assert "<strong>Mon, 5 Jan 2026</strong> (2026-01-05); planned last day Thu, 2 Mar 2028" in body
    # Induction's 29 to 35 days leave maintenance a 6-day window, from its start to the end of the clock.
    assert ('<td class="nowrap">Tue, 18 Aug 2026<br><span class="note">may start between Tue, 18 Aug 2026 and Mon, 24 '
            'Aug 2026</span></td><td class="nowrap">Thu, 2 Mar 2028<br><span class="note">may end between Thu, 2 Mar 2028 '
            'and Wed, 8 Mar 2028</span></td>') in body
    assert '<td class="nowrap">Day 226 to 788</td>' in body
    assert '<td class="nowrap">Thu, 2 Mar 2028</td> <td class="nowrap">Day 788</td> <td>Planned last day of treatment</td>' in body
    assert "Notes from the care team" in body and "<td>Specialist nurse</td>" in body
    assert "<strong>S3</strong>: Matloub et al." in body
    # The shared address leads back to the interactive page, without the "today" of this print-out.
    assert '<span class="url share-url">http://localhost/?start=2026-01-05&protocol=cog-sr</span>' in body
    assert '<svg viewBox="0 0 ' in body and "QR code of this schedule's address" in body
    assert "Educational picture, not medical advice." in body
    assert "Real schedules shift with blood counts, infections and how the leukaemia responds." in body
    # A document: no site navigation, no form; scripts are same-origin files only.
    assert "<form" not in body and "<nav" not in body and "<script>" not in body
    assert re.search(r'<script src="/static/js/print\.[0-9a-f]{12}\.js" defer></script>', body)


def test_print_view_qr_code_is_the_share_address_with_a_fixed_mask_and_the_usual_size(client):
    share = "http://localhost/?start=2026-01-05&protocol=cog-sr"
    body = text(client.get("/print?" + COG + "&today=2026-11-24"))
    fixed = segno.make(share, error="m", mask=downloads.QR_MASK)
    assert fixed.svg_inline(omitsize=True, border=2, title="QR code of this schedule's address") in body
    # The same version (size) and error level as segno's own mask search: it scans from the same printed square.
    searched = segno.make(share, error="m")
    assert (fixed.version, fixed.error, fixed.mask) == (searched.version, "M", 3)


# Start dates whose phases have the same rows (as in tests/test_fragments.py): one kept print view serves them all.
SHARED_ROWS = [("2023-01-04", "Wed, 4 Jan 2023", "Sat, 1 Mar 2025"), ("2023-03-15", "Wed, 15 Mar 2023", "Sat, 10 May 2025"),
               ("2023-07-05", "Wed, 5 Jul 2023", "Sat, 30 Aug 2025")]


@pytest.fixture(scope="module")
def unkept():
    """Every print view rendered whole, as before it was kept (PAGE_SKELETON_CACHE_SIZE 0)."""
    return create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0, "PAGE_SKELETON_CACHE_SIZE": 0}).test_client()


def test_print_view_is_kept_once_for_start_dates_with_the_same_rows_and_filled_per_request(unkept):
    # Issue 13: the document is rendered once per protocol, options, rows and language; each request's dates,
    # links, share address and QR code are written into it, the same bytes as rendering it whole.
    app = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0})
    client = app.test_client()
    extras = ["", "&lang=ar", "&sex=male&lang=es"]
    for extra in extras:
        for start, _long, _end in SHARED_ROWS:
            url = f"/print?start={start}&protocol=cog-sr{extra}"
            got, expected = client.get(url), unkept.get(url)
            body = got.get_data(as_text=True)
            assert (got.status_code, body) == (200, expected.get_data(as_text=True)), url
            share = f"http://localhost/?start={start}&protocol=cog-sr{extra}"
            assert f'<a href="/schedule.pdf?{share.split("?")[1].replace("&", "&amp;")}">' in body
            assert f'<span class="url share-url">{share.replace("&", "&amp;")}</span>' in body
            title = html.unescape(re.search(r'class="segno"><title>([^<]*)</title>', body).group(1))
            qr = segno.make(share, error="m", mask=downloads.QR_MASK).svg_inline(omitsize=True, border=2, title=title)
            assert qr in body
    assert [key[0] for key in app.extensions[fragments.PAGES].items] == ["print.html"] * len(extras)
    # The chart's data too: one figure kept for each language and options, its dates filled (webapp/figure_part.py).
    kept = app.extensions[figures.FIGURES].items
    assert len(kept) == len(extras) and all(kept.values())
    assert figures.FIGURES not in unkept.application.extensions  # rendered whole: made whole


def test_kept_print_view_writes_each_requests_dates_and_notes():
    client = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0}).test_client()
    for start, long, end in SHARED_ROWS:
        body = text(client.get(f"/print?start={start}&protocol=cog-sr&today=2026-11-24"))
        assert f"<title>Children's B-ALL, standard risk (COG style) from {long} · ALL Timeline (print)</title>" in body
        assert f"<strong>{long}</strong> ({start}); planned last day {end}" in body
        assert f"<caption>Phases from {long}. First and last days are both included.</caption>" in body
    # What the family recorded is said in a note of its own, with its own dates.
    body = text(client.get("/print?start=2023-01-04&protocol=cog-sr&started=consolidation:2023-02-06&today=2023-03-01"))
    assert ('<p class="recorded-note"><strong>Recorded: Consolidation on Mon, 6 Feb 2023. The rest is re-drawn by the '
            "protocol's rules: the path now ends on") in body


def test_print_view_in_day_numbers_without_a_start(client):
    body = text(client.get("/print?protocol=general"))
    assert "No start date: Day numbers only (Day 1 = first day of treatment)" in body
    # Induction's 4 to 6 weeks leave maintenance a 14-day window, said in Day numbers.
    assert ('<td class="nowrap">Day 176 to 905<br><span class="note">may start between Day 176 and Day 190</span><br>'
            '<span class="note">may end between Day 905 and Day 919</span></td>') in body
    assert "First day" not in body


def test_csv_download(client):
    response = client.get("/schedule.csv?" + COG)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="all-timeline-cog-sr-2026-01-05.csv"'
    frame = pd.read_csv(io.BytesIO(response.data), dtype=str, encoding="utf-8-sig")
    assert len(frame) == 6 + 21 + 3  # phases, milestones, the dated steps after treatment (test_after.py)
    assert frame.iloc[5][["id", "first_date", "last_date", "days"]].tolist() == ["maintenance", "2026-08-18", "2028-03-02", "563"]


def test_ics_download_matches_the_page_to_the_day(client):
    response = client.get("/schedule.ics?" + COG + "&induction_weeks=")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == 'attachment; filename="all-timeline-cog-sr-2026-01-05.ics"'
    events = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert len(events) == 6 + 21 + 3  # and the dated steps after treatment
    maintenance = next(e for e in events if str(e["UID"]).startswith("maintenance."))
    assert (maintenance.decoded("DTSTART").isoformat(), maintenance.decoded("DTEND").isoformat()) == ("2026-08-18", "2028-03-03")


def test_ics_of_the_teaching_view_is_a_400_naming_start(client):
    response = client.get("/schedule.ics?protocol=cog-sr")
    assert response.status_code == 400
    assert "start: A calendar needs real dates: give the treatment start date as start=YYYY-MM-DD." in text(response)


@pytest.mark.parametrize("url", ["/print", "/schedule.csv", "/schedule.ics", "/schedule.pdf"])
def test_bad_query_is_a_400_naming_the_field_on_every_export(client, url):
    response = client.get(url + "?start=2026-02-30&protocol=cog-sr")
    assert response.status_code == 400
    body = text(response)
    # The form comes back with the error linked to its field and the typed value kept.
    assert ('<a href="#start">Treatment start date: “2026-02-30” is not a real date: February 2026 has 28 days.</a>'
            in body)
    assert 'value="2026-02-30"' in body
    response = client.get(url + "?start=2026-01-05&protocol=nope")
    assert response.status_code == 400
    assert '<a href="#protocol">Protocol: “nope” is not a protocol this tool knows.' in text(response)


def test_timeline_page_links_every_format_with_the_same_query(client):
    body = text(client.get("/?start=2026-01-05&protocol=general&induction_weeks=5"))
    q = "start=2026-01-05&protocol=general&induction_weeks=5"
    for url in ("/print?", "/schedule.pdf?", "/schedule.ics?", "/schedule.csv?", "/schedule.json?"):
        assert f'href="{url}{q}"' in body
    assert f'href="/schedule.pdf?{q}&paper=letter"' in body


def test_teaching_view_says_a_calendar_needs_a_start_date(client):
    body = text(client.get("/?protocol=general"))
    assert "Calendar file: needs a start date (enter one above)" in body
    assert "/schedule.ics" not in body


@pytest.mark.parametrize(("url", "content_type"), [
    ("/schedule.csv?" + COG, "text/csv; charset=utf-8"),
    ("/schedule.ics?" + COG, "text/calendar; charset=utf-8"),
    ("/custom/template-cog-sr.csv", "text/csv; charset=utf-8"),
])
def test_text_downloads_name_their_charset_once(client, url, content_type):
    assert client.get(url).headers["Content-Type"] == content_type
