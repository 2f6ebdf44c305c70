"""Where a burst of PDFs slows the timeline page: the page's p99 alone and during bursts, on one server, side by side.

Run from the repository root: .venv/bin/python -m bench.pdf_burst
One gunicorn (gunicorn.conf.py, its sync workers and one printing service). Three wrk runs of the cached timeline
page: alone, while PDF_BURST different PDFs are asked for at once, and while PDF_BURST identical ones are (a class
of thirty downloading the same timeline). For each burst: the PDFs' answers, their time to answer, the per-phase
timings the server reports in Server-Timing (render, wait for a place, print), and the CPU the printing service
and the web workers used. Numbers depend on what else runs on the machine: the load average is printed with them.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import PDF_BURST, SECONDS, tree_pss, warm, wrk  # noqa: E402
from tests.routes import ROUTES  # noqa: E402
from tests.server import gunicorn  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def different(number: int) -> str:
    """Return the address of the burst's `number`th PDF: a different start date for each (no cache can answer)."""
    return f"/schedule.pdf?start=2027-{number % 12 + 1:02d}-{number % 28 + 1:02d}&protocol=cog-hr"


def identical(_: int) -> str:
    """Return the one address the whole class asks for."""
    return "/schedule.pdf?start=2027-03-09&protocol=cog-hr"


def phases(header: str) -> dict[str, float]:
    """Return the Server-Timing header's durations by name, in ms ('render;dur=8.1, print;dur=900')."""
    timings = {}
    for part in filter(None, (p.strip() for p in header.split(","))):
        name, *params = part.split(";")
        for param in params:
            key, _, value = param.strip().partition("=")
            if key == "dur":
                timings[name.strip()] = float(value)
    return timings


def tree(pid: int) -> list[int]:
    """Return a process and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def cpu_s(pids: list[int]) -> float:
    """Return the CPU seconds (user + system) the processes have used so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def burst(base: str, address, service: int, workers: list[int]) -> dict:
    """Ask for PDF_BURST PDFs at once while wrk asks for the timeline page; return what both saw."""
    answers: Counter = Counter()
    seconds: list[float] = []
    server: dict[str, list[float]] = {}
    lock = threading.Lock()

    def ask(number: int) -> None:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base + address(number), timeout=120) as answer:
                answer.read()
                status, headers = answer.status, answer.headers
        except urllib.error.HTTPError as error:
            status, headers = error.code, error.headers
            if status == 503 and not headers.get("Retry-After"):
                status = "503 without Retry-After"
        except OSError as error:
            status, headers = type(error).__name__, {}
        with lock:
            answers[status] += 1
            seconds.append(time.monotonic() - started)
            for name, ms in phases(headers.get("Server-Timing", "")).items():
                server.setdefault(name, []).append(ms)

    service_cpu, worker_cpu = cpu_s(tree(service)), cpu_s(workers)
    threads = [threading.Thread(target=ask, args=(n,)) for n in range(PDF_BURST)]
    for thread in threads:
        thread.start()
    page = wrk(base + ROUTES[0].url(), seconds=SECONDS)
    for thread in threads:
        thread.join(120)
    return {"page": page, "answers": dict(answers), "answer_s": seconds, "phases": server,
            "service_cpu_s": cpu_s(tree(service)) - service_cpu, "worker_cpu_s": cpu_s(workers) - worker_cpu,
            "service_mb": tree_pss(service)}


def children(master: int) -> tuple[int, list[int]]:
    """Return the printing service's pid and the web workers' pids."""
    pids = [int(c) for c in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    service = [p for p in pids if b"printservice" in Path(f"/proc/{p}/cmdline").read_bytes()]
    return service[0], [p for p in pids if p not in service]


def spread(values: list[float]) -> str:
    """Return the median and the largest of some durations."""
    return f"median {statistics.median(values):7.0f}  max {max(values):7.0f}" if values else "none"


def measure() -> dict:
    """Run the three wrk runs on one server and return their numbers."""
    with gunicorn(workers=None) as (base, process, _):
        warm(base + ROUTES[0].url())
        warm(base + "/schedule.pdf?start=2027-12-31&protocol=cog-hr", 1)  # Chromium started, one PDF printed
        results = {"alone": {"page": wrk(base + ROUTES[0].url(), seconds=SECONDS), "load": os.getloadavg()}}
        # Only now: gunicorn answers once its first worker is up, while the master may still be forking the rest.
        service, workers = children(process.pid)
        for name, address in (("different", different), ("identical", identical)):
            load = os.getloadavg()
            results[name] = burst(base, address, service, workers) | {"load": load}
            time.sleep(2)  # the burst's last prints finish before the next run
    return results


def report(results: dict) -> None:
    """Print the page's p99 alone and in each burst, the ratio, and where the PDFs' time went."""
    alone = results["alone"]["page"]["p99"]
    print(f"timeline page p99 alone: {alone:.1f} ms (load average {results['alone']['load'][0]:.2f})")
    for name in ("different", "identical"):
        run = results[name]
        page = run["page"]
        print(f"\n{PDF_BURST} {name} PDFs at once (load average {run['load'][0]:.2f}):")
        print(f"  timeline page p99 {page['p99']:.1f} ms = {page['p99'] / alone:.1f}x alone; "
              f"{page['rps']:.0f} requests/s, {page['errors']} errors")
        print(f"  answers {run['answers']}")
        print(f"  time to answer, ms: {spread([s * 1000 for s in run['answer_s']])}")
        for phase, values in sorted(run["phases"].items()):
            print(f"  server {phase + ',':<8} ms: {spread(values)}  ({len(values)} answers)")
        print(f"  CPU: printing service {run['service_cpu_s']:.1f} s, web workers {run['worker_cpu_s']:.1f} s "
              f"(wrk and the PDFs together, {SECONDS} s on {os.cpu_count()} cores)")
        print(f"  printing service + Chromium: {run['service_mb']:.0f} MB PSS")


if __name__ == "__main__":
    report(measure())
