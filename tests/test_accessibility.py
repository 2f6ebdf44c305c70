"""axe-core in real Chromium: zero violations (WCAG 2.2 A/AA and best practice) on every kind of page."""

import pytest

from tests.charts import wait_for_chart
from tests.conftest import AXE, AXE_ADDRESS, PageWatch

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = {
    "empty-form": ("/", 200),
    "timeline": ("/?start=2026-01-05&protocol=cog-sr&today=2026-11-24", 200),
    "timeline-before-start": ("/?start=2026-01-05&protocol=cog-sr&today=2025-12-20", 200),
    "timeline-t-all": ("/?start=2026-01-05&protocol=t-all&today=2026-03-01", 200),
    "relative": ("/?protocol=general", 200),
    "error-400": ("/?start=2026-02-30", 400),
    "not-found-404": ("/no-such-page", 404),
    "glossary": ("/glossary", 200),
    "glossary-with-timeline": ("/glossary?start=2026-01-05&protocol=cog-hr&branch=hsct&today=2026-11-24", 200),
    "error-400-today": ("/?start=2026-01-05&protocol=cog-sr&today=2026-02-31", 400),
    "questions": ("/questions", 200),
    "present-dated": ("/present?start=2026-01-05&protocol=cog-sr&step=3", 200),
    "present-relative": ("/present?protocol=general&step=1", 200),
    "present-last-step": ("/present?protocol=cog-sr&step=8", 200),
    "present-path-step": ("/present?start=2026-01-05&protocol=cog-hr&branch=hsct&step=7", 200),
    "present-bad-step-400": ("/present?protocol=cog-sr&step=9", 400),
    "timeline-branches-delay": (
        "/?start=2026-01-05&protocol=cog-hr&branch=hsct&branch=tki&delay=consolidation:7&today=2026-11-24", 200),
    "relative-blinatumomab": ("/?protocol=cog-sr&branch=blinatumomab", 200),
    "timeline-started": ("/?start=2026-01-05&protocol=cog-hr&today=2026-04-20&started=consolidation:2026-02-10", 200),
    "compare": ("/compare?a=start%3D2026-01-05%26protocol%3Dcog-hr&b=start%3D2026-01-05%26protocol%3Dcog-hr"
                "%26branch%3Dhsct", 200),
    "compare-error-400": ("/compare?a=start%3D2026-02-30", 400),
    "compare-empty": ("/compare", 200),
    "compare-four": ("/compare?a=protocol%3Dcog-hr&b=protocol%3Dcog-hr%26branch%3Dhsct&c=protocol%3Dcog-sr"
                     "&d=protocol%3Dcog-hr%26branch%3Dcar-t", 200),
    "print": ("/print?start=2026-01-05&protocol=cog-hr&branch=hsct", 200),
    "calendar": ("/calendar?start=2026-01-05&protocol=cog-sr&branch=blinatumomab&today=2026-03-01"
                 "&started=consolidation:2026-02-10", 200),
    "summary": ("/summary?start=2026-01-05&protocol=cog-hr&branch=hsct", 200),
    "letter": ("/letter?start=2026-01-05&protocol=cog-hr", 200),
    "calendar-relative-400": ("/calendar?protocol=cog-sr", 400),
    "custom-upload": ("/custom", 200),
    "which-protocol": ("/protocols", 200),
    "timeline-bfm-picker": ("/?start=2026-01-05&protocol=aieop-bfm-2017&today=2026-03-01", 200),
    "timeline-relapse": ("/?start=2026-01-05&protocol=relapse-hr-blinatumomab&branch=hsct&today=2026-03-01", 200),
    "timeline-aall1331-low": ("/?start=2026-01-05&protocol=aall1331&risk_group=low", 200),
}


@pytest.fixture(scope="session")
def axe_source(live_server):
    """Return the test server's address of axe-core (tests/conftest.py, AXE_ADDRESS)."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `make test` (it runs `npm ci` from package-lock.json).")
    return live_server + AXE_ADDRESS


def axe_violations(watch: PageWatch, axe_source) -> list[str]:
    """Load axe-core into the page from `axe_source` and return one line per violation (empty when clean)."""
    watch.page.add_script_tag(url=axe_source)
    result = watch.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]]


# Every page at both sizes in English, Spanish and Arabic (right to left); French, Portuguese and Chinese on
# every page at the phone size, where their longer words and other script wrap, and on one page of each kind (each
# template) at the desktop size: the full matrix twice over would add ~100 runs that found nothing new (issue 14).
ONE_OF_EACH_KIND = ("calendar", "compare", "custom-upload", "empty-form", "error-400", "glossary", "letter",
                    "not-found-404", "present-dated", "print", "questions", "relative", "summary", "timeline",
                    "which-protocol")
CASES = ([(size, lang, name) for lang in ("en", "es", "ar") for size in sorted(VIEWPORTS) for name in sorted(PAGES)]
         + [("phone", lang, name) for lang in ("fr", "pt", "zh") for name in sorted(PAGES)]
         + [("desktop", lang, name) for lang in ("fr", "pt", "zh") for name in ONE_OF_EACH_KIND])


@pytest.fixture(scope="module")
def axe_contexts(browser):
    """One audit context per viewport for the module: its pages share the HTTP cache (Plotly loads once)."""
    # axe is added to pages that did not ask for it, which our CSP (script-src 'self') is there to block;
    # only these audit contexts bypass it. The other browser tests keep the CSP in force.
    # Nothing the pages keep changes another page: the language is in the address, and no page stores anything.
    contexts = {name: browser.new_context(viewport=size, bypass_csp=True, locale="en-GB")
                for name, size in VIEWPORTS.items()}
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.fixture(scope="module")
def axe_tabs(axe_contexts):
    """One page (tab) per audit context, kept for the module: its renderer keeps Plotly and axe compiled, which
    halves the time to load and audit a page (a new tab parses both again)."""
    return {name: context.new_page() for name, context in axe_contexts.items()}


@pytest.fixture
def axe_pages(axe_tabs):
    """A fresh watch per test on the kept tab of the size asked for; requests are recorded, not routed, so the
    context's HTTP cache stays on. The tab goes back to about:blank after the test, so that nothing the last page
    still does reaches the next test's watch."""
    opened = []

    def get(size: str) -> PageWatch:
        opened.append(PageWatch(axe_tabs[size], block=False))
        return opened[-1]

    yield get
    for watch in opened:
        watch.stop()
        watch.page.goto("about:blank")


def in_language(url: str, lang: str) -> str:
    """Return the page's address in a language (English is the default, without `lang`)."""
    if lang == "en":
        return url
    return url + ("&" if "?" in url else "?") + f"lang={lang}"


@pytest.mark.parametrize(("size", "lang", "name"), CASES, ids=lambda value: str(value))
def test_axe_finds_no_violations(axe_pages, live_server, axe_source, size, lang, name):
    url, status = PAGES[name]
    axe_page = axe_pages(size)
    response = axe_page.page.goto(live_server + in_language(url, lang))
    assert response.status == status
    assert axe_page.page.locator("html").get_attribute("lang") == lang
    if axe_page.page.locator("#figure-data").count():
        wait_for_chart(axe_page.page)
    assert axe_violations(axe_page, axe_source) == []
    assert all(f"status of {status}" in e for e in axe_page.errors)
    assert axe_page.refused == []


# A page with one known violation of each kind the audits are dearest for (contrast, a field without a label, a
# button too small to hit), in the same kept tab and with the same axe options as every audit above.
FLAWED = """<!doctype html><html lang="en"><head><title>Flawed</title></head><body><main><h1>Flawed</h1>
<p style="color: #aaa; background: #fff">Grey on white</p><input type="text" id="nameless">
<button id="tiny" style="width: 10px; height: 10px; padding: 0; border: 0" aria-label="Tiny"></button>
<button id="crowded" style="width: 10px; height: 10px; padding: 0; border: 0" aria-label="Crowded"></button>
</main></body></html>"""


def test_the_audit_still_finds_known_violations(axe_pages, live_server, axe_source):
    axe_page = axe_pages("desktop")
    axe_page.page.goto(live_server + "/glossary")
    axe_page.page.set_content(FLAWED)
    found = {line.split(" ", 1)[0] for line in axe_violations(axe_page, axe_source)}
    assert found == {"color-contrast", "label", "target-size"}
