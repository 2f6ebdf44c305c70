"""Kept fragments and select HTML (issue 13): the same bytes as rendering every time; keys hold language and options."""

import functools

import pytest

from webapp import create_app, fragments, remembered

# Each page first at another start date (the fragments are then kept), then at its own: the fills must differ.
PAGES = [
    "/?start=2026-01-05&protocol=cog-sr",
    "/?start=2026-01-05&protocol=cog-sr&lang=es",
    "/?start=2025-03-27&protocol=cog-hr&sex=male&today=2026-06-01",
    "/?start=2025-03-27&protocol=cog-hr&sex=female&branch=hsct",
    "/?start=2026-01-05&protocol=cog-sr&delay=im1:7&started=im1:2026-05-01&today=2026-11-24",
    "/?start=2024-02-02&protocol=general&induction_weeks=5&lang=es",
    "/?protocol=t-all",
    "/?start=2026-02-30&protocol=cog-sr",
    "/print?start=2026-01-05&protocol=cog-sr",
    "/print?start=2025-03-27&protocol=cog-hr&lang=es&sex=male",
    "/present?start=2026-01-05&protocol=cog-sr&step=2",
    "/questions?start=2026-01-05&protocol=cog-sr",
    "/glossary?lang=es",
]


def _other_start(url: str) -> str:
    return url.replace("2026-01-05", "2023-07-19").replace("2025-03-27", "2022-11-30").replace("2024-02-02", "2027-01-04")


@pytest.fixture(scope="module")
def direct():
    """Every fragment rendered as an include would be, with no page cache: the pages as they were before the memo."""
    return create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0, "FRAGMENT_CACHE_SIZE": 0}).test_client()


@pytest.fixture(scope="module")
def kept():
    """Fragments kept, no page cache, so every request renders its page from the kept fragments."""
    return create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0}).test_client()


@pytest.mark.parametrize("url", PAGES)
def test_page_with_kept_fragments_is_byte_identical(direct, kept, url):
    kept.get(_other_start(url))
    for _ in range(2):
        expected, got = direct.get(url), kept.get(url)
        assert got.status_code == expected.status_code
        assert got.get_data(as_text=True) == expected.get_data(as_text=True)


def test_no_stand_in_reaches_a_page(kept):
    for url in PAGES:
        assert "\x00" not in kept.get(url).get_data(as_text=True)


def test_key_holds_the_language(kept):
    english = kept.get("/?start=2026-01-05&protocol=cog-sr").get_data(as_text=True)
    spanish = kept.get("/?start=2026-01-05&protocol=cog-sr&lang=es").get_data(as_text=True)
    assert "When to get help now" in english and "When to get help now" not in spanish
    assert "Questions for your care team" in english and "Questions for your care team" not in spanish


def test_key_holds_the_options(kept):
    male = kept.get("/?start=2025-03-27&protocol=cog-hr&sex=male").get_data(as_text=True)
    female = kept.get("/?start=2025-03-27&protocol=cog-hr&sex=female").get_data(as_text=True)
    assert '<option selected value="male">' in male and '<option selected value="male">' not in female
    assert '<option selected value="female">' in female


def test_the_start_date_and_links_are_each_requests_own(kept):
    kept.get("/?start=2026-01-05&protocol=cog-sr")
    page = kept.get("/?start=2023-07-19&protocol=cog-sr").get_data(as_text=True)
    assert 'value="2023-07-19"' in page and "2026-01-05" not in page
    assert 'href="/glossary?start=2023-07-19&amp;protocol=cog-sr' in page


def test_fragment_memo_is_bounded():
    memo = fragments.Memo(3)
    for n in range(5):
        memo.put((n,), str(n))
    assert len(memo) == 3
    assert memo.get((0,)) is None and memo.get((4,)) == "4"
    memo.get((2,))  # used: kept ahead of 3
    memo.put((5,), "5")
    assert memo.get((2,)) == "2" and memo.get((3,)) is None


def test_app_memo_stays_within_its_size():
    app = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0, "FRAGMENT_CACHE_SIZE": 5})
    client = app.test_client()
    for protocol in ("cog-sr", "cog-hr", "t-all"):
        client.get(f"/?start=2026-01-05&protocol={protocol}")
    assert len(app.extensions[fragments.EXTENSION]) == 5


def test_remembered_value_belongs_to_its_owner_only():
    first, second = {"a": 1}, {"a": 1}
    assert remembered.remembered(("test",), first, lambda: "from first") == "from first"
    assert remembered.remembered(("test",), first, lambda: "again") == "from first"
    assert remembered.remembered(("test",), second, lambda: "from second") == "from second"


def test_remembered_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(remembered, "MEMO_SIZE", 4)
    owners = [object() for _ in range(10)]
    for owner in owners:
        remembered.remembered(("bounded",), owner, lambda: 1)
    assert len(remembered._memo) <= 4


@pytest.mark.parametrize("protocol", ["dfci-16-001", "cog-sr"])
def test_tables_shared_by_start_dates_get_each_ones_dates(direct, protocol):
    # A fresh memo: the first table is kept while its citations are rendered for the first time inside it.
    kept = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0}).test_client()
    for start in ("2022-04-12", "2022-05-08", "2023-07-19", "2024-02-29", "2025-12-31"):
        url = f"/?start={start}&protocol={protocol}"
        got, expected = kept.get(url), direct.get(url)
        assert (got.status_code, got.get_data(as_text=True)) == (200, expected.get_data(as_text=True)), url


# Start dates whose rows have the same day numbers and lengths (cog-sr's maintenance counts calendar months) and
# the same phases begun by 2024-03-01, while where-are-we differs: one kept section for all three.
SHARED_ROWS = ["2023-01-04", "2023-03-15", "2023-07-05"]


def test_timeline_section_is_kept_once_for_start_dates_with_the_same_rows(direct):
    kept = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0})
    client = kept.test_client()
    for start in SHARED_ROWS:
        url = f"/?start={start}&protocol=cog-sr&today=2024-03-01"
        got, expected = client.get(url), direct.get(url)
        assert (got.status_code, got.get_data(as_text=True)) == (200, expected.get_data(as_text=True)), url
    memo = kept.extensions[fragments.EXTENSION]
    assert sum(1 for key in memo.items if key[0] == "_timeline.html") == 1


@pytest.mark.parametrize("start", SHARED_ROWS)
def test_kept_timeline_links_and_fields_carry_each_requests_start(kept, start):
    for other in SHARED_ROWS:  # the section is kept by whichever came first
        kept.get(f"/?start={other}&protocol=cog-sr&today=2024-03-01")
    page = kept.get(f"/?start={start}&protocol=cog-sr&today=2024-03-01").get_data(as_text=True)
    assert f'href="/print?start={start}&amp;protocol=cog-sr&amp;today=2024-03-01"' in page
    assert f'href="/compare?a=start%3D{start}%26protocol%3Dcog-sr%26today%3D2024-03-01&amp;b=start%3D{start}' in page
    assert f'<input type="hidden" name="start" value="{start}">' in page
    assert f'min="{start}" max="2024-03-01"' in page
    assert not any(other in page for other in SHARED_ROWS if other != start)
    assert "%00" not in page and "\x00" not in page


@pytest.mark.parametrize("url", [
    "/?start=2022-03-14&protocol=cog-hr&branch=hsct&lang=ar",
    "/?start=2024-10-01&protocol=t-all&delay=im1:7&lang=zh",
    "/?start=2025-06-30&protocol=calgb-10403&guideline=uk&lang=fr",
    "/?start=2026-12-31&protocol=ph-positive-adult&lang=pt",
    "/?protocol=hyper-cvad&lang=es",
    "/?start=2024-01-01&protocol=cog-hr&foo=%00s%00%2500s%2500",  # the stand-in's bytes typed in: echoed as typed
    "/print?start=2023-05-01&protocol=cog-sr&lang=es",
    "/print?start=2024-01-14&protocol=cog-hr&branch=hsct",
    "/print?start=2022-03-14&protocol=general&lang=zh&today=2022-09-01",
])
def test_kept_sections_at_many_start_dates_are_byte_identical(direct, kept, url):
    for day in ("01", "09", "17", "28"):  # kept by the first, filled for the others
        moved = url.replace("-30&", f"-{day}&").replace("-01&", f"-{day}&").replace("-14&", f"-{day}&")
        got, expected = kept.get(moved), direct.get(moved)
        assert (got.status_code, got.get_data(as_text=True)) == (expected.status_code, expected.get_data(as_text=True))


@pytest.fixture
def probe_app():
    """An app with two extra templates that show what a kept fragment writes: a hole, and the timeline's own query."""
    from jinja2 import ChoiceLoader, DictLoader

    app = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0})
    app.jinja_env.loader = ChoiceLoader([DictLoader({"probe.html": '{{ hole("said") }}|{{ timeline.query() }}'}),
                                        app.jinja_env.loader])
    return app


def _probe(app, holes: dict) -> str:
    from flask import render_template_string

    from webapp.views.common import read_timeline

    with app.test_request_context("/?start=2026-01-05&protocol=cog-sr"):
        timeline = read_timeline()
        return render_template_string('{{ fragment("probe.html", "key", holes=holes, timeline=timeline) }}',
                                      holes=holes, timeline=timeline)


def test_visitors_text_spelling_the_start_stand_in_keeps_it(probe_app):
    # The section's start (hole "s") is written into the kept text before the holes: a hole's text is not searched.
    assert _probe(probe_app, {"said": "%00s%00 and %2500s%2500", "s": "2026-01-05"}) == (
        "%00s%00 and %2500s%2500|start=2026-01-05&amp;protocol=cog-sr")


@pytest.mark.parametrize("said", ['<b>"5 & 6"</b>', "Mon, 5 Jan 2026", "<i>" + "x" * 80 + "</i>", 12])
def test_hole_values_are_escaped_every_time_short_ones_from_the_memo(probe_app, said):
    # Short texts (dates, numbers) are escaped once and kept (fragments._escaped); the second fill reads the memo.
    from markupsafe import escape

    fragments._escaped.cache_clear()
    for _ in range(2):
        assert _probe(probe_app, {"said": said}) == f"{escape(said)}|start=2026-01-05&amp;protocol=cog-sr"
    kept_texts = fragments._escaped.cache_info().currsize
    assert kept_texts == (1 if isinstance(said, str) and len(said) <= fragments.SHORT else 0)


def test_the_escape_memo_is_bounded():
    assert fragments._escaped.cache_info().maxsize == fragments.ESCAPED_SIZE


def test_a_kept_fragment_that_does_not_fill_the_start_links_the_real_one(probe_app):
    # Only the timeline section fills hole "s"; any other kept fragment (the form, citations) gets the real start.
    assert _probe(probe_app, {"said": "hello"}) == "hello|start=2026-01-05&amp;protocol=cog-sr"


def _upload_address() -> str:
    """Return a timeline address carrying an upload: cog-sr's template CSV, packed as the upload page packs it."""
    from datetime import date

    from webapp import custom

    csv = create_app({"TESTING": True}).test_client().get("/custom/template-cog-sr.csv").get_data(as_text=True)
    token = custom.encode(custom.Upload(csv, "Mine", date(2026, 1, 1)))
    return f"/?start=2026-01-05&protocol=custom&today=2026-03-01&custom={token}"


@pytest.mark.parametrize("url", ["/?start=%202026-01-05&protocol=cog-sr&today=2026-03-01",  # the start as typed
                                 "upload"])
def test_a_section_not_kept_writes_its_chart_and_blocks_once(url):
    app = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0})
    calls, tojson = [], app.jinja_env.filters["tojson"]

    @functools.wraps(tojson)  # keeps the filter's pass_eval_context mark
    def counted(context, value, *args, **kwargs):
        calls.extend([1] if isinstance(value, dict) and "layout" in value else [])  # a Plotly figure
        return tojson(context, value, *args, **kwargs)

    app.jinja_env.filters["tojson"] = counted
    response = app.test_client().get(_upload_address() if url == "upload" else url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('id="figure-data"') == 1 and page.count('class="actual-dates"') == 1
    assert calls == [1]


def _phase_rows(page: str) -> list[str]:
    """Return the cells of the phases table's rows after the phase's name, the print-out's nowrap class removed."""
    import re

    table = page[page.index('<table class="phases">'):]
    table = table[:table.index("</table>")]
    return [re.sub(r"\s+", " ", row.split("</th>", 1)[1].replace(' class="nowrap"', "")).strip()
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def test_page_and_print_tables_write_the_same_phase_cells(kept):
    # One macro writes both (templates/_phase_cells.html); the page's table alone adds a recorded start's note.
    query = "start=2025-03-27&protocol=cog-hr&branch=hsct&today=2026-06-01"
    page, printed = kept.get(f"/?{query}").get_data(as_text=True), kept.get(f"/print?{query}").get_data(as_text=True)
    rows = _phase_rows(page)
    assert len(rows) > 5 and rows == _phase_rows(printed)
    assert any('<span class="note">' in row for row in rows)


def test_timeline_page_is_kept_once_for_start_dates_with_the_same_rows(direct):
    # The whole page (webapp/fragments.py page()): its title, form, language menu and section filled per request.
    kept = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0})
    client = kept.test_client()
    for start in SHARED_ROWS:
        url = f"/?start={start}&protocol=cog-sr&today=2024-03-01"
        got, expected = client.get(url), direct.get(url)
        assert (got.status_code, got.get_data(as_text=True)) == (200, expected.get_data(as_text=True)), url
        page = got.get_data(as_text=True)
        assert f'<a href="/?start={start}&amp;protocol=cog-sr&amp;today=2024-03-01&amp;lang=es" hreflang="es"' in page
        assert f'id="start" name="start" required type="date" value="{start}">' in page
        assert f'<input type="hidden" name="start" value="{start}">' in page and f'min="{start}"' in page
    pages = kept.extensions[fragments.PAGES]
    assert [key[0] for key in pages.items] == ["index.html"]
    # The recorded-dates form too: kept once, its hidden fields and dates each request's.
    assert sum(1 for key in kept.extensions[fragments.EXTENSION].items if key[0] == "_actual_dates.html") == 1


def test_page_memo_is_bounded_by_its_setting():
    app = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0, "PAGE_SKELETON_CACHE_SIZE": 2})
    client = app.test_client()
    for protocol in ("cog-sr", "cog-hr", "t-all"):
        assert client.get(f"/?start=2026-01-05&protocol={protocol}").status_code == 200
    assert len(app.extensions[fragments.PAGES]) == 2


def test_pages_not_kept_with_a_page_memo_of_size_zero(direct):
    app = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0, "PAGE_SKELETON_CACHE_SIZE": 0})
    url = "/?start=2026-01-05&protocol=cog-sr"
    assert fragments.PAGES not in app.extensions
    assert app.test_client().get(url).get_data(as_text=True) == direct.get(url).get_data(as_text=True)


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_where_are_we_block_is_kept_per_kind_of_day_with_each_requests_numbers(direct, lang):
    # templates/_now.html is kept per kind of day (views/pages.py _now): its sentence, percent and day are holes.
    app = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0})
    client = app.test_client()
    todays = {"2025-04-10": "1", "2025-09-01": "19", "2026-02-14": "39", "2025-03-01": "0", "2031-01-01": "100"}
    for today, percent in todays.items():  # during three times, then before and after
        url = f"/?start=2025-03-27&protocol=cog-hr&today={today}&lang={lang}"
        got, expected = client.get(url).get_data(as_text=True), direct.get(url).get_data(as_text=True)
        assert got == expected, url
        assert f'<progress id="progress" max="100" value="{percent}">' in got
    nows = [key[1][0] for key in app.extensions[fragments.EXTENSION].items if key[0] == "_now.html"]
    assert nows == ["during", "before", "after"]
