"""The take-home pages as server-made PDFs (/calendar.pdf, /summary.pdf, /letter.pdf), read back with poppler-utils."""

import pytest

from tests import pdf_reading
from tests.test_takehome_browser import SIZES, _check_every_page, _main_phases, _months, check_summary

pytestmark = [pytest.mark.browser, pytest.mark.pdf]

SR = "start=2026-01-05&protocol=cog-sr"
HR_HSCT = "start=2026-08-01&protocol=cog-hr&branch=hsct&lang=es"


def _download(pdf_client, tmp_path, url, paper):
    response = pdf_client.get(f"{url}&paper={paper.lower()}")
    assert (response.status_code, response.headers["Content-Type"]) == (200, "application/pdf")
    path = tmp_path / f"{url.split('?')[0].strip('/')}-{paper}.pdf"
    path.write_bytes(response.data)
    assert pdf_reading.page_size(path) == SIZES[paper]
    return path


@pytest.mark.parametrize(("query", "paper"), [(SR, "A4"), (HR_HSCT, "Letter")])
def test_calendar_pdf_has_one_page_a_month_spanned(pdf_client, tmp_path, query, paper):
    plan = pdf_client.get(f"/schedule.json?{query}").get_json()
    path = _download(pdf_client, tmp_path, f"/calendar.pdf?{query}", paper)
    lang = "es" if "lang=es" in query else "en"
    months = _months(plan)
    assert _check_every_page(path, paper, lang) == months == (27 if lang == "en" else 16)
    words = pdf_reading.page_text(path)
    for name in _main_phases(plan):
        assert name in words
    for number in (1, months):
        assert (f"mes {number} de {months}" if lang == "es" else f"month {number} of {months}") in (
            pdf_reading.page_text(path, number))
    # On screen only: the toolbar with its PDF links is not printed.
    assert ("Descargar en PDF" if lang == "es" else "Download as PDF") not in words


@pytest.mark.parametrize(("query", "paper"), [(SR, "A4"), (SR, "Letter"), (HR_HSCT, "A4")])
def test_summary_pdf_is_at_most_two_pages(pdf_client, tmp_path, query, paper):
    plan = pdf_client.get(f"/schedule.json?{query}").get_json()
    path = _download(pdf_client, tmp_path, f"/summary.pdf?{query}", paper)
    check_summary(path, paper, query, plan)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_letter_pdf_is_one_page(pdf_client, tmp_path, paper):
    path = _download(pdf_client, tmp_path, f"/letter.pdf?{SR}", paper)
    assert _check_every_page(path, paper, "en") == 1
    words = pdf_reading.page_text(path)
    assert "the last planned day is Thu, 2 Mar 2028" in words
    assert "Care team (name, role, signature or stamp):" in words


@pytest.mark.parametrize("paper", ["A4", "Letter"])
# pdftotext reads right-to-left Arabic back in visual order (letters reversed): its words are not compared.
@pytest.mark.parametrize(("lang", "readable"), [("fr", True), ("pt", True), ("ar", False), ("zh", True)])
def test_summary_pdf_is_at_most_two_pages_in_every_language(pdf_client, tmp_path, lang, readable, paper):
    # The transplant path is the longest summary; in French on Letter its last line ran onto a third page.
    query = f"start=2026-01-05&protocol=cog-hr&branch=hsct&lang={lang}"
    plan = pdf_client.get(f"/schedule.json?{query}").get_json()
    path = _download(pdf_client, tmp_path, f"/summary.pdf?{query}", paper)
    assert pdf_reading.page_count(path) <= 2
    words = pdf_reading.page_text(path)
    assert not readable or all(name in words for name in _main_phases(plan)), _main_phases(plan)
