"""Bounded PDF capacity: past it a PDF request gets 503 with Retry-After at once; identical PDFs are not printed twice."""

import html
import os
import re
import threading
import time
import urllib.error
import urllib.request
from multiprocessing.connection import Listener
from pathlib import Path

import pytest

from tests.server import gunicorn
from tests.test_views import text
from webapp import create_app
from webapp.exports import pdf, printservice

QUERY = "start=2026-01-05&protocol=cog-sr"


class HeldPrinter:
    """Stands in for Chromium: each job waits until the test releases it, so 'busy' is a fact, not a race."""

    def __init__(self):
        self.started, self.release, self.jobs = threading.Event(), threading.Event(), []

    def pdf(self, html_text, paper="a4"):
        self.jobs.append(paper)
        self.started.set()
        assert self.release.wait(30), "the test never released the held job"
        return b"%PDF-1.4 held " + paper.encode()

    def warm(self):
        pass

    def close(self):
        pass


def hold_one(call):
    """Run `call` in a thread; return the thread and a dict that gets its result."""
    result = {}
    thread = threading.Thread(target=lambda: result.update(value=call()))
    thread.start()
    return thread, result


def busy_while_one_is_held(held, printer) -> bytes:
    """Hold one job, check that a second is refused with Retry-After, release it and return the first PDF."""
    thread, first = hold_one(lambda: printer.pdf("<p>one</p>"))
    assert held.started.wait(10)
    with pytest.raises(pdf.PrinterBusy) as busy:
        printer.pdf("<p>two</p>")
    assert busy.value.retry_after == pdf.RETRY_AFTER_S
    held.release.set()
    thread.join(10)
    assert first["value"] == b"%PDF-1.4 held a4"
    return first["value"]


def app_printing_with(printer):
    """Return a test app whose one-place desk prints with `printer`, already released."""
    app = create_app({"TESTING": True})
    printer.release.set()
    app.extensions["all_timeline.printer"] = pdf.Desk(printer, 1)
    return app


def test_the_desk_refuses_past_its_capacity_and_serves_identical_pages_again():
    held = HeldPrinter()
    desk = pdf.Desk(held, capacity=1)
    first = {"value": busy_while_one_is_held(held, desk)}
    assert desk.pdf("<p>one</p>") == first["value"]  # from the cache: not printed again
    assert desk.pdf("<p>one</p>", "letter") == b"%PDF-1.4 held letter"
    assert held.jobs == ["a4", "letter"]


def refused_without_rendering(held, printer) -> None:
    """Hold one job; a second request, whose page a function would make, is refused before the page is made."""
    made = []
    thread, first = hold_one(lambda: printer.pdf(lambda: made.append("one") or "<p>one</p>", "a4", b"one"))
    assert held.started.wait(10)
    with pytest.raises(pdf.PrinterBusy):
        printer.pdf(lambda: made.append("two") or "<p>two</p>", "a4", b"two")
    held.release.set()
    thread.join(10)
    assert made == ["one"]
    assert first["value"] == b"%PDF-1.4 held a4"


def test_the_desk_makes_a_page_only_once_it_has_a_place_for_it():
    refused_without_rendering(held := HeldPrinter(), pdf.Desk(held, capacity=1))


def identical_requests_share_one_print(held, desk, printer) -> None:
    """Three identical requests while one prints: two wait for its PDF, the third is past the holding bound."""
    made = []

    def ask(timings=None):
        return printer.pdf(lambda: made.append("page") or "<p>class</p>", "a4", b"class", timings)

    leader, first = hold_one(ask)
    assert held.started.wait(10)
    timings = {}
    waiting = [hold_one(lambda: ask(timings)) for _ in range(2)]
    deadline = time.monotonic() + 10
    while desk.held < 3 and time.monotonic() < deadline:  # both are waiting for the print before the next one asks
        time.sleep(0.01)
    with pytest.raises(pdf.PrinterBusy):
        printer.pdf(lambda: made.append("other") or "<p>other</p>", "a4", b"other")  # no printing place left
    with pytest.raises(pdf.PrinterBusy) as busy:
        ask()  # a fourth identical request would be a fourth worker held: refused at once
    # Told to ask again after one print, not after a few PDFs' time: its PDF is the one printing (issue 13).
    assert (busy.value.retry_after, pdf.PRINTING_RETRY_S) == (2, 2)
    held.release.set()
    for thread, _ in [(leader, first), *waiting]:
        thread.join(10)
    assert [result["value"] for result in [first, *(r for _, r in waiting)]] == [b"%PDF-1.4 held a4"] * 3
    assert held.jobs == ["a4"] and made == ["page"]  # printed once, the page made once
    assert set(timings) == {"wait"}
    assert printer.pdf(lambda: made.append("again") or "", "a4", b"class") == b"%PDF-1.4 held a4"  # kept
    assert made == ["page"]


def test_identical_requests_wait_for_one_print_within_the_holding_bound():
    held = HeldPrinter()
    desk = pdf.Desk(held, capacity=1, holding=3)
    identical_requests_share_one_print(held, desk, desk)


class FailingPrinter(HeldPrinter):
    def pdf(self, html_text, paper="a4"):
        super().pdf(html_text, paper)
        raise pdf.PrintError("the page did not draw in time")


def test_when_the_print_fails_every_request_waiting_for_it_gets_the_error_not_a_hang():
    held = FailingPrinter()
    desk = pdf.Desk(held, capacity=1, holding=2)
    leader, _ = hold_one(lambda: pytest.raises(pdf.PrintError, desk.pdf, "<p>x</p>", "a4", b"x"))
    assert held.started.wait(10)
    errors = []
    waiter = threading.Thread(target=lambda: errors.append(pytest.raises(pdf.PrintError, desk.pdf, "", "a4", b"x")))
    waiter.start()
    deadline = time.monotonic() + 10
    while desk.held < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    held.release.set()
    leader.join(10)
    waiter.join(10)
    assert not waiter.is_alive() and "did not draw" in str(errors[0].value)
    assert (desk.held, desk.busy, desk.flights, len(desk.printed)) == (0, 0, {}, 0)  # nothing kept, places freed


def test_the_desk_keeps_only_its_cache_size():
    held = HeldPrinter()
    held.release.set()
    desk = pdf.Desk(held, capacity=1, cache_size=2)
    for number in range(3):
        desk.pdf(f"<p>{number}</p>")
    assert len(desk.printed) == 2
    desk.pdf("<p>0</p>")
    assert len(held.jobs) == 4


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Many PDFs are being made just now. This page asks again by itself in a few seconds, and your PDF "
           "downloads as soon as it is ready."),
    ("es", "Ahora mismo se están preparando muchos PDF. Esta página volverá a intentarlo por sí sola en unos "
           "segundos, y su PDF se descargará en cuanto esté listo."),
])
def test_past_the_bound_a_pdf_request_gets_503_with_retry_after_and_refresh_in_the_pages_language(lang, message):
    app = create_app({"TESTING": True, "PDF_CAPACITY": 1})
    held = HeldPrinter()
    app.extensions["all_timeline.printer"] = pdf.Desk(held, app.config["PDF_CAPACITY"])
    thread, first = hold_one(lambda: app.test_client().get(f"/schedule.pdf?{QUERY}&lang={lang}"))
    try:
        assert held.started.wait(10)
        refused = app.test_client().get(f"/schedule.pdf?{QUERY}&paper=letter&lang={lang}")
        # The take-home pages' PDFs share the same bound.
        take_home = [app.test_client().get(f"/{path}.pdf?{QUERY}&lang={lang}") for path in ("calendar", "summary",
                                                                                            "letter")]
        # The site's other pages do not wait for the printer.
        page = app.test_client().get(f"/?{QUERY}")
    finally:
        held.release.set()
        thread.join(10)
    assert refused.status_code == 503
    # A browser ignores Retry-After but follows Refresh: it asks for the same address again by itself (issue 13).
    assert (refused.headers["Retry-After"], refused.headers["Refresh"]) == ("10", "10")
    assert message in html.unescape(text(refused))
    assert [(r.status_code, r.headers["Retry-After"], r.headers["Refresh"]) for r in take_home] == [(503, "10", "10")] * 3
    assert page.status_code == 200
    assert first["value"].status_code == 200 and first["value"].data == b"%PDF-1.4 held a4"


def test_identical_pdf_requests_to_the_app_share_one_print_and_say_their_phases():
    app = create_app({"TESTING": True, "PDF_CAPACITY": 1})
    held = HeldPrinter()
    desk = app.extensions["all_timeline.printer"] = pdf.Desk(held, 1, holding=2)
    url = f"/schedule.pdf?{QUERY}&lang=es"
    thread, first = hold_one(lambda: app.test_client().get(url))
    try:
        assert held.started.wait(10)
        second_thread, second = hold_one(lambda: app.test_client().get(url))
        deadline = time.monotonic() + 10
        while desk.held < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        # Both places are held (one printing, one waiting for it): the same PDF once more is refused at once.
        third = app.test_client().get(url)
    finally:
        held.release.set()
        thread.join(10)
        second_thread.join(10)
    # Its PDF is the one printing: the browser is told to ask again after one print's time, and does by itself.
    assert (third.status_code, third.headers["Retry-After"], third.headers["Refresh"]) == (503, "2", "2")
    assert "Esta página volverá a intentarlo por sí sola en unos segundos" in html.unescape(text(third))
    assert [r["value"].status_code for r in (first, second)] == [200, 200]
    assert first["value"].data == second["value"].data == b"%PDF-1.4 held a4" and held.jobs == ["a4"]
    assert re.fullmatch(r"render;dur=\d+\.\d, print;dur=\d+\.\d", first["value"].headers["Server-Timing"])
    assert re.fullmatch(r"wait;dur=\d+\.\d", second["value"].headers["Server-Timing"])
    # Another address of the same page is another PDF; a different origin too (it prints another share link).
    assert app.test_client().get(f"/schedule.pdf?{QUERY}&lang=es&paper=a4").status_code == 200
    assert app.test_client().get(url, base_url="http://other.example").status_code == 200
    assert len(held.jobs) == 3


def test_a_class_refused_while_its_pdf_prints_gets_it_when_the_browser_asks_again_without_a_second_print():
    # Issue 13: thirty pupils, one address. Past the bound each gets a 503 whose Refresh makes the browser ask again;
    # by then the PDF is kept, so every retry is the PDF itself, on any worker, and nothing is printed twice.
    held = HeldPrinter()
    desk = pdf.Desk(held, 1, holding=1)
    workers = [create_app({"TESTING": True}) for _ in range(2)]  # two web workers sharing one printing service
    for app in workers:
        app.extensions["all_timeline.printer"] = desk
    url = f"/schedule.pdf?{QUERY}"
    thread, first = hold_one(lambda: workers[0].test_client().get(url))
    try:
        assert held.started.wait(10)
        refused = [workers[n % 2].test_client().get(url) for n in range(5)]
    finally:
        held.release.set()
        thread.join(10)
    assert [(r.status_code, r.headers["Retry-After"], r.headers["Refresh"]) for r in refused] == [(503, "2", "2")] * 5
    again = [workers[n % 2].test_client().get(url) for n in range(5)]  # each browser, following its Refresh
    assert [(r.status_code, r.mimetype, r.data) for r in again] == [(200, "application/pdf", b"%PDF-1.4 held a4")] * 5
    assert first["value"].data == b"%PDF-1.4 held a4" and held.jobs == ["a4"]
    assert all("Refresh" not in r.headers for r in [first["value"], *again])


def test_a_pdf_that_could_not_be_made_is_a_503_without_refresh():
    # Asking again by itself is for a busy printer only: a failed print is not retried in a loop by the browser.
    failed = app_printing_with(FailingPrinter()).test_client().get(f"/schedule.pdf?{QUERY}")
    assert (failed.status_code, failed.headers["Retry-After"], failed.headers.get("Refresh")) == (503, "10", None)
    assert "The PDF could not be made just now" in text(failed)


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_a_bad_pdf_capacity_is_refused_naming_the_setting(value):
    from webapp.origin import ConfigError

    with pytest.raises(ConfigError, match="ALL_TIMELINE_PDF_CAPACITY: .* Fix: give how many PDFs"):
        create_app({"TESTING": True, "PDF_CAPACITY": value})


@pytest.fixture
def service(tmp_path):
    """The printing service's protocol on a real Unix socket, served in a thread, around a held printer."""
    held = HeldPrinter()
    address, key = str(tmp_path / "printer.sock"), b"k" * 32
    listener = Listener(address, family="AF_UNIX", authkey=key)
    threading.Thread(target=printservice.serve, args=(pdf.Desk(held, capacity=1), listener), daemon=True).start()
    yield held, printservice.RemotePrinter(address, key)
    held.release.set()
    listener.close()


def test_the_service_prints_for_workers_and_tells_them_when_it_is_busy(service):
    held, remote = service
    busy_while_one_is_held(held, remote)


def test_a_worker_makes_its_page_only_once_the_service_has_a_place_for_it(service):
    held, remote = service
    refused_without_rendering(held, remote)


def test_identical_requests_to_the_service_wait_for_one_print(tmp_path):
    held = HeldPrinter()
    address, key = str(tmp_path / "printer.sock"), b"k" * 32
    listener = Listener(address, family="AF_UNIX", authkey=key)
    desk = pdf.Desk(held, capacity=1, holding=3)
    threading.Thread(target=printservice.serve, args=(desk, listener), daemon=True).start()
    try:
        identical_requests_share_one_print(held, desk, printservice.RemotePrinter(address, key))
    finally:
        held.release.set()
        listener.close()


def test_a_worker_gone_during_the_handshake_does_not_end_the_service(service):
    # gunicorn kills a worker at its timeout, maybe in the middle of connecting: the next PDF must still come.
    # Before, accept() raised there and the service stopped accepting; every later PDF request hung (review).
    import socket

    held, remote = service
    for _ in range(3):
        with socket.socket(socket.AF_UNIX) as stray:
            stray.connect(remote.address)
    held.release.set()
    assert printservice.RemotePrinter(remote.address, remote.key, wait_s=5).pdf("<p>x</p>") == b"%PDF-1.4 held a4"


def test_a_request_waiting_for_an_identical_print_gives_up_with_its_budget_and_is_told_to_ask_again():
    # A stuck print must not keep the waiter's place held after the waiter's worker has given up (review), and a
    # slow print is no failure: the waiter gets the busy answer whose Refresh makes its browser ask again (issue 13).
    held = HeldPrinter()
    desk = pdf.Desk(held, capacity=1, holding=2, wait_s=0.3)
    thread, first = hold_one(lambda: desk.pdf("<p>x</p>", "a4", b"k"))
    try:
        assert held.started.wait(10)
        began = time.monotonic()
        with pytest.raises(pdf.PrinterBusy) as busy:
            desk.pdf("<p>x</p>", "a4", b"k")
        assert busy.value.retry_after == pdf.PRINTING_RETRY_S
        assert time.monotonic() - began < 5 and desk.held == 1  # its place is free again; the print's is held
    finally:
        held.release.set()
        thread.join(10)
    assert first["value"] == b"%PDF-1.4 held a4" and desk.held == 0


def test_a_pdf_served_again_from_the_page_cache_does_not_claim_a_print():
    # Server-Timing describes one answer: the worker's page cache must not replay "print" on a later hit (review).
    held = HeldPrinter()
    app = app_printing_with(held)
    first = app.test_client().get(f"/schedule.pdf?{QUERY}")
    again = app.test_client().get(f"/schedule.pdf?{QUERY}")
    assert "print;dur=" in first.headers["Server-Timing"]
    assert again.data == first.data and "Server-Timing" not in again.headers and held.jobs == ["a4"]


def test_a_wrong_key_or_no_service_is_a_print_error(service, tmp_path):
    _, remote = service
    with pytest.raises(pdf.PrintError, match="not reachable"):
        printservice.RemotePrinter(remote.address, b"wrong" * 8).pdf("<p>x</p>")
    with pytest.raises(pdf.PrintError, match="not reachable"):
        printservice.RemotePrinter(str(tmp_path / "none.sock"), b"k" * 32, start_s=0).pdf("<p>x</p>")


def descendants(pid: int) -> list[int]:
    # Each thread lists the children it started (Playwright's driver starts Chromium from another thread).
    children = [c for task in Path(f"/proc/{pid}/task").glob("*") for c in (task / "children").read_text().split()]
    return [int(c) for child in children for c in (child, *descendants(int(child)))]


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def fetch_pdf(url: str, tries: int = 5) -> bytes:
    """GET a PDF; a 503 (Chromium still starting on a busy machine) is asked again, as Retry-After says."""
    for _ in range(tries):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code != 503:
                raise
            time.sleep(float(error.headers["Retry-After"]))
    raise AssertionError(f"no PDF after {tries} tries: {url}")


@pytest.mark.pdf
def test_under_gunicorn_one_printing_service_prints_for_every_worker():
    with gunicorn(workers=3) as (base, master, _):
        for paper in ("a4", "letter", "a4"):
            assert fetch_pdf(f"{base}/schedule.pdf?{QUERY}&paper={paper}").startswith(b"%PDF-")
        children = [int(c) for c in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()]
        services = [c for c in children if "webapp.exports.printservice" in command_line(c)]
        assert len(services) == 1
        workers = [c for c in children if c not in services]
        assert len(workers) == 3
        assert any("chromium" in command_line(p) for p in descendants(services[0]))
        assert not any("chromium" in command_line(p) for w in workers for p in [w, *descendants(w)])
        # Chromium (and Playwright's driver, which starts it) gets the CPU only when the web workers leave it idle,
        # so pages win it; the service itself answers the workers at their priority, so a refusal never waits.
        assert os.sched_getscheduler(workers[0]) == os.SCHED_OTHER
        assert os.sched_getscheduler(services[0]) == os.SCHED_OTHER
        printing = descendants(services[0])
        assert len(printing) >= 2
        assert {os.sched_getscheduler(pid) for pid in printing} == {os.SCHED_IDLE}


def ask_at_once(urls: list[str]) -> list[tuple[int | str, dict, bytes]]:
    """GET every address at the same moment; return each (status, headers, body), in order."""
    answers: list = [None] * len(urls)
    start = threading.Barrier(len(urls))

    def ask(number: int) -> None:
        start.wait()
        try:
            with urllib.request.urlopen(urls[number], timeout=60) as response:
                answers[number] = (response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            answers[number] = (error.code, dict(error.headers), error.read())
        except OSError as error:
            answers[number] = (type(error).__name__, {}, b"")

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(len(urls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    return answers


@pytest.mark.pdf
def test_under_gunicorn_identical_pdfs_asked_at_once_are_printed_once():
    # Five workers on this machine's cores: all but one per core may wait for a print (gunicorn.conf.py).
    holding = max(2, 5 - os.cpu_count())
    with gunicorn(workers=5) as (base, _, _):
        fetch_pdf(f"{base}/schedule.pdf?{QUERY}")  # Chromium started
        answers = ask_at_once([f"{base}/schedule.pdf?start=2026-02-02&protocol=cog-sr"] * holding)
    assert [status for status, _, _ in answers] == [200] * holding
    assert len({body for _, _, body in answers}) == 1 and answers[0][2].startswith(b"%PDF-")
    # One of them printed (its page made and printed); the others waited for that print or got its kept PDF.
    # A worker's own page cache answers a repeat without the header (it describes one answer): that is "cache" too.
    phases = [{part.split(";")[0] for part in headers.get("Server-Timing", "cache;dur=0").split(", ")}
              for _, headers, _ in answers]
    assert sum("print" in names for names in phases) == 1
    assert all(names in ({"wait", "render", "print"}, {"wait"}, {"cache"}) for names in phases), phases


def ask_as_a_browser(url: str, patience_s: float = 60) -> list[tuple[int | str, dict, bytes]]:
    """GET `url`, and again after a 503's Refresh seconds as a browser does, until another answer; return them all."""
    answers, began = [], time.monotonic()
    while True:
        answers += ask_at_once([url])
        status, headers, _ = answers[-1]
        wait = float(headers.get("Refresh", "nan"))
        if status != 503 or not wait >= 0 or time.monotonic() - began + wait > patience_s:
            return answers
        time.sleep(wait)


@pytest.mark.pdf
def test_under_gunicorn_a_class_asking_for_the_same_pdf_at_once_gets_it_from_one_print():
    # Issue 13: more pupils than the workers PDFs may hold. Each refused one is told to ask again after one print,
    # and its browser does (Refresh): every pupil ends with the same PDF, printed once, and nothing else is a 5xx.
    pupils = 12
    url = "/schedule.pdf?start=2026-04-06&protocol=cog-sr"
    with gunicorn(workers=5) as (base, _, _):
        fetch_pdf(f"{base}/schedule.pdf?{QUERY}")  # Chromium started
        start = threading.Barrier(pupils)
        tries: list = [None] * pupils

        def pupil(number: int) -> None:
            start.wait()
            tries[number] = ask_as_a_browser(base + url)

        threads = [threading.Thread(target=pupil, args=(n,)) for n in range(pupils)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    last = [answers[-1] for answers in tries]
    assert [status for status, _, _ in last] == [200] * pupils
    assert len({body for _, _, body in last}) == 1 and last[0][2].startswith(b"%PDF-")
    every = [answer for answers in tries for answer in answers]
    refused = {(h["Retry-After"], h["Refresh"]) for s, h, _ in every if s == 503}
    assert {s for s, _, _ in every} <= {200, 503} and refused <= {("2", "2")}, (refused, [s for s, _, _ in every])
    prints = [h for _, h, _ in every if "print;dur=" in h.get("Server-Timing", "")]
    assert len(prints) == 1  # one print; the rest waited for it, or got it kept (the service's or a worker's cache)


@pytest.mark.pdf
def test_under_gunicorn_a_burst_of_different_pdfs_gets_only_pdfs_and_503s_with_retry_after():
    with gunicorn(workers=5) as (base, _, _):
        fetch_pdf(f"{base}/schedule.pdf?{QUERY}")
        answers = ask_at_once([f"{base}/schedule.pdf?start=2026-03-{day:02d}&protocol=cog-hr" for day in range(1, 13)])
        page = urllib.request.urlopen(f"{base}/?{QUERY}", timeout=30).status  # the server still serves pages
    assert {(s, h.get("Retry-After")) for s, h, _ in answers} <= {(200, None), (503, str(pdf.RETRY_AFTER_S))}
    assert all(body.startswith(b"%PDF-") for s, _, body in answers if s == 200)
    assert any(s == 200 for s, _, _ in answers) and page == 200
    refused = [body.decode() for s, _, body in answers if s == 503]
    assert all("Many PDFs are being made just now" in body for body in refused)
    assert {h["Refresh"] for s, h, _ in answers if s == 503} <= {str(pdf.RETRY_AFTER_S)}  # the browser asks again


def slow_service(address: str, key: bytes, pause_s: float) -> Listener:
    """A service on a real socket that takes `pause_s` before each of its two answers (a machine under load)."""
    listener = Listener(address, family="AF_UNIX", authkey=key)

    def answer() -> None:
        with listener.accept() as connection:
            try:
                connection.recv()
                time.sleep(pause_s)
                connection.send(("ready", None))
                connection.recv()
                time.sleep(pause_s)
                connection.send(("pdf", b"%PDF-1.4 late"))
            except (EOFError, OSError):
                pass  # the worker gave up first, as it should

    threading.Thread(target=answer, daemon=True).start()
    return listener


def test_one_budget_covers_every_wait_so_the_worker_answers_before_gunicorn_aborts_it(tmp_path):
    # Two waits of 0.6 s each fit a 1 s budget one by one, not together: the worker gives up and says so.
    address, key = str(tmp_path / "slow.sock"), b"k" * 32
    listener = slow_service(address, key, 0.6)
    began = time.monotonic()
    with pytest.raises(pdf.PrintError, match="did not answer in time"):
        printservice.RemotePrinter(address, key, wait_s=1.0).pdf("<p>x</p>")
    assert time.monotonic() - began < 1.4
    listener.close()
    # The same service within a budget that holds both waits delivers the PDF.
    listener = slow_service(str(tmp_path / "slow2.sock"), key, 0.3)
    assert printservice.RemotePrinter(str(tmp_path / "slow2.sock"), key, wait_s=5.0).pdf("<p>x</p>") == b"%PDF-1.4 late"
    listener.close()


def test_a_worker_whose_identical_print_is_slow_is_told_to_ask_again_before_its_own_budget_ends(tmp_path):
    # The service's waiters give up WAITER_MARGIN_S before the worker's budget (main()), so the worker hears "busy"
    # (its 503 with Refresh) instead of timing out into "could not be made" (issue 13).
    assert 0 < printservice.WAIT_S - printservice.WAITER_MARGIN_S < printservice.WAIT_S - 3
    held = HeldPrinter()
    address, key = str(tmp_path / "printer.sock"), b"k" * 32
    listener = Listener(address, family="AF_UNIX", authkey=key)
    desk = pdf.Desk(held, capacity=1, holding=2, wait_s=0.5)
    threading.Thread(target=printservice.serve, args=(desk, listener), daemon=True).start()
    remote = printservice.RemotePrinter(address, key, wait_s=0.5 + printservice.WAITER_MARGIN_S)
    thread, first = hold_one(lambda: remote.pdf("<p>x</p>", "a4", b"slow"))
    try:
        assert held.started.wait(10)
        with pytest.raises(pdf.PrinterBusy) as busy:
            remote.pdf("<p>x</p>", "a4", b"slow")
        assert busy.value.retry_after == pdf.PRINTING_RETRY_S
    finally:
        held.release.set()
        thread.join(10)
        listener.close()
    assert first["value"] == b"%PDF-1.4 held a4"


def test_the_pdf_budget_leaves_gunicorn_time_to_answer_503_before_its_worker_timeout():
    # gunicorn answers a bare 500 when it aborts a worker past its timeout; the printer's budget must end well before.
    timeout = re.search(r"^timeout = (\d+)$", (Path(__file__).parent.parent / "gunicorn.conf.py").read_text(), re.M)
    assert printservice.WAIT_S + 10 <= int(timeout.group(1)) == 30
