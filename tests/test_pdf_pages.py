"""Issue 15, print-outs without flaws: no nearly empty page, no last page holding only the QR code, no overprint."""

import pytest

from tests import pdf_reading

pytestmark = [pytest.mark.browser, pytest.mark.pdf]

QUERIES = {"cog-sr": "start=2026-01-05&protocol=cog-sr",
           "cog-hr": "start=2026-01-05&protocol=cog-hr",
           "cog-hr-hsct": "start=2026-01-05&protocol=cog-hr&branch=hsct",
           "alltogether1": "start=2026-01-05&protocol=alltogether1",
           # The longest print-outs: the most milestones (cog-hr, calgb-10403) and the most phases.
           "calgb-10403": "start=2026-01-05&protocol=calgb-10403",
           "ph-positive-adult": "start=2026-01-05&protocol=ph-positive-adult",
           # No milestones at all: the milestones section is a single sentence.
           "aall1331": "start=2026-01-05&protocol=aall1331"}
SHARE_HEADING = {"en": "This schedule online", "es": "Este calendario en línea"}


def overlap(a, b):
    """Two words print over each other: poppler's boxes hold the font's whole ascent and descent, so lines set
    tight (a heading) share a few points; a third of a word's height is ink over ink."""
    tall = 0.3 * min(a.y1 - a.y0, b.y1 - b.y0)
    return a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 and a.y0 < b.y1 - tall and b.y0 < a.y1 - tall


@pytest.fixture(scope="module")
def printed(pdf_app, tmp_path_factory):
    """Print each protocol once per language and paper; hand back the file."""
    folder = tmp_path_factory.mktemp("pages")
    client = pdf_app.test_client()

    def make(protocol, lang, paper):
        path = folder / f"{protocol}-{lang}-{paper}.pdf"
        if not path.exists():
            response = client.get(f"/schedule.pdf?{QUERIES[protocol]}&lang={lang}&paper={paper}")
            assert response.status_code == 200
            path.write_bytes(response.data)
        return path

    return make


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("protocol", sorted(QUERIES))
def test_no_page_is_nearly_empty_and_the_last_holds_more_than_the_qr_code(printed, protocol, lang, paper):
    path = printed(protocol, lang, paper)
    pages = pdf_reading.page_count(path)
    fills = [round(pdf_reading.filled(path, page), 2) for page in range(1, pages + 1)]
    # Every page but the last is at least one-third full.
    assert all(fill >= 1 / 3 for fill in fills[:-1]), fills
    # The last page holds more than the share block (its heading, address and QR code): text comes before it.
    last = " ".join(w.text for w in pdf_reading.body_words(path, pages))
    assert SHARE_HEADING[lang] in last or SHARE_HEADING[lang] not in pdf_reading.page_text(path)
    assert not last.startswith(SHARE_HEADING[lang]), last[:200]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("protocol", ["cog-hr-hsct", "cog-hr", "calgb-10403"])
def test_no_word_prints_over_another(printed, protocol, lang):
    path = printed(protocol, lang, "a4")
    for page in range(1, pdf_reading.page_count(path) + 1):
        found = pdf_reading.words(path, page)
        for i, word in enumerate(found):
            for other in found[i + 1:]:
                assert not overlap(word, other), (page, word, other)
