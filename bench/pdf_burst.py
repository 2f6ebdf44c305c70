"""Where a burst of PDFs slows the timeline page: the page's p99 alone and during bursts, on one server, side by side.

Run from the repository root: .venv/bin/python -m bench.pdf_burst
One gunicorn (gunicorn.conf.py, its sync workers and one printing service). Three wrk runs of the cached timeline
page: alone, while PDF_BURST different PDFs are asked for at once, and while PDF_BURST identical ones are (a class
of thirty downloading the same timeline). The class's clients do what their browsers do with a busy printer's 503:
follow its Refresh header (ask for the same address again after that many seconds) until they get their PDF or
CLASS_PATIENCE_S has passed; the different burst's clients ask once. For each burst: every answer, how many got
their PDF, how long the last one took, the per-phase timings the server reports in Server-Timing (render, wait for
a place, print), and the CPU the printing service and the web workers used. Numbers depend on what else runs on
the machine: the load average is printed with them.
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
CLASS_PATIENCE_S = 60  # a pupil whose page keeps asking again gives up (closes the tab) after this long


def get(url: str) -> tuple[int | str, dict]:
    """GET `url` and read the body; return the status (or the connection error's name) and the headers."""
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:
            answer.read()
            return answer.status, answer.headers
    except urllib.error.HTTPError as error:
        error.read()
        if error.code == 503 and not error.headers.get("Retry-After"):
            return "503 without Retry-After", error.headers
        return error.code, error.headers
    except OSError as error:
        return type(error).__name__, {}


def refresh_s(headers) -> float | None:
    """Return the seconds a Refresh header ('2' or '2; url=...') tells a browser to wait, or None without one."""
    value = (headers.get("Refresh") or "").split(";")[0].strip()
    return float(value) if value.replace(".", "", 1).isdigit() else None


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


def burst(base: str, address, service: int, workers: list[int], follow: bool = False) -> dict:
    """Ask for PDF_BURST PDFs at once while wrk asks for the timeline page; return what both saw.

    With `follow` each client asks again as its browser would when a 503 carries Refresh (a class of thirty).
    """
    answers: Counter = Counter()  # every answer, retries included
    final: Counter = Counter()  # each client's last answer
    seconds: list[float] = []  # each client's time to its last answer
    tries: list[int] = []
    server: dict[str, list[float]] = {}
    lock = threading.Lock()

    def ask(number: int) -> None:
        started, asked = time.monotonic(), 0
        while True:
            status, headers = get(base + address(number))
            asked += 1
            with lock:
                answers[status] += 1
                for name, ms in phases(headers.get("Server-Timing", "")).items():
                    server.setdefault(name, []).append(ms)
            wait = refresh_s(headers) if follow and status == 503 else None
            if wait is None or time.monotonic() + wait - started > CLASS_PATIENCE_S:
                break
            time.sleep(wait)
        with lock:
            final[status] += 1
            seconds.append(time.monotonic() - started)
            tries.append(asked)

    service_cpu, worker_cpu = cpu_s(tree(service)), cpu_s(workers)
    threads = [threading.Thread(target=ask, args=(n,)) for n in range(PDF_BURST)]
    for thread in threads:
        thread.start()
    page = wrk(base + ROUTES[0].url(), seconds=SECONDS)
    for thread in threads:
        thread.join(CLASS_PATIENCE_S + 120)
    return {"page": page, "answers": dict(answers), "final": dict(final), "got": final[200], "answer_s": seconds,
            "last_s": max(seconds, default=float("nan")), "tries": tries, "phases": server,
            "service_cpu_s": cpu_s(tree(service)) - service_cpu, "worker_cpu_s": cpu_s(workers) - worker_cpu,
            "service_mb": tree_pss(service)}


# (name, address of the nth PDF, whether its clients follow Refresh as browsers do)
BURSTS = (("different", different, False), ("identical", identical, True))


def children(master: int) -> tuple[int, list[int]]:
    """Return the printing service's pid and the web workers' pids."""
    pids = [int(c) for c in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    service = [p for p in pids if b"printservice" in Path(f"/proc/{p}/cmdline").read_bytes()]
    return service[0], [p for p in pids if p not in service]


def spread(values: list[float], form: str = "7.0f") -> str:
    """Return the median and the largest of some numbers."""
    return f"median {statistics.median(values):{form}}  max {max(values):{form}}" if values else "none"


def measure() -> dict:
    """Run the three wrk runs on one server and return their numbers."""
    with gunicorn(workers=None) as (base, process, _):
        warm(base + ROUTES[0].url())
        warm(base + "/schedule.pdf?start=2027-12-31&protocol=cog-hr", 1)  # Chromium started, one PDF printed
        results = {"alone": {"page": wrk(base + ROUTES[0].url(), seconds=SECONDS), "load": os.getloadavg()}}
        # Only now: gunicorn answers once its first worker is up, while the master may still be forking the rest.
        service, workers = children(process.pid)
        for name, address, follow in BURSTS:
            load = os.getloadavg()
            results[name] = burst(base, address, service, workers, follow) | {"load": load}
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
        print(f"  answers {run['answers']}" + (" (every try)" if max(run["tries"], default=1) > 1 else ""))
        print(f"  got their PDF: {run['got']} of {PDF_BURST}; the last answer after {run['last_s']:.1f} s; "
              f"tries each: {spread(run['tries'], '.0f')}")
        print(f"  time to the last answer, ms: {spread([s * 1000 for s in run['answer_s']])}")
        for phase, values in sorted(run["phases"].items()):
            print(f"  server {phase + ',':<8} ms: {spread(values)}  ({len(values)} answers)")
        print(f"  CPU: printing service {run['service_cpu_s']:.1f} s, web workers {run['worker_cpu_s']:.1f} s "
              f"(wrk and the PDFs together, {SECONDS} s on {os.cpu_count()} cores)")
        print(f"  printing service + Chromium: {run['service_mb']:.0f} MB PSS")


if __name__ == "__main__":
    report(measure())
