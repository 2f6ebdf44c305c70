"""The take-home pages: the fridge calendar, the two-page summary and the letter for school or work."""

import html
import re
from datetime import date

import pytest

from webapp.schedule import build
from webapp.takehome import months_spanned

SR = "start=2026-01-05&protocol=cog-sr"
HR = "start=2026-01-05&protocol=cog-hr"
DISCLAIMER = "Educational picture, not medical advice."
PAGES = ("/calendar", "/summary", "/letter")


def text(response) -> str:
    """Return a page's visible words with white space folded (tags dropped, entities read)."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["", "&lang=es"])
def test_each_page_answers_in_each_language_with_the_disclaimer_and_call_now(client, path, lang):
    response = client.get(f"{path}?{SR}{lang}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<html lang="{"es" if lang else "en"}" dir="ltr">' in page
    if lang:
        assert "Una visión general con fines educativos, no un consejo médico." in text(response)
    else:
        assert DISCLAIMER in text(response)
    assert "@bottom-left" in page  # the disclaimer in every printed page's footer too


@pytest.mark.parametrize("path", ["/calendar", "/summary"])
def test_calendar_and_summary_say_when_to_call_now(client, path):
    words = text(client.get(f"{path}?{SR}"))
    assert "When to call now" in words
    assert "Our care team's 24-hour number:" in words


@pytest.mark.parametrize("path", ["/calendar", "/letter"])
def test_the_teaching_view_gets_a_400_naming_start(client, path):
    response = client.get(f"{path}?protocol=cog-sr")
    assert response.status_code == 400
    assert "start: this page needs the first day of treatment (start=YYYY-MM-DD)" in text(response)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(("query", "field"), [("start=2026-13-01&protocol=cog-sr", "start"),
                                               ("start=2026-01-05&protocol=nope", "protocol"),
                                               ("start=2026-01-05&protocol=cog-sr&branch=hsct", "branch"),
                                               ("start=2026-01-05&protocol=cog-sr&delay=im1:999", "delay")])
def test_bad_input_is_a_400_that_names_the_field_and_keeps_it(client, path, query, field):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'aria-describedby="{field}-error' in page or f'id="{field}-error"' in page


def test_a_bad_field_is_named_in_spanish_too(client):
    response = client.get("/summary?start=2026-13-01&protocol=cog-sr&lang=es")
    assert response.status_code == 400
    assert '<html lang="es" dir="ltr">' in response.get_data(as_text=True)


def test_calendar_has_one_section_a_month_from_the_first_to_the_last(client, cog_sr):
    response = client.get(f"/calendar?{SR}")
    page = response.get_data(as_text=True)
    assert page.count('<section class="month"') == 27
    assert 'id="m-2026-01"' in page and 'id="m-2028-03"' in page and 'id="m-2028-04"' not in page
    words = text(response)
    assert "January 2026 month 1 of 27" in words
    assert "March 2028 month 27 of 27" in words


def test_calendar_days_show_their_day_number_phase_and_milestones(client):
    page = client.get(f"/calendar?{SR}").get_data(as_text=True)
    january = page[page.index('id="m-2026-01"'):page.index('id="m-2026-02"')]
    cells = re.findall(r"<td(?: class=\"off\")?>(.*?)</td>", january, re.S)
    by_date = {re.search(r'class="date">(\d+)<', c).group(1): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()
               for c in cells if 'class="date"' in c}
    assert by_date["4"] == "4"  # the day before treatment: no Day number, no phase
    assert by_date["5"] == "5 Day 1 Induction ▼ LP"
    assert by_date["12"] == "12 Day 8 Induction ▼ LP ◆ Day 8 MRD"
    assert by_date["31"] == "31 Day 27 Induction"
    # A band has a pattern class as well as a colour, and the name beside it: never colour alone.
    assert '<span class="band band-0"><span class="band-name">Induction</span></span>' in january


def test_calendar_lists_each_months_phases_and_milestones_in_words(client):
    words = text(client.get(f"/calendar?{SR}"))
    assert "Induction: Mon, 5 Jan 2026 to Mon, 2 Feb 2026 (Day 1 to 29)" in words
    assert "Consolidation: Tue, 3 Feb 2026 to Mon, 2 Mar 2026 (Day 30 to 57)" in words
    assert "◆ Mon, 12 Jan 2026 (Day 8): Day 8 blood test for minimal residual disease (MRD)" in words
    assert "▼ 2 spinal taps this month: Mon, 5 Jan 2026, Mon, 12 Jan 2026" in words
    assert "★ Planned end of treatment" in words  # the legend


def test_calendar_draws_if_paths_only_when_asked(client):
    assert "If blinatumomab" not in text(client.get(f"/calendar?{SR}"))
    page = client.get(f"/calendar?{SR}&branch=blinatumomab").get_data(as_text=True)
    assert "If blinatumomab: cycle 1" in page
    assert 'class="band band-path" style="--path: ' in page


def test_calendar_in_spanish_names_months_and_weekdays(client):
    response = client.get(f"/calendar?{SR}&lang=es")
    words = text(response)
    assert "Enero 2026 mes 1 de 27" in words
    assert "Inducción: del lun, 5 ene 2026 al lun, 2 feb 2026 (días 1 a 29)" in words
    assert '<th scope="col">lun</th>' in response.get_data(as_text=True)


def test_months_spanned_counts_calendar_months(cog_sr):
    assert months_spanned(build(cog_sr, date(2026, 1, 5))) == 27
    assert months_spanned(build(cog_sr, date(2026, 1, 31))) == 27  # ends on 2028-03-28


def test_summary_has_the_whole_plan(client, cog_sr):
    words = text(client.get(f"/summary?{SR}"))
    assert "Children's B-ALL, standard risk (COG style)" in words
    assert "Status Current" in words
    assert "Treatment start Mon, 5 Jan 2026" in words
    assert "Planned end Thu, 2 Mar 2028 (Day 788, about 26 months)" in words
    for spec in cog_sr.phases:
        assert spec.name in words
    assert ("Induction Mon, 5 Jan 2026 to Mon, 2 Feb 2026 (Day 1 to 29) 29 days (4 weeks 1 day) "
            "In hospital at first, then clinic visits") in words
    assert "Mon, 12 Jan 2026, Day 8: Day 8 blood test for minimal residual disease (MRD)" in words
    # 11 in the first phases and 7 in maintenance, one every 12 weeks (data/milestones.csv, maint-lp).
    assert "And 18 spinal taps (lumbar punctures)" in words
    assert "None chosen: this summary shows the main road only." in words
    assert "Care team contacts" in words and "Specialist nurse" in words
    assert "S3 " in words  # CCG-1991, the source of the phase lengths


def test_summary_lists_the_paths_being_considered(client):
    words = text(client.get(f"/summary?{SR}&branch=blinatumomab"))
    assert "Paths being considered Blinatumomab (immunotherapy) : If the care team adds blinatumomab" in words


def test_summary_of_the_teaching_view_counts_days(client):
    response = client.get("/summary?protocol=cog-sr")
    assert response.status_code == 200
    # The teaching view counts from a reference year without 29 February (webapp/schedule.py): one day fewer.
    assert "Planned end Day 787 (about 26 months)" in text(response)


def test_summary_says_what_the_family_recorded(client):
    words = text(client.get(f"/summary?{SR}&today=2026-06-01&started=im1:2026-03-10"))
    assert "Recorded: Interim maintenance I on Tue, 10 Mar 2026." in words


def test_letter_for_standard_risk(client):
    response = client.get(f"/letter?{SR}")
    words = text(response)
    assert ("The first day of treatment is Mon, 5 Jan 2026, and the last planned day is Thu, 2 Mar 2028 : "
            "about 26 months in all.") in words
    assert ("Mon, 5 Jan 2026 to Mon, 17 Aug 2026 (about 7 months): Induction; Consolidation; Interim maintenance I; "
            "Delayed intensification; Interim maintenance II.") in words
    assert ("Tue, 18 Aug 2026 to Thu, 2 Mar 2028 (about 18 months): Maintenance: At home, with regular clinic visits; "
            "most children go back to school.") in words  # data/panels.csv, cog-sr maintenance, `where`
    assert "chickenpox, shingles or measles" in words and "38.0 °C" in words
    assert "[S201; S202; S204; S206]" in words
    assert "Sydney Children's Hospitals Network" in words


def test_letter_for_high_risk(client):
    words = text(client.get(f"/letter?{HR}"))
    assert "the last planned day is Wed, 5 Apr 2028 : about 27 months in all." in words
    absent = words[words.index("When absence is most likely"):words.index("These parts are mostly at home")]
    # AALL1732's interim maintenance I (high-dose methotrexate) is "varies": hospital or clinic by centre.
    assert ("Mon, 5 Jan 2026 to Sun, 20 Sept 2026 (about 9 months): Induction; Consolidation (augmented BFM); "
            "Interim maintenance I (high-dose methotrexate); Delayed intensification; Interim maintenance II") in absent
    assert "Maintenance:" not in absent


def test_letter_never_gives_a_day_twice_beside_a_transplant(client):
    words = text(client.get(f"/letter?{HR}&branch=hsct"))
    assert "Mon, 5 Jan 2026 to Wed, 22 Jul 2026 (about 7 months): Induction; If transplant: donor search;" in words
    # Immune recovery begins during the first 100 days: at home only from the day after they end.
    assert ("Thu, 23 Jul 2026 to Mon, 12 Apr 2027 (about 9 months): If transplant: medicines against GVHD; "
            "If transplant: immune system recovers") in words


def test_letter_prints_nothing_about_the_person(client):
    page = client.get(f"/letter?{SR}").get_data(as_text=True)
    assert page.count('<span class="line"></span>') == 6  # to, about, date, phone, two signatures
    assert "To (school, college or employer):" in page
    assert "About (name):" in page


def test_letter_in_spanish(client):
    words = text(client.get(f"/letter?{SR}&lang=es"))
    assert "El primer día de tratamiento es el lun, 5 ene 2026" in words
    assert "varicela, herpes zóster o sarampión" in words


def test_timeline_links_the_take_home_pages_with_its_query(client):
    page = client.get(f"/?{SR}&lang=es").get_data(as_text=True)
    for path in PAGES:
        assert f'href="{path}?start=2026-01-05&amp;protocol=cog-sr&amp;lang=es"' in page


def test_teaching_view_links_only_the_summary(client):
    page = client.get("/?protocol=cog-sr").get_data(as_text=True)
    assert 'href="/summary?protocol=cog-sr"' in page
    assert 'href="/calendar?' not in page
    assert "Fridge calendar and letter for school or work: need a start date" in page


def test_an_uploaded_protocol_gets_the_three_pages_with_its_warning(client):
    form = client.get("/custom").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    upload = client.get("/custom/template-general.csv").get_data(as_text=True)
    response = client.post("/custom", data={"csrf_token": csrf, "name": "St Elsewhere ALL", "start": "2026-01-05",
                                            "csv_text": upload})
    assert response.status_code == 303
    query = response.headers["Location"].split("?", 1)[1]
    timeline = client.get(response.headers["Location"]).get_data(as_text=True)
    for path in PAGES:
        assert f'href="{path}?{html.escape(query)}"' in timeline
        page = client.get(f"{path}?{query}")
        assert page.status_code == 200
        assert "This is a clinician's own protocol, uploaded by them." in text(page)


@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_a_pdf_download_on_a4_or_letter(client, path):
    for paper in ("", "&paper=a4", "&paper=letter"):
        response = client.get(f"{path}.pdf?{SR}{paper}")
        assert (response.status_code, response.headers["Content-Type"]) == (200, "application/pdf")
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="all-timeline-cog-sr-2026-01-05.{path[1:]}.pdf"')
        assert response.data.startswith(b"%PDF-")
    refused = client.get(f"{path}.pdf?{SR}&paper=a3")
    assert refused.status_code == 400
    assert "paper: “a3” is not a paper size: choose a4 or letter." in text(refused)


@pytest.mark.parametrize(("path", "status"), [("/calendar", 400), ("/letter", 400), ("/summary", 200)])
def test_the_teaching_view_pdf_is_refused_where_the_page_needs_dates(client, path, status):
    response = client.get(f"{path}.pdf?protocol=cog-sr")
    assert response.status_code == status
    if status == 400:
        assert "start: this page needs the first day of treatment" in text(response)


@pytest.mark.parametrize("path", PAGES)
def test_each_page_links_its_own_pdf_on_both_papers(client, path):
    page = client.get(f"{path}?{SR}&lang=es").get_data(as_text=True)
    # No `download` attribute: a busy printer's 503 must show, so that its Refresh can ask again (issue 13).
    assert (f'<a href="{path}.pdf?start=2026-01-05&amp;protocol=cog-sr&amp;lang=es">'
            "Descargar en PDF (A4)</a>") in page
    assert (f'<a href="{path}.pdf?start=2026-01-05&amp;protocol=cog-sr&amp;lang=es&amp;paper=letter">'
            "PDF (tamaño carta, EE. UU.)</a>") in page


# The registry's locale (webapp/translations/languages.csv) and CLDR's first day of its week in its territory, or
# in its likely territory (CLDR likely subtags): Sunday in Brazil; Saturday for `ar` (ar -> ar_Arab_EG, Egypt);
# Monday for en_GB, es (Spain), fr (France) and zh_Hans_CN.
WEEK_STARTS = {
    "en": (["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], 3, "Monday"),
    "es": (["lun", "mar", "mié", "jue", "vie", "sáb", "dom"], 3, "lunes"),
    "fr": (["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."], 3, "lundi"),
    "pt": (["dom.", "seg.", "ter.", "qua.", "qui.", "sex.", "sáb."], 4, "domingo"),
    "ar": (["السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"], 5, "السبت"),
    "zh": (["周一", "周二", "周三", "周四", "周五", "周六", "周日"], 3, "星期一"),
}


@pytest.mark.parametrize("lang", WEEK_STARTS)
def test_calendar_weeks_start_on_the_languages_first_day(client, lang):
    headers, blanks, day = WEEK_STARTS[lang]
    page = client.get(f"/calendar?{SR}&lang={lang}").get_data(as_text=True)
    january = page[page.index('id="m-2026-01"'):page.index('id="m-2026-02"')]
    assert re.findall(r'<th scope="col">([^<]*)</th>', january)[:7] == headers
    # 1 January 2026 is a Thursday: the first row starts with 3 blank days (from Monday), 4 (Sunday) or 5 (Saturday).
    first_row = january[january.index('<tr class="week">'):january.index("</tr>", january.index('<tr class="week">'))]
    cells = re.findall(r"<td( class=\"blank\")?[^>]*>(?:\s*<span class=\"date\">(\d+)</span>)?", first_row)
    assert [bool(blank) for blank, _ in cells][:7] == [True] * blanks + [False] * (7 - blanks)
    assert [number for _, number in cells][blanks:7] == ["1", "2", "3", "4"][:7 - blanks]
    assert day in html.unescape(january)
