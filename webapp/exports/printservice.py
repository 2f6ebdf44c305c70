"""One printing service shared by every web worker: one Chromium, one bounded desk, on a private Unix socket.

Under gunicorn every sync worker would otherwise keep its own Chromium and print on its own, so a burst of
PDF requests took every worker and every core (issue 13). The master starts this service once; the workers
send it the print view's HTML and get the PDF back, or at once a "busy" answer past the desk's capacity.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path

from webapp.exports import pdf

# A worker waits at most this long for its PDF, all waits together (the socket at start-up, a place, the PDF):
# well under gunicorn's 30 s worker timeout, which would abort the request with a bare 500 on a loaded machine
# (seen in a full test run at load 30: two 25 s waits in a row), leaving time to render the page and answer 503.
WAIT_S = 20
WAITER_MARGIN_S = 5  # the service answers a waiter this long before the worker's budget ends (connecting, rendering)
START_S = 10  # how long a PDF request right after start-up waits for the service's socket (within WAIT_S)
# Printing yields the CPU to the web workers (issue 13: a burst of PDFs must not slow the pages): a page is a few
# milliseconds that a family waits on, a PDF takes a second either way. The idle scheduling class is inherited by
# Chromium's processes and, unlike a nice value, is not undone when Chromium sets its processes' priorities.
SCHEDULING = os.SCHED_IDLE


def serve(desk: pdf.Desk, listener: Listener) -> None:
    """Answer each connection on a thread of its own until the listener closes.

    A worker first asks for its PDF by key ("hold", paper, key): a kept or identical PDF comes back without the
    page, a refusal at once; only a worker that is to print is told "ready" and then sends the page, so a refused
    or coalesced request costs it no rendering (a burst of PDFs would otherwise take the CPU the pages need).
    Answers are ("ready" | "pdf" | "busy" | "error", value).
    """

    def answer(connection: Connection) -> None:
        with connection:
            try:
                _, paper, key = connection.recv()

                def page() -> str:
                    connection.send(("ready", None))
                    if not connection.poll(WAIT_S):
                        raise pdf.PrintError("the worker sent no page")
                    return connection.recv()

                reply = ("pdf", desk.pdf(page, paper, key))
            except pdf.PrinterBusy as busy:
                reply = ("busy", busy.retry_after)
            except pdf.PrintError as error:
                reply = ("error", str(error))
            except (EOFError, OSError):
                return  # the worker went away (its request timed out); nothing to tell it
            # A worker that waited for an identical print may have given up by now (its own budget).
            with contextlib.suppress(OSError):
                connection.send(reply)

    address = listener.address  # a closed Listener no longer has one
    while True:
        try:
            connection = listener.accept()
        except (AuthenticationError, EOFError, OSError):
            # A stranger, or a worker that went away during the handshake (gunicorn killed it at its timeout): wait
            # for the next one. Only a closed listener (its socket file is removed with it) ends the service;
            # before, one broken handshake ended it and every later PDF request hung until a restart (review).
            if not os.path.exists(address):
                return
            time.sleep(0.01)
            continue
        threading.Thread(target=answer, args=(connection,), daemon=True).start()


class RemotePrinter:
    """What a web worker holds: the printing service's address; the same pdf() as a Desk."""

    def __init__(self, address: str, key: bytes, process: subprocess.Popen | None = None,
                 start_s: float = START_S, wait_s: float = WAIT_S) -> None:
        self.address, self.key, self.process, self.start_s, self.wait_s = address, key, process, start_s, wait_s

    def pdf(self, html: str | Callable[[], str], paper: str = "a4", key: bytes | None = None,
            timings: dict[str, float] | None = None) -> bytes:
        """Return the PDF from the service, as Desk.pdf does (a function for `html` is called only when this request
        is to print); raise PrinterBusy past its bounds, PrintError when it cannot print."""
        timings = {} if timings is None else timings
        began = time.monotonic()
        deadline = began + self.wait_s  # one budget for the whole exchange
        if key is None:
            html = html() if callable(html) else html
            key = hashlib.sha256(html.encode()).digest()
        # The service may still be starting (its socket not there yet): the first PDFs after start-up wait for it.
        socket_deadline = min(deadline, time.monotonic() + self.start_s)
        while not os.path.exists(self.address) and time.monotonic() < socket_deadline:
            time.sleep(0.05)
        try:
            with Client(self.address, family="AF_UNIX", authkey=self.key) as connection:
                connection.send(("hold", paper, key))
                kind, value = self._answer(connection, deadline)
                timings["wait"] = (time.monotonic() - began) * 1000
                if kind == "ready":
                    made = time.monotonic()
                    connection.send(html() if callable(html) else html)
                    sent = time.monotonic()
                    timings["render"] = (sent - made) * 1000
                    kind, value = self._answer(connection, deadline)
                    timings["print"] = (time.monotonic() - sent) * 1000
        except (OSError, EOFError, AuthenticationError) as error:
            raise pdf.PrintError(f"the printing service is not reachable: {type(error).__name__}") from error
        if kind == "busy":
            raise pdf.PrinterBusy(value)
        if kind == "error":
            raise pdf.PrintError(value)
        return value

    @staticmethod
    def _answer(connection: Connection, deadline: float) -> tuple[str, object]:
        """Return the service's next answer, or raise PrintError when it does not come before the deadline."""
        if not connection.poll(max(0.0, deadline - time.monotonic())):
            raise pdf.PrintError("the printing service did not answer in time")
        return connection.recv()

    def warm(self) -> None:
        """Nothing to do: the service starts its Chromium when it starts."""

    def close(self) -> None:
        """Stop the service process, if this object started it."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            shutil.rmtree(Path(self.address).parent, ignore_errors=True)


def start(static_dirs: list[Path], static_url: str, capacity: int, holding: int | None = None) -> RemotePrinter:
    """Start the service process (from gunicorn's master) and return the printer the workers share."""
    address = str(Path(tempfile.mkdtemp(prefix="all-timeline-print-")) / "printer.sock")
    key = secrets.token_bytes(32)
    command = [sys.executable, "-m", "webapp.exports.printservice", address, static_url, str(capacity),
               str(holding or capacity), *map(str, static_dirs)]
    # The socket's secret goes through a pipe, not the command line or the environment, which others may read.
    process = subprocess.Popen(command, stdin=subprocess.PIPE)
    process.stdin.write(key.hex().encode() + b"\n")
    process.stdin.close()
    return RemotePrinter(address, key, process)


def main(argv: list[str]) -> None:
    """Run the service: listen on the socket, print with one warm Chromium, stop when the parent goes away."""
    address, static_url, capacity, holding, *static_dirs = argv
    parent = os.getppid()
    # Only the printer thread, and the Chromium it starts, yield the CPU: the threads that answer the workers keep
    # the normal class, or a refusal would wait for an idle core while the pages keep both busy (issue 13: 870 ms).
    printer = pdf.Printer([Path(d) for d in static_dirs], static_url, scheduling=SCHEDULING)
    # A request waiting for an identical print is told "busy, ask again" before its worker's own budget ends, so it
    # gets the 503 whose Refresh asks again, not the worker's "did not answer in time" (issue 13).
    desk = pdf.Desk(printer, int(capacity), holding=int(holding), wait_s=WAIT_S - WAITER_MARGIN_S)
    listener = Listener(address, family="AF_UNIX", authkey=bytes.fromhex(sys.stdin.readline().strip()))
    threading.Thread(target=serve, args=(desk, listener), daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    desk.warm()
    try:
        # gunicorn's master stops the service on exit; if the master dies without that, the service follows it.
        while os.getppid() == parent:
            time.sleep(1)
    finally:
        listener.close()
        printer.close()


if __name__ == "__main__":
    main(sys.argv[1:])
