"""Issue 14: each translated language keeps a shared list of its clinical terms, and its catalogue uses them."""

import csv
import re

import pytest
from babel.messages.pofile import read_po

from webapp import i18n

TRANSLATED = [code for code in i18n.REGISTRY if code != i18n.DEFAULT]


def forms(term: str) -> list[str]:
    """Return the spellings a listed term allows: its alternatives (split at / and ,) without bracketed parts."""
    found = []
    for alternative in re.split(r"\s*/\s*|,\s*", term):
        core = re.sub(r"\s*[（(][^）)]*[）)]", "", alternative).strip().lower()
        if core:
            found.append(core)
    return found


def translations(code: str) -> str:
    with i18n.po_path(code).open("rb") as po:
        catalogue = read_po(po, locale=code)
    return "\n".join(m.string if isinstance(m.string, str) else " ".join(m.string) for m in catalogue if m.id).lower()


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_translated_language_lists_its_terms_once_and_its_catalogue_uses_each(code):
    path = i18n.TRANSLATIONS / code / "terminology.csv"
    with path.open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    assert rows and list(rows[0]) == ["english", code, "note"], path
    english = [row["english"] for row in rows]
    assert len(english) == len(set(english)), [term for term in english if english.count(term) > 1]
    text = translations(code)
    unused = [row[code] for row in rows if not row[code] or not any(form in text for form in forms(row[code]))]
    assert unused == [], f"{path.name} ({code}): terms no translation uses; fix the catalogue or the list: {unused}"


def test_a_term_allows_its_alternatives_without_their_brackets():
    assert forms("ponction lombaire (PL)") == ["ponction lombaire"]
    assert forms("EMR (enfermedad mínima residual)") == ["emr"]
    assert forms("费城染色体（阳性）") == ["费城染色体"]
    assert forms("B-cell ALL / B-ALL") == ["b-cell all", "b-all"]
