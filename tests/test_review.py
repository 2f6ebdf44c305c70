"""Review marks in the catalogues (webapp/review.py): who reviewed which entry, and when the review line may go."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from webapp import i18n, languages, review

HEADER = ",".join(languages.COLUMNS) + "\n"
CATALOGUE = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

# reviewed-by: Ana Souza, 2026-12-03
msgid "Induction"
msgstr "Indução"

msgid "Maintenance"
msgstr "Manutenção"
'''


def registry_with_portuguese(tmp_path, catalogue: str, reviewed_by: str):
    (tmp_path / "pt" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "pt" / "LC_MESSAGES" / "messages.po").write_text(catalogue, encoding="utf-8")
    path = tmp_path / "languages.csv"
    path.write_text(HEADER + "en,English,ltr,en_GB,,%b %Y,,source\n"
                    f"pt,Português,ltr,pt_BR,,%b %Y,,{reviewed_by}\n", encoding="utf-8")
    return path


def test_a_catalogue_tells_who_reviewed_which_entry(tmp_path):
    path = registry_with_portuguese(tmp_path, CATALOGUE, "").parent / "pt" / "LC_MESSAGES" / "messages.po"
    assert review.read(path) == review.Review(1, 2, ("Ana Souza",), ("Maintenance",))
    assert not review.read(path).complete
    assert review.report(tmp_path) == "pt: 1 of 2 entries reviewed (Ana Souza)"


def test_an_entry_whose_english_changed_after_its_review_counts_as_unreviewed(tmp_path):
    # pybabel update keeps the reviewer's comment on a changed msgid and marks the entry fuzzy: it needs a new review.
    changed = CATALOGUE.replace('# reviewed-by: Ana Souza, 2026-12-03\n', '# reviewed-by: Ana Souza, 2026-12-03\n#, fuzzy\n')
    path = registry_with_portuguese(tmp_path, changed, "").parent / "pt" / "LC_MESSAGES" / "messages.po"
    assert review.read(path) == review.Review(0, 2, (), ("Induction", "Maintenance"))


def test_a_reviewer_may_lift_the_line_only_once_every_entry_is_reviewed(tmp_path):
    with pytest.raises(languages.RegistryError, match=re.escape(
            "line 3 (pt): reviewed_by names 'Ana Souza', but 1 of 2 entries carry no '# reviewed-by:' comment, "
            "for example 'Maintenance'. Fix: review them, or leave reviewed_by empty.")):
        languages.load(registry_with_portuguese(tmp_path, CATALOGUE, "Ana Souza"))
    done = CATALOGUE.replace('msgid "Maintenance"', '# reviewed-by: Ana Souza, 2026-12-04\nmsgid "Maintenance"')
    registry = languages.load(registry_with_portuguese(tmp_path / "done", done, "Ana Souza"))
    assert registry["pt"].reviewed and not languages.load(registry_with_portuguese(tmp_path / "not", done, ""))[
        "pt"].reviewed


def test_make_messages_keeps_the_review_marks(tmp_path):
    # pybabel update (make messages) must not drop a reviewer's comment, or a review would be lost on every merge.
    folder = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS, folder)
    po = folder / "fr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    first = re.search(r'^msgid "(?!")(.+)"$', text, re.M)
    po.write_text(text[:first.start()] + "# reviewed-by: Claire Martin, 2026-12-03\n" + text[first.start():],
                  encoding="utf-8")
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k",
                    "lazy_gettext", "--no-wrap", "-o", str(template), "."], check=True, capture_output=True,
                   cwd=i18n.TRANSLATIONS.parent.parent, env={"PYTHONPATH": "."})
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "update", "-i", str(template), "-d",
                    str(folder), "--no-wrap", "--ignore-obsolete"], check=True, capture_output=True)
    kept = review.read(po)
    assert kept.reviewers == ("Claire Martin",) and kept.reviewed == 1 and kept.total > 1000


def test_no_language_is_marked_reviewed_yet_so_every_page_keeps_its_line():
    # Nobody has reviewed the five translations medically; the registry must not say otherwise.
    assert {code: language.reviewed for code, language in i18n.REGISTRY.items()} == {
        "en": True, "es": False, "fr": False, "pt": False, "ar": False, "zh": False}
    assert [review.read(i18n.po_path(code)).reviewed for code in ("es", "fr", "pt", "ar", "zh")] == [0] * 5
