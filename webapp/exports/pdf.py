"""Print the print view to PDF in headless Chromium, which runs the Plotly script that draws the chart.

WeasyPrint runs no JavaScript and Kaleido drew timelines at 1970 (plotly.py #5260), so the PDF is
the browser's own print of /print: the same result as Ctrl+P. One Chromium per process is kept in a
private thread, because Playwright's sync API must stay on the thread that started it.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import queue
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

# The page is served to Chromium from memory under this made-up origin; nothing goes to the network.
ORIGIN = "http://all-timeline.print"
PAPERS = {"a4": "A4", "letter": "Letter"}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
]
DRAWN = "#chart[data-drawn='true']"
CHART = 'id="chart"'
WARM_PAGE = '<!doctype html><title>warm-up</title><div id="chart" data-drawn="true">Warm-up</div>'


RETRY_AFTER_S = 10  # what a refused request is told to wait: a few PDFs' time on a busy 2-core machine
# What a request refused while its identical PDF prints is told to wait: one print (0.25 s on a quiet machine, a
# few seconds in a burst), after which the PDF is kept and served at once. A class of thirty asking for the same PDF
# is one print and a second try each, not thirty tries a minute apart (issue 13).
PRINTING_RETRY_S = 2


class PrintError(RuntimeError):
    """The PDF could not be made (no Chromium, or the page did not draw in time)."""


class PrinterBusy(PrintError):
    """Every printing place is taken: ask again after `retry_after` seconds rather than wait (issue 13)."""

    def __init__(self, retry_after: int = RETRY_AFTER_S) -> None:
        super().__init__(f"the printer is busy; try again in {retry_after} s")
        self.retry_after = retry_after


Key = tuple[bytes, str]  # a page's key (its address or its bytes' digest) and the paper


class Desk:
    """Bounded PDF capacity in front of one printer, with identical requests sharing one print (issue 13).

    At most `capacity` different PDFs print at once, and at most `holding` requests are held at once (printing, or
    waiting for an identical PDF another request is printing): each held request is a web worker the pages lack.
    Past either bound a request is refused at once, told to ask again after one print when its identical PDF is the
    one printing. Printed PDFs are kept (`cache_size`) and served again.
    """

    def __init__(self, printer, capacity: int = 2, cache_size: int = 16, holding: int | None = None,
                 wait_s: float = 20.0) -> None:
        self.printer, self.capacity, self.cache_size = printer, capacity, cache_size
        # A request waiting for an identical print gives up after this long, before its worker does (printservice),
        # so a stuck print does not keep its place held for a minute after nobody waits any more (review).
        self.wait_s = wait_s
        self.holding = max(capacity, holding or capacity)
        self.busy = 0  # different PDFs printing
        self.held = 0  # requests printing or waiting for a print
        self.printed: OrderedDict[Key, bytes] = OrderedDict()
        self.flights: dict[Key, Future] = {}  # PDFs printing now, by key, for identical requests to wait for
        self.lock = threading.Lock()

    def pdf(self, html: str | Callable[[], str], paper: str = "a4", key: bytes | None = None,
            timings: dict[str, float] | None = None) -> bytes:
        """Return the PDF of `html` (or of what a function makes, called only when this request prints); raise
        PrinterBusy past the bounds. `key` names the page without making it (the request's address, as the page
        cache does); without it the page is made and its bytes are the key. `timings` gets the phases in ms."""
        timings = {} if timings is None else timings
        if key is None:
            html = html() if callable(html) else html
            key = hashlib.sha256(html.encode()).digest()
        cache_key = (key, paper)
        began = time.monotonic()
        with self.lock:
            if cache_key in self.printed:
                self.printed.move_to_end(cache_key)
                timings["cache"] = 0.0
                return self.printed[cache_key]
            flight = self.flights.get(cache_key)
            if flight is not None and self.held >= self.holding:
                raise PrinterBusy(PRINTING_RETRY_S)  # its PDF is printing: kept, and served at once, by then
            if self.held >= self.holding or (flight is None and self.busy >= self.capacity):
                raise PrinterBusy()
            self.held += 1
            if flight is None:
                self.busy += 1
                self.flights[cache_key] = leader = Future()
        try:
            if flight is not None:  # an identical PDF is printing: wait for it rather than print it again
                try:
                    body = flight.result(timeout=self.wait_s)
                except FutureTimeout:
                    # Still printing (a slow machine): the browser asks again by itself rather than show a failure;
                    # by then the PDF is kept, or a failed print left the place to this request (issue 13).
                    raise PrinterBusy(PRINTING_RETRY_S) from None
                timings["wait"] = (time.monotonic() - began) * 1000
                return body
            return self._print(leader, cache_key, html, paper, timings)
        finally:
            with self.lock:
                self.held -= 1
                if flight is None:
                    self.busy -= 1

    def _print(self, leader: Future, cache_key: Key, html, paper: str, timings: dict[str, float]) -> bytes:
        """Make the page and print it, keep the PDF, and hand it (or the failure) to the requests waiting for it."""
        try:
            began = time.monotonic()
            page = html() if callable(html) else html
            timings["render"] = (time.monotonic() - began) * 1000
            began = time.monotonic()
            body = self.printer.pdf(page, paper)
            timings["print"] = (time.monotonic() - began) * 1000
        except BaseException as error:
            with self.lock:
                del self.flights[cache_key]
            leader.set_exception(error if isinstance(error, PrintError) else PrintError(type(error).__name__))
            raise
        with self.lock:
            del self.flights[cache_key]
            self.printed[cache_key] = body
            while len(self.printed) > self.cache_size:
                self.printed.popitem(last=False)
        leader.set_result(body)
        return body

    def warm(self) -> None:
        """Start the printer's browser now."""
        self.printer.warm()

    def close(self) -> None:
        """Stop the printer."""
        self.printer.close()


class Printer:
    """Turn HTML pages into PDF bytes, one at a time, with one Chromium kept warm between jobs."""

    def __init__(self, static_dirs: list[Path], static_url: str = "/static", timeout_s: float = 15.0,
                 scheduling: int | None = None) -> None:
        # The hashed copies (build/static, issue 6) first: the print view links those names.
        self.static_dirs = [Path(d).resolve() for d in static_dirs]
        self.static_url = static_url.rstrip("/") + "/"
        self.timeout_ms = timeout_s * 1000
        self.jobs: queue.Queue = queue.Queue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.html = ""  # the page being printed; only the printer thread reads or writes it
        self.scheduling = scheduling  # the printer thread's scheduling policy (os.SCHED_IDLE), which Chromium inherits

    def warm(self, html: str = WARM_PAGE) -> None:
        """Start Chromium and print one page now, in the background, so the first PDF does not wait."""
        self._start()
        self.jobs.put((html, "A4", Future()))

    def pdf(self, html: str, paper: str = "a4") -> bytes:
        """Return the PDF of `html` on A4 or US Letter paper."""
        self._start()
        done: Future = Future()
        self.jobs.put((html, PAPERS[paper], done))
        try:
            return done.result(timeout=self.timeout_ms / 1000 + 30)
        except TimeoutError as exc:
            raise PrintError("the printer did not answer in time") from exc

    def _start(self) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="pdf-printer", daemon=True)
                self.thread.start()

    def close(self) -> None:
        """Stop the printer thread and its browser."""
        if self.thread is not None and self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join(timeout=10)

    def _run(self) -> None:
        if self.scheduling is not None:
            # Linux applies this to the calling thread only, and the driver and Chromium it starts inherit it.
            os.sched_setscheduler(0, self.scheduling, os.sched_param(0))
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                self._serve_jobs(playwright)
        except Exception as exc:  # Playwright itself could not start: fail every waiting request
            while not self.jobs.empty():
                job = self.jobs.get_nowait()
                if job is not None:
                    job[2].set_exception(PrintError(f"Playwright could not start: {type(exc).__name__}"))

    def _serve_jobs(self, playwright) -> None:
        """Print jobs until close() sends None; start (or restart) Chromium when needed."""
        browser = page = None
        while (job := self.jobs.get()) is not None:
            html, paper, done = job
            try:
                if browser is None or not browser.is_connected():
                    browser = self._launch(playwright)
                    page = None
                if page is None or page.is_closed():
                    page = self._new_page(browser)
                self.html = html
                done.set_result(self._print(page, paper))
            except Exception as exc:  # handed to the waiting request, which reports it
                page = None  # a fresh page for the next job
                done.set_exception(PrintError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
        if browser is not None:
            browser.close()

    @staticmethod
    def _launch(playwright):
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        if executable is None:
            raise PrintError("Chromium is not installed")
        return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)

    def _new_page(self, browser):
        """Open the one page every job reuses (a new browser context per job costs ~0.25 s).

        The page only ever shows our own print view from memory: no cookies, storage or network.
        """
        page = browser.new_context().new_page()
        page.route("**/*", self._route)
        page.emulate_media(media="print")
        return page

    def _route(self, request_route) -> None:
        path = request_route.request.url.removeprefix(ORIGIN).split("?", 1)[0]
        if path == "/print":
            return request_route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self.html)
        if path.startswith(self.static_url):
            for folder in self.static_dirs:
                file = (folder / path.removeprefix(self.static_url)).resolve()
                if file.is_file() and file.is_relative_to(folder):
                    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                    # Playwright reads the file itself: the 1.2 MB Plotly bundle does not cross into Python.
                    return request_route.fulfill(status=200, content_type=kind, path=str(file))
        return request_route.abort()

    def _print(self, page, paper: str) -> bytes:
        page.goto(f"{ORIGIN}/print", wait_until="load", timeout=self.timeout_ms)
        if CHART in self.html:  # the print view's chart draws after load; the take-home pages have none to wait for
            page.wait_for_selector(DRAWN, state="attached", timeout=self.timeout_ms)
        # The @page rules set the margins; the paper size comes from the request (A4 or Letter).
        # Tagged, with an outline from the headings: screen readers get the structure and the language (issue 13).
        return page.pdf(format=paper, print_background=True, prefer_css_page_size=False, tagged=True, outline=True)
