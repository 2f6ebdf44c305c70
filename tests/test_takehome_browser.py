"""The take-home pages in real Chromium, printed to PDF on A4 and Letter and read back with poppler-utils."""

import json
import re
import urllib.request
from datetime import date

import pytest

from tests import pdf_reading

pytestmark = [pytest.mark.browser, pytest.mark.pdf]

PAPERS = ("A4", "Letter")
SIZES = {"A4": "595.92 x 842.88 pts (A4)", "Letter": "612 x 792 pts (letter)"}
# Each a hard case for a page count: paths beside the main road, recorded dates and delays (longer headings),
# a first month of six weeks (August 2026 begins on a Saturday), Spanish (longer words).
CALENDARS = [
    "start=2026-01-05&protocol=cog-sr",
    "start=2026-08-01&protocol=cog-hr&branch=hsct&lang=es",
    "start=2026-08-01&protocol=t-all&today=2026-10-01&started=consolidation:2026-09-10&delay=im1:7&lang=es",
    "start=2026-01-05&protocol=cog-sr&branch=blinatumomab",
]
SUMMARIES = [
    "start=2026-01-05&protocol=cog-sr",
    "start=2026-01-05&protocol=cog-hr&branch=hsct&lang=es",
    "start=2026-01-05&protocol=t-all&today=2026-03-01&started=consolidation:2026-02-10&delay=im1:7&lang=es",
    "protocol=general&branch=blinatumomab&branch=hsct&lang=es",
]
LETTERS = ["start=2026-01-05&protocol=cog-sr", "start=2026-01-05&protocol=cog-hr&lang=es"]


def _json(live_server, query):
    with urllib.request.urlopen(f"{live_server}/schedule.json?{query}", timeout=30) as response:
        return json.load(response)


def _months(plan) -> int:
    """Count the calendar months from the first day to the last, from the JSON export alone."""
    first = date.fromisoformat(plan["start"])
    last = max(date.fromisoformat(p["end"]) for p in plan["phases"])
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _print(shared_page, url, paper, path):
    """Print `url` from a page in the process's shared 1280x900 context to `path`; no page error on the way."""
    page = shared_page(viewport={"width": 1280, "height": 900}).page
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    path.write_bytes(page.pdf(format=paper, print_background=True))
    assert errors == []
    return path


def _check_every_page(path, paper, lang):
    pages = pdf_reading.page_count(path)
    assert pdf_reading.page_size(path) == SIZES[paper]
    footer = ("Página %s de %s" if lang == "es" else "Page %s of %s")
    disclaimer = "Una visión general con fines educativos" if lang == "es" else "Educational picture, not medical advice"
    width = float(SIZES[paper].split()[0])
    for number in (1, pages):
        words = pdf_reading.page_text(path, number)
        assert footer % (number, pages) in words
        assert disclaimer in words
        # Nothing cut off at the sides: every word inside the paper, clear of its edges (14 mm margins).
        boxes = pdf_reading.words(path, number)
        assert min(w.x0 for w in boxes) >= 20 and max(w.x1 for w in boxes) <= width - 20
    return pages


def _main_phases(plan):
    return [p["name"] for p in plan["phases"] if p["track"] == "main"]


def check_summary(path, paper, query, plan):
    """Check a printed summary: at most two pages, every main phase, the care team's contact lines."""
    lang = "es" if "lang=es" in query else "en"
    assert _check_every_page(path, paper, lang) <= 2
    words = pdf_reading.page_text(path)
    for name in _main_phases(plan):
        assert name in words
    assert ("Contactos del equipo médico" if lang == "es" else "Care team contacts") in words


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("query", CALENDARS)
def test_calendar_prints_one_page_a_month(shared_page, live_server, tmp_path, query, paper):
    plan = _json(live_server, query)
    path = _print(shared_page, f"{live_server}/calendar?{query}", paper, tmp_path / "calendar.pdf")
    lang = "es" if "lang=es" in query else "en"
    assert _check_every_page(path, paper, lang) == _months(plan)
    words = pdf_reading.page_text(path)
    for name in _main_phases(plan):
        assert name in words
    # The first page holds the call-now box; every page its own month and the line for the 24-hour number.
    assert ("Cuándo llamar de inmediato" if lang == "es" else "When to call now") in pdf_reading.page_text(path, 1)
    months = _months(plan)
    for number in (1, 2, months):
        words = pdf_reading.page_text(path, number)
        assert (f"mes {number} de {months}" if lang == "es" else f"month {number} of {months}") in words
        assert ("Número de 24 horas de nuestro equipo médico:" if lang == "es"
                else "Our care team's 24-hour number:") in words


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("query", SUMMARIES)
def test_summary_prints_on_at_most_two_pages(shared_page, live_server, tmp_path, query, paper):
    plan = _json(live_server, query)
    path = _print(shared_page, f"{live_server}/summary?{query}", paper, tmp_path / "summary.pdf")
    check_summary(path, paper, query, plan)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("query", LETTERS)
def test_letter_prints_on_one_page(shared_page, live_server, tmp_path, query, paper):
    path = _print(shared_page, f"{live_server}/letter?{query}", paper, tmp_path / "letter.pdf")
    lang = "es" if "lang=es" in query else "en"
    assert _check_every_page(path, paper, lang) == 1
    words = pdf_reading.page_text(path)
    if lang == "es":
        assert "el último día previsto es el mié, 5 abr 2028" in words
    else:
        assert "the last planned day is Thu, 2 Mar 2028" in words
        assert "Care team (name, role, signature or stamp):" in words


@pytest.mark.parametrize("path", ["calendar", "summary", "letter"])
def test_pages_on_a_phone_and_a_desktop(page, phone, live_server, path):
    for watched, size in ((phone, "390x844"), (page, "1280x900")):
        watched.page.goto(f"{live_server}/{path}?start=2026-01-05&protocol=cog-sr&branch=blinatumomab")
        # Nothing wider than the screen except the calendar's grid, which scrolls sideways in its own box.
        overflow = watched.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        assert watched.page.locator(".print-button").is_visible()
        watched.screenshot(f"{path}-{size}")
        watched.assert_clean()


def test_calendar_scrolls_to_a_month_from_its_link(page, live_server):
    page.page.goto(f"{live_server}/calendar?start=2026-01-05&protocol=cog-sr&lang=es")
    page.page.get_by_role("link", name="Marzo 2027").click()
    top = page.page.evaluate("document.getElementById('m-2027-03').getBoundingClientRect().top")
    assert abs(top) < 40
    page.assert_clean()


@pytest.fixture(scope="module")
def uploaded(pdf_app):
    """Return the query of a clinician's uploaded protocol (the general template, from 2026-01-05)."""
    client = pdf_app.test_client()
    form = client.get("/custom").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    upload = client.get("/custom/template-general.csv").get_data(as_text=True)
    response = client.post("/custom", data={"csrf_token": csrf, "name": "St Elsewhere ALL", "start": "2026-01-05",
                                            "csv_text": upload})
    return response.headers["Location"].split("?", 1)[1] + "&lang=es"


@pytest.mark.parametrize(("path", "pages"), [("calendar", None), ("letter", 1), ("summary", 2)])
def test_an_uploaded_protocol_prints_with_its_warning(shared_page, live_server, tmp_path, uploaded, path, pages):
    plan = _json(live_server, uploaded)
    pdf = _print(shared_page, f"{live_server}/{path}?{uploaded}", "Letter", tmp_path / f"{path}.pdf")
    counted = _check_every_page(pdf, "Letter", "es")
    if path == "summary":
        assert counted <= pages
    else:
        assert counted == (pages or _months(plan))
    assert "ALL Timeline no lo ha revisado" in pdf_reading.page_text(pdf, 1)
