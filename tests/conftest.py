"""Shared fixtures: the app, its test client, and the loaded data."""

import shutil
from pathlib import Path

import pytest

from webapp import create_app
from webapp.exports import pdf

ROOT = Path(__file__).resolve().parent.parent


# Cheap tests first, so a broken change fails in seconds; then fuzz and CalDAV (in-process, hundreds of requests),
# the ones that start servers, the load test, then browsers and PDFs. The load test is the longest single test (about
# 30 s): run last, one worker spent its last half-minute on it while the other sat idle; before the browser lanes,
# the run ends on tests of a few seconds each. Under make test the workers take them in this order and steal each
# other's remaining tests at the end (pytest-xdist --dist worksteal, Makefile).
COST = ("fuzz", "caldav", "server", "load", "browser", "pdf")


def pytest_collection_modifyitems(items):
    """Run the tests in this order (README, "Test"): unmarked, fuzz, caldav, server, load, browser, pdf."""
    def cost(item):
        return max((COST.index(m.name) + 1 for m in item.iter_markers() if m.name in COST), default=0)

    items.sort(key=cost)


STUB_PDF = b"%PDF-1.4\n% ALL Timeline test stub: the tests that read a PDF use pdf_app\n%%EOF\n"


class StubPrinter:
    """Stands in for Chromium in the tests that never read the PDF (statuses, headers, fuzz): a fixed PDF at once."""

    def pdf(self, html, paper="a4"):
        return STUB_PDF

    def warm(self):
        pass

    def close(self):
        pass


@pytest.fixture(scope="session")
def app():
    """The app with the stub printer: no test that uses it reads a PDF."""
    app = create_app({"TESTING": True})
    app.extensions["all_timeline.printer"] = pdf.Desk(StubPrinter(), app.config["PDF_CAPACITY"])
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def whole():
    """Pages rendered whole on every request: no kept page, so no plan (webapp/page_plan.py)."""
    return create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0, "PAGE_SKELETON_CACHE_SIZE": 0}).test_client()


@pytest.fixture(scope="module")
def planned():
    """Pages kept and filled from plans, as a running server makes them; no page cache (every answer is made)."""
    return create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0}).test_client()


@pytest.fixture(scope="session")
def pdf_app():
    """The app with its real printer (Chromium), for the tests that read the PDF back."""
    app = create_app({"TESTING": True})
    yield app
    # The PDF export keeps a Chromium open in its own thread once used; close it with the session.
    app.extensions["all_timeline.printer"].close()


@pytest.fixture
def pdf_client(pdf_app):
    return pdf_app.test_client()


@pytest.fixture(scope="session")
def catalogue(app):
    return app.extensions["all_timeline.catalogue"]


@pytest.fixture
def data_dir(tmp_path):
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def edit(path, old, new):
    """Replace the first `old` in a data file with `new`; fail when the fixture text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def cog_sr(catalogue):
    return catalogue.protocols["cog-sr"]


@pytest.fixture(scope="session")
def general(catalogue):
    return catalogue.protocols["general"]


ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
]
# Every request that would leave this machine goes to a proxy nobody runs (port 9, discard) and fails; Chromium
# never sends loopback addresses to a proxy. So pages that only record their requests (PageWatch(block=False), which
# keeps the HTTP cache on) still cannot reach the network, and PageWatch.refused still names what tried.
OFFLINE = "--proxy-server=http://127.0.0.1:9"


# axe-core (npm, package-lock.json) at an address of the test server: a page that loads it from there keeps its
# compiled code in Chromium's caches, where an inline copy (add_script_tag(path=...)) is parsed again on every page
# (about 70 ms of CPU an audit, measured here). Nothing else is served at that address; the app never links it.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_ADDRESS = "/_tests/axe-core/axe.min.js"


def with_axe(app):
    """Wrap a WSGI app so that AXE_ADDRESS answers axe-core's file, cacheable for an hour; the rest is the app's."""
    def serve(environ, start_response):
        if environ.get("PATH_INFO") != AXE_ADDRESS or not AXE.exists():
            return app(environ, start_response)
        body = AXE.read_bytes()
        start_response("200 OK", [("Content-Type", "text/javascript; charset=utf-8"),
                                  ("Cache-Control", "max-age=3600"), ("Content-Length", str(len(body)))])
        return [body]

    return serve


@pytest.fixture(scope="session")
def live_server(pdf_app):
    """Serve the app (with its real printer) on a free local port in a thread for the browser tests."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, with_axe(pdf_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Launch the distribution's Chromium (browser downloads are impossible here)."""
    import shutil as which_lookup

    from playwright.sync_api import sync_playwright

    executable = which_lookup.which("chromium") or which_lookup.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is not installed: run `make test`, which installs it from the distribution's packages.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=[*CHROMIUM_ARGS, OFFLINE])
        yield launched
        launched.close()


def local(url: str) -> bool:
    """Say whether a request stays on this machine (the test server, or data the page made itself)."""
    from urllib.parse import urlsplit

    return urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:"))


class PageWatch:
    """Record console errors and every request a page makes; refuse requests that leave 127.0.0.1.

    With block=False the requests are only recorded (`refused` still lists those that left): Playwright's
    routing turns the HTTP cache off, so pages that share a context reload Plotly unless nothing is routed.
    """

    def __init__(self, page, block: bool = True):
        self.page, self.errors, self.requests, self.refused = page, [], [], []

        def console(msg):
            if msg.type == "error":
                self.errors.append(msg.text)

        def page_error(exc):
            self.errors.append(str(exc))

        def record(request):
            self.requests.append(request.url)
            if not local(request.url):
                self.refused.append(request.url)

        def route(request_route):
            url = request_route.request.url
            self.requests.append(url)
            if local(url):
                request_route.continue_()
            else:
                self.refused.append(url)
                request_route.abort()

        self.listeners = [("console", console), ("pageerror", page_error)] + ([] if block else [("request", record)])
        for event, listener in self.listeners:
            page.on(event, listener)
        self.route = route if block else None
        if block:
            page.route("**/*", route)

    def stop(self):
        """Stop watching, so that the page can serve another test with a fresh watch."""
        for event, listener in self.listeners:
            self.page.remove_listener(event, listener)
        if self.route is not None:
            self.page.unroute("**/*", self.route)

    def assert_clean(self):
        assert self.errors == []
        assert self.refused == []

    def screenshot(self, name):
        """Photograph the whole page into test-artifacts/ at one image pixel per CSS pixel."""
        ARTIFACTS.mkdir(exist_ok=True)
        # A phone page is about 20,000 CSS pixels tall: at its device scale (2) the PNG took 2.5 to 5 s to capture
        # and encode here, at CSS scale 0.8 to 1.4 s (desktops, scale 1, are the same either way). Nothing reads
        # these images but people, and the layout they show is the same.
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, scale="css")


class SharedContexts:
    """One browser context per set of options for a test process, and a fresh page (tab) in it per test.

    A context costs Chromium a new profile, and a routed page (PageWatch's default) has no HTTP cache, so every test
    parsed Plotly again; shared contexts load it once. Between tests the pages close and the cookies go (the upload
    form's session); the app keeps nothing else in the browser (no storage, no service worker).
    """

    def __init__(self, browser):
        self.browser, self.contexts, self.opened = browser, {}, []

    def page(self, **options) -> PageWatch:
        """Open a page in the shared context with these new_context options; its requests are recorded."""
        key = repr(sorted(options.items()))
        if key not in self.contexts:
            self.contexts[key] = self.browser.new_context(**options)
        self.opened.append(PageWatch(self.contexts[key].new_page(), block=False))
        return self.opened[-1]

    def release(self):
        """Close this test's pages and forget its cookies."""
        for watch in self.opened:
            watch.page.close()
        self.opened = []
        for context in self.contexts.values():
            context.clear_cookies()

    def close(self):
        for context in self.contexts.values():
            context.close()


@pytest.fixture(scope="session")
def browser_contexts(browser):
    shared = SharedContexts(browser)
    yield shared
    shared.close()


@pytest.fixture
def shared_page(browser_contexts):
    """Open pages in the process's shared contexts: shared_page(viewport=..., locale=...) -> PageWatch."""
    yield browser_contexts.page
    browser_contexts.release()


@pytest.fixture
def page(shared_page):
    return shared_page(viewport={"width": 1280, "height": 900}, locale="en-GB")


@pytest.fixture
def phone(shared_page):
    return shared_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True,
                       locale="en-GB")


@pytest.fixture
def fresh_shifts(monkeypatch):
    """No schedule kept yet (webapp/shifts.py): a test that counts or needs kept schedules does not depend on others."""
    from webapp import shifts

    monkeypatch.setattr(shifts, "_kept", type(shifts._kept)())
    monkeypatch.setattr(shifts, "_total", [0])
    monkeypatch.setattr(shifts, "_recent", type(shifts._recent)())

