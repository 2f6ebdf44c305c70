"""The catalogues are complete in every language, templates mark their text, pages and exports speak Spanish."""

import csv
import hashlib
import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from icalendar import Calendar

from tests.conftest import ROOT
from webapp import formatting, i18n

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None}
START = "start=2026-01-05&protocol=cog-sr"


def extracted() -> dict[str, list[str]]:
    """Extract every message the way `make messages` does: {msgid: [where it comes from]}."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str, list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message  # a plural entry is keyed by its singular
        if msgid:
            found.setdefault(msgid, []).append(filename)
    return found


@pytest.fixture(scope="module")
def messages():
    return extracted()


@pytest.fixture(scope="module")
def spanish():
    with i18n.po_path("es").open("rb") as po:
        return read_po(po, locale="es")


def test_extraction_covers_python_templates_and_data(messages):
    origins = {path.split("/")[0] for paths in messages.values() for path in paths}
    assert {"webapp", "templates", "data"} <= origins
    assert "Show the timeline" in messages  # templates/_form.html
    assert "Treatment start date" in messages  # webapp/forms.py, lazy_gettext
    assert "Induction" in messages  # data/phases.csv, column name
    assert len(messages) > 700


def test_every_message_has_a_spanish_entry(messages, spanish):
    missing = []
    for msgid, where in messages.items():
        entry = spanish.get(msgid)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (entry and entry.string,)
        if entry is None or not all(strings) or entry.fuzzy:
            missing.append(f"{where[0]}: {msgid[:70]!r}")
    assert missing == [], f"{len(missing)} messages have no Spanish entry (run `make messages`, then translate)"


def test_spanish_entries_keep_every_placeholder(spanish):
    wrong = []
    for entry in spanish:
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = set().union(*(PLACEHOLDER.findall(i) for i in ids)) - {"num"}
        for text in strings:
            if set(PLACEHOLDER.findall(text)) - {"num"} != expected:
                wrong.append(ids[0][:70])
    assert wrong == []


# Entries a translation may leave as the English text (names, file formats, words that are the same): data, with a
# reason each; "*" means every language. Anything else identical to its msgid is an untranslated string.
SAME_AS_ENGLISH = ROOT / "tests" / "data" / "same_as_english.csv"
NO_WORDS = re.compile(r"^[\W\d_]*$")  # placeholders, numbers and punctuation only: nothing to translate


def same_as_english() -> dict[str, set[str]]:
    """Return the allowed identical msgids of each language ('*' for all), from tests/data/same_as_english.csv."""
    allowed: dict[str, set[str]] = {}
    with SAME_AS_ENGLISH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            assert row["why"].strip(), row
            allowed.setdefault(row["language"], set()).add(row["msgid"])
    return allowed


def _pairs(entry) -> list[tuple[str, str]]:
    """Return (English, translation) for each form of an entry; a plural's extra forms pair with the English plural."""
    ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
    strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    return [(ids[min(n, len(ids) - 1)], text) for n, text in enumerate(strings)]


def untranslated(catalog, allowed: set[str]) -> list[str]:
    """Return the entries of a catalogue that are empty, fuzzy or the English text where a translation is due."""
    found = []
    for entry in catalog:
        if not entry.id:
            continue
        pairs = _pairs(entry)
        if entry.fuzzy or not all(text for _, text in pairs):
            found.append(f"{'fuzzy' if entry.fuzzy else 'empty'}: {pairs[0][0]!r}")
            continue
        found += [f"same as English: {msgid!r}" for msgid, text in pairs if text == msgid and msgid not in allowed
                  and not NO_WORDS.match(PLACEHOLDER.sub("", msgid))]
    return found


@pytest.mark.parametrize("code", [code for code in i18n.REGISTRY if code != i18n.DEFAULT])
def test_no_catalogue_entry_is_empty_fuzzy_or_left_in_english(code):
    with i18n.po_path(code).open("rb") as po:
        catalog = read_po(po, locale=code)
    allowed = same_as_english()
    assert untranslated(catalog, allowed.get("*", set()) | allowed.get(code, set())) == []


def test_the_same_as_english_list_holds_only_entries_still_identical():
    # A stale row would let a future English leftover through: each allowed msgid is still the English text somewhere.
    identical: dict[str, set[str]] = {}
    for code in i18n.REGISTRY:
        if code == i18n.DEFAULT:
            continue
        with i18n.po_path(code).open("rb") as po:
            identical[code] = {msgid for e in read_po(po, locale=code) if e.id for msgid, text in _pairs(e)
                               if text == msgid}
    stale = [(language, msgid) for language, msgids in same_as_english().items() for msgid in msgids
             if not any(msgid in found for code, found in identical.items() if language in ("*", code))]
    assert stale == []


def test_the_catalogue_check_finds_an_english_leftover():
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="fr")
    catalog.add("PDF (US Letter)", "PDF (US Letter)")
    catalog.add("Phase", "Phase")
    catalog.add("%(days)s (%(parts)s)", "%(days)s (%(parts)s)")
    catalog.add("Notes", "")
    catalog.add("Day", "Jour", flags=("fuzzy",))
    assert untranslated(catalog, {"Phase"}) == ["same as English: 'PDF (US Letter)'", "empty: 'Notes'",
                                                "fuzzy: 'Day'"]


class _TextFinder(HTMLParser):
    """Collect readable text and readable attribute values of template source outside {% trans %} blocks."""

    READ = {"alt", "title", "aria-label", "placeholder", "content", "aria-roledescription"}
    CODE = {"pre", "code", "style", "script"}  # CSV headers and column names a parser needs verbatim

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skip = 0

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.found.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        # The viewport meta's content is browser settings, not words.
        if not (tag == "meta" and dict(attrs).get("name") == "viewport"):
            self.found.extend(value or "" for name, value in attrs if name in self.READ)
        self.skip += tag in self.CODE

    def handle_endtag(self, tag) -> None:
        self.skip -= tag in self.CODE and self.skip > 0


def unmarked_text(source: str, env) -> list[str]:
    """Return the words a template shows that no gettext call or trans block covers."""
    plain, inside = [], 0
    for _line, kind, value in env.lex(source):
        if kind == "name" and value == "trans":
            inside += 1
        elif kind == "name" and value == "endtrans":
            inside -= 1
        elif kind == "data" and not inside:
            plain.append(value)
        elif kind in ("variable_begin", "block_begin") and not inside:
            plain.append(" ")
    finder = _TextFinder()
    finder.feed("".join(plain))
    words = " ".join(finder.found)
    return [w for w in re.findall(r"[^\W\d_][\w’'-]*", words) if w not in {"ALL", "Timeline"}]


@pytest.mark.parametrize("template", sorted(p.name for p in (ROOT / "templates").glob("*.html")))
def test_template_text_is_marked_for_translation(app, template):
    source = (ROOT / "templates" / template).read_text(encoding="utf-8")
    assert unmarked_text(source, app.jinja_env) == []


def test_the_checker_finds_unmarked_text(app):
    assert unmarked_text('<p>Hello there</p><img alt="A chart">', app.jinja_env) == ["Hello", "there", "A", "chart"]
    assert unmarked_text("<p>{% trans %}Hello there{% endtrans %} {{ _('Hi') }}</p>", app.jinja_env) == []


def test_html_lang_and_switch_keep_the_query(client):
    english = client.get(f"/?{START}&branch=hsct").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in english
    query = START.replace("&", "&amp;") + "&amp;branch=hsct"
    assert f'<a href="/?{query}&amp;lang=es" hreflang="es" lang="es" dir="ltr">Español</a>' in english
    assert f'<a href="/?{query}" hreflang="en" lang="en" dir="ltr" aria-current="true">English</a>' in english
    spanish = client.get(f"/?{START}&branch=hsct&lang=es").get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in spanish
    # Back to English: no lang; the menu names every language in its own name.
    assert f'<a href="/?{query}" hreflang="en" lang="en" dir="ltr">English</a>' in spanish
    assert f'<a href="/?{query}&amp;lang=es" hreflang="es" lang="es" dir="ltr" aria-current="true">Español</a>' in spanish


@pytest.mark.parametrize(("query", "message"), [
    ("lang=xx", "lang: “xx” is not a language of this site: choose one of en (English), es (Español)"),
    ("lang=", "lang: “” is not a language of this site"),
    ("lang=en&lang=en", "lang: was given 2 times in the address; give it once."),
    ("lang=es&lang=zz", "lang: aparece 2 veces en la dirección; debe aparecer una sola vez."),
])
def test_unknown_or_repeated_language_is_a_400_naming_lang(client, query, message):
    response = client.get(f"/?{START}&{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_spanish_timeline_page(client):
    page = client.get(f"/?{START}&today=2026-01-20&lang=es").get_data(as_text=True)
    assert "Inducción" in page
    assert "lun, 5 ene 2026" in page  # dates in Spanish
    assert "Mostrar la línea de tiempo" in page
    assert "vendor/plotly-locale-es-4.1.1" in page
    figure = json.loads(re.search(r'id="figure-data">(.*?)</script>', page, re.S).group(1))
    assert figure["config"]["locale"] == "es"
    assert "Show the timeline" not in page


def test_spanish_links_keep_the_language(client):
    page = client.get(f"/?{START}&lang=es").get_data(as_text=True)
    # Every link but the language switch itself (it leads to English, so it has no lang).
    links = re.findall(r'<a href="(/[^"#]*)"(?! hreflang)', page)
    internal = [link for link in links if not link.startswith("/static/") and not link.endswith((".svg", ".css"))]
    assert internal and all("lang=es" in link for link in internal), [x for x in internal if "lang=es" not in x]


def test_spanish_form_error_names_the_field(client):
    response = client.get("/?start=2026-02-30&lang=es")
    assert response.status_code == 400
    assert "febrero de 2026" in response.get_data(as_text=True) or "febrero 2026" in response.get_data(as_text=True)


def test_spanish_exports(client):
    data = client.get(f"/schedule.json?{START}&lang=es").get_json()
    assert data["language"] == "es"
    assert data["phases"][0]["name"] == "Inducción"
    assert data["phases"][0]["start"] == "2026-01-05"  # the contract's values do not change
    assert "consejo médico" in data["disclaimer"]
    calendar = Calendar.from_ical(client.get(f"/schedule.ics?{START}&lang=es").data)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert any(s.startswith("Inducción") for s in summaries)
    assert "Día 1" in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])
    csv_text = client.get(f"/schedule.csv?{START}&lang=es").get_data(as_text=True)
    assert csv_text.splitlines()[0].lstrip("\ufeff").startswith("kind,id,name")  # column keys stay a contract
    assert ",Inducción," in csv_text
    printed = client.get(f"/print?{START}&lang=es").get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in printed and "Inducción" in printed


def test_spanish_glossary_and_questions(client):
    glossary = client.get("/glossary?lang=es").get_data(as_text=True)
    assert "Glosario" in glossary and "enfermedad mínima residual" in glossary.lower()
    questions = client.get("/questions?lang=es").get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in questions


def test_spanish_formatting():
    with i18n.active("es"):
        assert formatting.long_date(date(2026, 1, 5)) == "lun, 5 ene 2026"
        assert formatting.length_text(29) == "29 días (4 semanas y 1 día)"
        assert formatting.length_text(1) == "1 día"
        assert formatting.span_text(790) == "alrededor de 26 meses"
    assert formatting.long_date(date(2026, 1, 5)) == "Mon, 5 Jan 2026"
    assert formatting.length_text(29) == "29 days (4 weeks 1 day)"


@pytest.fixture
def catalogues(tmp_path, monkeypatch):
    """A copy of the translations folder that i18n reads from, without compiled catalogues."""
    import shutil

    folder = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS, folder, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(i18n, "TRANSLATIONS", folder)
    return folder


def _stamped_mo(language: str, po: bytes, stamp: str) -> bytes:
    """Compile `po` into .mo bytes carrying `stamp` as the .po they claim to come from."""
    import io

    from babel.messages.mofile import write_mo

    catalog = read_po(io.BytesIO(po), locale=language)
    catalog.add(i18n.STAMP[1], stamp, context=i18n.STAMP[0])
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    return compiled.getvalue()


def test_make_compiles_the_same_catalogue_as_the_po_gives(catalogues):
    assert not i18n.mo_path("es").exists()
    from_po = i18n.load("es")
    path = i18n.write_compiled("es")
    assert path == catalogues / "es" / "LC_MESSAGES" / "messages.mo"
    assert path.read_bytes() == i18n.compile_po("es", i18n.po_path("es").read_bytes())
    from_mo = i18n.load("es")
    assert from_mo._catalog == from_po._catalog and len(from_mo._catalog) > 1500
    assert from_mo.gettext("Show the timeline") == "Mostrar la línea de tiempo"
    # The stamp is in a context of its own: gettext never returns it.
    assert from_mo.gettext(i18n.STAMP[1]) == i18n.STAMP[1]
    assert from_mo.pgettext(*i18n.STAMP) == "es " + hashlib.sha256(i18n.po_path("es").read_bytes()).hexdigest()


def test_a_compiled_catalogue_is_read_when_it_records_the_current_po(catalogues):
    po = i18n.po_path("es").read_bytes()
    # A .mo whose text differs from the .po but whose stamp names the current .po: only reading the file gives it.
    changed = po.replace('msgstr "Mostrar la línea de tiempo"'.encode(), b'msgstr "Del archivo compilado"')
    assert changed != po
    i18n.mo_path("es").write_bytes(_stamped_mo("es", changed, i18n.stamp("es", po)))
    assert i18n.load("es").gettext("Show the timeline") == "Del archivo compilado"


def test_a_stale_compiled_catalogue_is_never_used(catalogues):
    i18n.write_compiled("es")
    po = i18n.po_path("es")
    # The .po changes after `make` compiled it (a `git pull`, an edit): the .mo no longer records it.
    edited = po.read_bytes().replace('msgstr "Mostrar la línea de tiempo"'.encode(), 'msgstr "Recién editado"'.encode())
    po.write_bytes(edited)
    assert i18n.load("es").gettext("Show the timeline") == "Recién editado"


def test_a_compiled_catalogue_of_another_language_or_a_broken_one_is_not_used(catalogues):
    po = i18n.po_path("es").read_bytes()
    i18n.mo_path("es").write_bytes(_stamped_mo("es", po.replace(b'"Mostrar la l\xc3\xadnea', b'"XX la l\xc3\xadnea'),
                                               i18n.stamp("fr", po)))
    assert i18n.load("es").gettext("Show the timeline") == "Mostrar la línea de tiempo"
    for broken in (b"", b"not a catalogue", i18n.compile_po("es", po)[:1000]):
        i18n.mo_path("es").write_bytes(broken)
        assert i18n.load("es").gettext("Show the timeline") == "Mostrar la línea de tiempo"
    i18n.mo_path("es").unlink()
    assert i18n.load("es").gettext("Show the timeline") == "Mostrar la línea de tiempo"
