"""A busy printer's 503 is resolved by the browser itself: Chromium follows its Refresh and downloads the PDF."""

import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

from tests.test_exports_printing import QUERY, HeldPrinter
from webapp import create_app
from webapp.exports import pdf

pytestmark = pytest.mark.browser


@pytest.fixture
def busy_server():
    """Serve an app whose one printing place is held by another pupil's identical PDF until the test releases it."""
    app = create_app({"TESTING": True})
    held = HeldPrinter()
    app.extensions["all_timeline.printer"] = pdf.Desk(held, 1, holding=1)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    yield base, held
    held.release.set()
    server.shutdown()


@pytest.mark.parametrize(("page_path", "link", "pdf_path"), [
    ("/", "PDF, A4", "/schedule.pdf"),
    ("/print", "Download as PDF (A4)", "/schedule.pdf"),
    ("/summary", "Download as PDF (A4)", "/summary.pdf"),
])
def test_a_pupil_refused_while_the_class_pdf_prints_gets_it_without_doing_anything(browser, busy_server, tmp_path,
                                                                                   page_path, link, pdf_path):
    # The pupil clicks the page's own PDF link. With a `download` attribute Chromium turned the 503 into a failed
    # download ("schedule.html") and never asked again; as a plain link the 503 page shows and its Refresh works.
    base, held = busy_server
    url = f"{base}{pdf_path}?{QUERY}"
    first: dict = {}
    leader = threading.Thread(target=lambda: first.update(body=urllib.request.urlopen(url, timeout=60).read()))
    leader.start()
    assert held.started.wait(10)
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{base}{page_path}?{QUERY}")
        with page.expect_response(lambda answer: answer.url == url) as refused:
            page.get_by_role("link", name=link, exact=True).click()
        assert refused.value.status == 503 and refused.value.headers["refresh"] == str(pdf.PRINTING_RETRY_S)
        page.wait_for_url(url)
        assert "This page asks again by itself in a few seconds" in page.inner_text("main")
        held.release.set()  # the other pupil's print ends; nobody touches this page
        with page.expect_download(timeout=30_000) as downloading:
            pass  # Chromium asks again after Refresh's seconds; the answer is the kept PDF, as a download
        download = downloading.value
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
    finally:
        context.close()
        leader.join(10)
    assert saved.read_bytes() == first["body"] == b"%PDF-1.4 held a4" and held.jobs == ["a4"]
    assert download.url == url and saved.name.endswith(".pdf")
