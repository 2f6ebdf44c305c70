"""Production serving under gunicorn (gunicorn.conf.py): configuration, bad data at start-up, and load."""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT
from tests.routes import ROUTES
from tests.server import GUNICORN, free_port, gunicorn

# `make test` sends a bounded count that still covers every address of mix() several times; `make load` sends
# 20,000 (ALL_TIMELINE_LOAD_REQUESTS). The assertions are the same: every request answered as expected.
REQUESTS = int(os.environ.get("ALL_TIMELINE_LOAD_REQUESTS", "2000"))
CONCURRENCY = 64
# Only against a hang: the test counts answers, never speed (throughput belongs in `make bench`, issue 13).
HANG_LIMIT = 1800
# A PDF past the printing capacity is refused at once with 503 and Retry-After: an expected answer under load.
BUSY = 503


@pytest.fixture(scope="module")
def served():
    """One gunicorn with three workers for the tests that only talk to it: each start-up costs seconds."""
    with gunicorn(workers=3) as started:
        yield started


@pytest.mark.server
def test_workers_and_bind_come_from_the_environment(served):
    base, process, _ = served
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")

    def workers() -> list[str]:
        # The master's other child is the one printing service (webapp/exports/printservice.py).
        return [c for c in children.read_text().split()
                if b"printservice" not in Path(f"/proc/{c}/cmdline").read_bytes()]

    deadline = time.monotonic() + 20  # the first worker may answer before the last one is forked
    while len(workers()) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers()) == 3
    assert urlsplit(base).hostname == "127.0.0.1"


@pytest.mark.server
def test_bad_data_stops_gunicorn_naming_row_and_column(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    milestones = data / "milestones.csv"
    lines = milestones.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    row = lines[1].rstrip("\n").split(",")
    row[header.index("kind")] = "party"
    lines[1] = ",".join(row) + "\n"
    milestones.write_text("".join(lines), encoding="utf-8")
    env = {**os.environ, "ALL_TIMELINE_DATA_DIR": str(data), "ALL_TIMELINE_BIND": f"127.0.0.1:{free_port()}",
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([str(GUNICORN), "--config", str(ROOT / "gunicorn.conf.py"), "wsgi:app"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "ALL Timeline cannot start: the data files have problems." in result.stderr
    assert "data/milestones.csv, line 2, column 'kind': 'party'" in result.stderr


def mix(routes: list) -> list[tuple[str, int]]:
    """Return (address, expected status) pairs across the routes: valid dates of many years and some refused ones."""
    rng = random.Random(6)
    urls = []
    for route in routes:
        urls.append((route.url(), 200))
        if "start" in route.params:
            for _ in range(40):
                start = f"{rng.randint(2001, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                protocol = rng.choice(["cog-sr", "general"])
                # The example's delay names a COG phase; the general outline has no interim maintenance. The example's
                # recorded date belongs to its own start date, so another start leaves it out.
                changes = {"delay": "", "started": ""} if protocol == "general" else {"started": ""}
                urls.append((route.url(start=start, protocol=protocol, **changes), 200))
            urls.append((route.url(start="2026-02-30"), 400))
            urls.append((route.url(protocol="nope"), 400))
    return urls


def expected(answer: tuple[int, str], wanted: int, url: str) -> bool:
    """Say whether an answer is the one this address should get (a busy PDF desk is one, with its Retry-After)."""
    status, retry_after = answer
    if url.split("?")[0].endswith(".pdf") and wanted == 200 and status == BUSY:
        return retry_after.isdigit()
    return status == wanted


@pytest.mark.load
def test_requests_at_concurrency_64_all_get_their_expected_answer():
    with gunicorn(workers=None) as (base, _, _):
        host, port = urlsplit(base).hostname, urlsplit(base).port
        routes = []
        for route in ROUTES:
            connection = http.client.HTTPConnection(host, port, timeout=60)
            connection.request("GET", route.url())
            if connection.getresponse().status != 404:
                routes.append(route)
            connection.close()
        urls = mix(routes)
        assert len(urls) <= REQUESTS, f"{REQUESTS} requests would leave some of the {len(urls)} addresses out"
        counter, answered, problems, lock = iter(range(REQUESTS)), [], [], threading.Lock()

        def take() -> int | None:
            with lock:
                return next(counter, None)

        def worker():
            while (number := take()) is not None:
                url, wanted = urls[number % len(urls)]
                try:
                    connection = http.client.HTTPConnection(host, port, timeout=120)
                    connection.request("GET", url, headers={"Accept-Encoding": "gzip"})
                    response = connection.getresponse()
                    response.read()
                    connection.close()
                    answer = (response.status, response.getheader("Retry-After", ""))
                    if not expected(answer, wanted, url):
                        problems.append(f"{response.status} for {url}")
                except OSError as error:
                    problems.append(f"{type(error).__name__} for {url}")
                with lock:
                    answered.append(number)

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(CONCURRENCY)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + HANG_LIMIT
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        assert not any(thread.is_alive() for thread in threads), f"hung: {len(answered)} of {REQUESTS} answered"
        assert len(answered) == REQUESTS
        assert problems[:10] == [] and len(problems) == 0


def test_every_environment_setting_is_documented():
    code = "".join(p.read_text(encoding="utf-8") for p in [ROOT / "gunicorn.conf.py", *(ROOT / "webapp").rglob("*.py")])
    settings = set(re.findall(r"ALL_TIMELINE_[A-Z_]+", code))
    assert {"ALL_TIMELINE_SECRET_KEY", "ALL_TIMELINE_DATA_DIR", "ALL_TIMELINE_WORKERS", "ALL_TIMELINE_BIND"} <= settings
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [s for s in sorted(settings) if f"`{s}`" not in readme] == []


RAW_REQUESTS = [
    b"GET /?start=" + b"9" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",  # request line over gunicorn's limit
    b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(100)) + b"\r\n",  # too many headers
    b"GET /?start=2026-01-05\x00 HTTP/1.1\r\nHost: x\r\n\r\n",  # raw NUL
    b"GET /?start=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",  # raw bytes that are not UTF-8
    b"GET /schedule.json?start=2026-01-05&start=2026-01-05 HTTP/1.0\r\n\r\n",  # HTTP/1.0, no Host
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",  # smuggling shape
    b"GET /\xe2\x80\xae HTTP/1.1\r\nHost: x\r\n\r\n",  # right-to-left override in the path
    b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n",  # unknown method
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",  # unknown protocol version
    b"\r\n\r\n",
]


@pytest.mark.server
def test_hostile_raw_requests_get_4xx_and_the_server_keeps_serving(served):
    import socket

    base, _, _ = served
    address = (urlsplit(base).hostname, urlsplit(base).port)
    for raw in RAW_REQUESTS:
        with socket.create_connection(address, timeout=10) as sock:
            sock.sendall(raw)
            answer = sock.recv(200)
        status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else None
        assert status is not None and 400 <= status < 500, (raw[:60], answer[:60])
    connection = http.client.HTTPConnection(*address, timeout=10)
    connection.request("GET", "/healthz")
    assert connection.getresponse().status == 200
