"""The language registry: its rows are checked, every language is complete, dated by CLDR and served in its own script."""

import json
import re
from datetime import date
from html import unescape

import pytest
from babel.messages.pofile import read_po

from tests.routes import PAGES, ROUTES
from tests.test_i18n import PLACEHOLDER, extracted
from webapp import formatting, i18n, languages
from webapp.schedule import Options, build

TRANSLATED = [code for code in i18n.REGISTRY if code != i18n.DEFAULT]
START = "start=2026-01-05&protocol=cog-sr"
HEADER = "code,name,direction,locale,plotly_locale,chart_months,pdf_font,reviewed_by\n"


@pytest.fixture(scope="module")
def messages():
    return extracted()


@pytest.fixture(scope="module", params=TRANSLATED)
def catalog(request):
    with i18n.po_path(request.param).open("rb") as po:
        return request.param, read_po(po, locale=request.param)


def test_the_registry_lists_six_languages_with_english_first():
    assert list(i18n.REGISTRY) == ["en", "es", "fr", "pt", "ar", "zh"]
    assert i18n.DEFAULT == "en"
    assert [language.direction for language in i18n.REGISTRY.values()] == ["ltr"] * 4 + ["rtl", "ltr"]
    assert i18n.REGISTRY["pt"].plotly_file == "vendor/plotly-locale-pt-br-4.1.1.js"
    assert i18n.REGISTRY["en"].plotly_file == ""
    assert i18n.choices() == ("en (English), es (Español), fr (Français), pt (Português (Brasil)), ar (العربية), "
                              "zh (简体中文)")


@pytest.mark.parametrize(("row", "problem"), [
    ("en,English,ltr,en_GB,,%b %Y,,x\nen,English,ltr,en_GB,,%b %Y,,x\n", "line 3 (en): this code has a row already"),
    ("en,English,up,en_GB,,%b %Y,,x\n", "line 2 (en): direction must be one of ltr, rtl."),
    ("en,English,ltr,xx_YY_ZZ,,%b %Y,,x\n", "line 2 (en): 'xx_YY_ZZ' is not a CLDR locale Babel knows"),
    ("en,English,ltr,en_GB,,%b %Y,,x\nkl,Kalaallisut,ltr,kl,,%b %Y,,\n", "line 3 (kl): it has no catalogue"),
    ("en,English,ltr,en_GB,xx,%b %Y,,x\n", "line 2 (en): static/vendor/plotly-locale-xx-4.1.1.js is missing"),
    ("EN,English,ltr,en_GB,,%b %Y,,x\n", "line 2 (EN): the code must be lower-case letters"),
    ("en,English,ltr,en_GB,,%b,,x\n", "line 2 (en): chart_months must be a d3 time format with the year"),
    ("en,,ltr,en_GB,,%b %Y,,x\n", "line 2 (en): the name is empty"),
])
def test_a_wrong_registry_row_is_refused_naming_line_and_fix(tmp_path, row, problem):
    path = tmp_path / "languages.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(languages.RegistryError, match=re.escape(problem)):
        languages.load(path)


def test_every_message_is_translated_in_every_language(messages, catalog):
    code, entries = catalog
    missing = []
    for msgid in messages:
        entry = entries.get(msgid)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (entry and entry.string,)
        if entry is None or not all(strings) or entry.fuzzy:
            missing.append(msgid[:70])
    assert missing == [], f"{code}: {len(missing)} messages untranslated (run `make messages`, then translate)"


def test_every_translation_keeps_placeholders_tags_and_numbers(catalog):
    # Numbers, temperatures, day numbers and phone numbers must survive translation unchanged (issue 14). Word
    # order may move them (Chinese), and a number may be spelt out for "1 day"/"2 days" plural forms, so: every
    # digit run of the English appears in the translation as often, for entries that are not plural.
    code, entries = catalog
    wrong = []
    for entry in entries:
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = set().union(*(PLACEHOLDER.findall(i) for i in ids)) - {"num"}
        tags = sorted(re.findall(r"</?([a-z]+)", ids[0]))
        # A plural entry's forms together hold its placeholders (French "Ceci doit être corrigé" for one).
        found = set().union(*(PLACEHOLDER.findall(t) for t in strings)) - {"num"}
        if found != expected or any(sorted(re.findall(r"</?([a-z]+)", t)) != tags for t in strings):
            wrong.append(("placeholders/tags", ids[0][:60]))
        if isinstance(entry.id, str):
            source = re.findall(r"\d+", re.sub(r"%\(\w+\)s", "", entry.id))
            translated = re.findall(r"\d+", re.sub(r"%\(\w+\)s", "", entry.string.replace("\u202f", "").replace(" ", "")))
            joined = "".join(translated)
            if any(source.count(n) > translated.count(n) and n not in joined for n in source):
                wrong.append(("numbers", entry.id[:60]))
    assert wrong == [], f"{code}: {wrong[:10]}"


# CLDR supplemental data (weekData firstDay, likelySubtags), as Babel ships it: 0 = Monday ... 5 = Saturday, 6 = Sunday.
@pytest.mark.parametrize(("code", "weekday"), [("en", 0), ("es", 0), ("fr", 0), ("pt", 6), ("ar", 5), ("zh", 0)])
def test_each_languages_week_starts_on_its_likely_territorys_first_day(code, weekday):
    assert i18n.REGISTRY[code].first_weekday == weekday


@pytest.mark.parametrize(("locale", "weekday"), [
    ("en_US", 6), ("en_GB", 0), ("en", 6),  # a bare `en` is likely en_Latn_US
    ("pt_BR", 6), ("pt", 6),  # pt -> pt_Latn_BR
    ("ar", 5), ("ar_EG", 5), ("ar_SA", 6), ("ar_MA", 0),  # ar -> ar_Arab_EG; a territory keeps its own day
    ("es", 0), ("es_MX", 6), ("fr", 0), ("fr_CA", 6), ("zh", 0), ("zh_Hans_CN", 0),
])
def test_a_bare_language_takes_its_likely_territorys_first_weekday(locale, weekday):
    language = languages.Language("xx", "x", "ltr", locale, "", "%b %Y", "", "")
    assert language.first_weekday == weekday


@pytest.mark.parametrize("code", TRANSLATED)
def test_urgent_help_is_on_the_page_translated_with_its_numbers(client, code):
    page = unescape(client.get(f"/?{START}&lang={code}").get_data(as_text=True))
    section = re.search(r'<section class="help-now".*?</section>', page, re.S).group(0)
    fever = ("Call your care team now, day or night, for a fever of 38.0 °C (100.4 °F) or more (or the number your "
             "team gave you)")
    assert fever not in section
    for number in ("38", "100.4" if code in ("en", "zh", "ar") else "100"):
        assert number in section, (code, number)


@pytest.mark.parametrize(("code", "long", "short"), [
    ("en", "Mon, 5 Jan 2026", "5 Jan 2026"),
    ("es", "lun, 5 ene 2026", "5 ene 2026"),
    ("fr", "lun. 5 janv. 2026", "5 janv. 2026"),
    ("pt", "seg., 5 de jan. de 2026", "5 de jan. de 2026"),
    ("ar", "الاثنين، 5 يناير 2026", "5 يناير 2026"),
    ("zh", "2026年1月5日周一", "2026年1月5日"),
])
def test_dates_follow_each_locales_own_cldr_format(code, long, short):
    with i18n.active(code):
        assert formatting.long_date(date(2026, 1, 5)) == long
        assert formatting.short_date(date(2026, 1, 5)) == short


# CLDR's "full" length, with issue 14's three examples (the site's English is British: en_US is asked for by name).
@pytest.mark.parametrize(("code", "locale", "full"), [
    ("en", "en_US", "Monday, January 5, 2026"),
    ("en", None, "Monday, 5 January 2026"),
    ("zh", None, "2026年1月5日星期一"),
    ("ar", None, "الاثنين، 5 يناير 2026"),
    ("pt", None, "segunda-feira, 5 de janeiro de 2026"),
])
def test_full_dates_are_cldrs_full_length_in_each_locale(code, locale, full):
    with i18n.active(code):
        assert formatting.full_date(date(2026, 1, 5), locale) == full


def test_the_closing_slide_gives_the_planned_end_in_full(client, cog_sr):
    page = client.get(f"/present?{START}&step=1&lang=zh").get_data(as_text=True)
    with i18n.active("zh"):
        end = formatting.full_date(build(cog_sr, date(2026, 1, 5), Options()).end)
        closing = i18n.gettext("After the planned end, %(end)s") % {"end": end}
    assert end == "2028年3月2日星期四" and closing in unescape(page)


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("route", PAGES, ids=lambda r: r.path)
def test_every_page_answers_in_every_language_in_its_own_script_and_direction(client, code, route):
    response = client.get(route.url(lang=code))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    language = i18n.REGISTRY[code]
    assert f'<html lang="{code}" dir="{language.direction}"' in page
    with i18n.active(code):
        assert i18n.gettext("Educational picture, not medical advice.") in page
        assert i18n.gettext("Educational picture, not medical advice.") != "Educational picture, not medical advice."
        # Not yet reviewed by a medical translator: said on every page until the registry names a reviewer.
        assert unescape(i18n.gettext("This translation has not yet been reviewed by a medical translator. If a "
                                     "word is unclear, ask your care team.")) in unescape(page)
    if language.plotly_file and route.path in ("/", "/print", "/present", "/compare"):
        assert f"/static/vendor/plotly-locale-{language.plotly_locale}-4.1.1." in page  # its hashed copy
    # Every link to the site's own pages keeps the language (the menu's own links aside), and no address has
    # two query strings.
    body = re.sub(r'<(nav|div) class="lang-menu".*?</\1>', "", page, flags=re.S)
    links = [unescape(h) for h in re.findall(r'href="(/[^"#]*)"', body) if not h.startswith("/static/")]
    assert all(h.count("?") <= 1 for h in links), [h for h in links if h.count("?") > 1]
    assert all(f"lang={code}" in h for h in links), [h for h in links if f"lang={code}" not in h]


def test_the_english_page_has_no_review_line_and_a_menu_of_every_language(client):
    page = client.get(f"/?{START}").get_data(as_text=True)
    assert "has not yet been reviewed by a medical translator" not in page
    menu = re.search(r'<nav class="lang-menu" aria-label="Language">(.*?)</nav>', page, re.S).group(1)
    names = re.findall(r'hreflang="(\w+)" lang="\1" dir="(\w+)"(?: aria-current="true")?>([^<]+)</a>', menu)
    assert names == [("en", "ltr", "English"), ("es", "ltr", "Español"), ("fr", "ltr", "Français"),
                     ("pt", "ltr", "Português (Brasil)"), ("ar", "rtl", "العربية"), ("zh", "ltr", "简体中文")]
    assert f'href="/?{START.replace("&", "&amp;")}&amp;lang=ar" hreflang="ar"' in menu


@pytest.mark.parametrize("code", TRANSLATED)
def test_exports_speak_the_language_and_keep_iso_dates(client, code):
    data = client.get(f"/schedule.json?{START}&lang={code}").get_json()
    assert data["language"] == code and data["phases"][0]["start"] == "2026-01-05"
    with i18n.active(code):
        assert data["phases"][0]["name"] == i18n.gettext("Induction")  # French keeps "Induction"
        assert data["disclaimer"] != client.get(f"/schedule.json?{START}").get_json()["disclaimer"]
    assert client.get(f"/schedule.ics?{START}&lang={code}").status_code == 200
    assert client.get(f"/schedule.csv?{START}&lang={code}").status_code == 200


def test_an_unknown_language_is_refused_listing_the_registry(client):
    response = client.get(f"/?{START}&lang=de")
    assert response.status_code == 400
    assert ("lang: “de” is not a language of this site: choose one of en (English), es (Español), fr (Français), "
            "pt (Português (Brasil)), ar (العربية), zh (简体中文).") in response.get_data(as_text=True)


def test_every_route_answers_in_arabic(client):
    for route in ROUTES:
        response = client.get(route.url(lang="ar"))
        response.close()
        assert response.status_code in (200, 503), route.path


@pytest.mark.parametrize(("code", "locale", "months"), [
    ("en", "en", "%b %Y"), ("pt", "pt-br", "%b %Y"), ("ar", "ar", "%m/%Y"), ("zh", "zh-cn", "%Y年%-m月"),
])
def test_the_chart_speaks_through_plotlys_locale_and_the_registrys_month_format(client, code, locale, months):
    page = client.get(f"/?{START}&lang={code}").get_data(as_text=True)
    figure = json.loads(re.search(r'id="figure-data">(.*?)</script>', page, re.S).group(1))
    assert figure["config"]["locale"] == locale
    assert figure["layout"]["xaxis"]["tickformat"] == months


# Builds the app in a fresh process (the set of languages is read once per process) and prints what pages answer.
NEW_LANGUAGE_PAGES = """
import json
from webapp import create_app
client = create_app({"TESTING": True}).test_client()
answers = {}
for url in ("/?lang=de", "/?start=2026-01-05&protocol=cog-sr&lang=de", "/glossary?lang=de", "/?lang=xx", "/"):
    response = client.get(url)
    answers[url] = [response.status_code, response.get_data(as_text=True)]
print(json.dumps(answers))
"""


def test_a_new_language_is_a_registry_row_and_a_catalogue_with_no_code_or_template_change(tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    folder = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS, folder)
    with (folder / "languages.csv").open("a", encoding="utf-8") as registry:
        registry.write("de,Deutsch,ltr,de_DE,,%b %Y,,\n")
    # Spanish text under a German name is enough to see the catalogue served; a real one is German, of course.
    (folder / "de" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(i18n.po_path("es"), folder / "de" / "LC_MESSAGES" / "messages.po")
    env = {**os.environ, "ALL_TIMELINE_TRANSLATIONS_DIR": str(folder)}
    run = subprocess.run([sys.executable, "-c", NEW_LANGUAGE_PAGES], cwd=i18n.TRANSLATIONS.parent.parent, env=env,
                         capture_output=True, text=True, timeout=300, check=True)
    answers = json.loads(run.stdout.splitlines()[-1])
    status, page = answers["/?lang=de"]
    assert status == 200
    assert '<html lang="de" dir="ltr">' in page
    assert '<a href="/?lang=de" hreflang="de" lang="de" dir="ltr" aria-current="true">Deutsch</a>' in page
    assert "This translation has not yet been reviewed by a medical translator." not in page
    assert "Esta traducción" in page  # the catalogue's own text, and its review line
    status, page = answers["/?start=2026-01-05&protocol=cog-sr&lang=de"]
    assert status == 200 and "Mo., 5. Jan. 2026" in page  # CLDR's German (Babel's de_DE, skeleton yMMMEd)
    assert 'href="/glossary?start=2026-01-05&amp;protocol=cog-sr&amp;lang=de"' in page  # links keep `lang`
    assert answers["/glossary?lang=de"][0] == 200
    status, page = answers["/?lang=xx"]
    assert status == 400 and unescape(page).count("zh (简体中文), de (Deutsch).") == 1
    status, page = answers["/"]
    assert status == 200 and '<a href="/?lang=de" hreflang="de" lang="de" dir="ltr">Deutsch</a>' in page
