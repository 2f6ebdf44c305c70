"""Where a start of the app goes: imports, create_app's parts and the first request, each in a fresh process.

    .venv/bin/python bench/startup.py [RUNS] [--fresh] [--gunicorn]

Prints the median wall and CPU milliseconds of each step over RUNS fresh processes (default 5) and, with
--gunicorn, `make bench`'s own cold start (gunicorn.conf.py to the first 200, tests/server.py). What earlier starts
kept (build/data, build/templates) and the compiled catalogues (`make translations`) are used when present, as on a
real start; --fresh turns the first two off, as on a fresh clone's first start.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in the child: time each step, wrapping create_app's parts where it calls them (module attributes).
CHILD = r"""
import json, sys, time
steps = []
def timed(label, run):
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    steps.append((label, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
    return result
def wrap(module, name, label):
    original = getattr(module, name)
    def measured(*args, **kwargs):
        return timed(label, lambda: original(*args, **kwargs))
    setattr(module, name, measured)
webapp = timed("import webapp", lambda: __import__("webapp"))
timed("import flask (create_app imports it)", lambda: __import__("flask"))
timed("import webapp.views (create_app imports it)", lambda: __import__("webapp.views"))
from webapp import datacache, i18n
wrap(datacache, "key", "  datacache.key (hash of code and data)")
wrap(datacache, "load", "  datacache.load (data kept from a start)")
wrap(webapp, "load_data", "  load_data (CSV, validation, languages)")
wrap(i18n, "translations", "  i18n.translations (catalogues)")
app = timed("create_app", webapp.create_app)
client = app.test_client()
timed("first request / (templates)", lambda: client.get("/").close())
timed("first /healthz", lambda: client.get("/healthz").close())
steps.append(("pandas imported (1 = yes)", float("pandas" in sys.modules), float("pandas" in sys.modules)))
print(json.dumps(steps))
"""


def child_steps(env: dict[str, str]) -> tuple[list[tuple[str, float, float]], float]:
    """Run one fresh process; return its steps and its whole wall time in ms (interpreter start included)."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1]), (time.perf_counter() - started) * 1000


def summed(steps: list[tuple[str, float, float]]) -> dict[str, tuple[float, float]]:
    """Add up repeated steps (a wrapped part runs once per language)."""
    totals: dict[str, tuple[float, float]] = {}
    for label, wall, cpu in steps:
        old = totals.get(label, (0.0, 0.0))
        totals[label] = (old[0] + wall, old[1] + cpu)
    return totals


def main(argv: list[str]) -> int:
    """Print the median of each step over fresh processes, and optionally gunicorn's cold start."""
    runs = int(next((a for a in argv if a.isdigit()), "5"))
    env = {"ALL_TIMELINE_DATA_CACHE_DIR": "", "ALL_TIMELINE_TEMPLATE_CACHE_DIR": ""} if "--fresh" in argv else {}
    results, totals = [], []
    for _ in range(runs):
        steps, total = child_steps(env)
        results.append(summed(steps))
        totals.append(total)
    print(f"Start-up of the app, median of {runs} fresh processes (load average {os.getloadavg()[0]:.1f}):")
    print(f"{'step':<46}{'wall ms':>9}{'CPU ms':>9}")
    for label in dict.fromkeys(label for r in results for label in r):
        wall = statistics.median(r.get(label, (0.0, 0.0))[0] for r in results)
        cpu = statistics.median(r.get(label, (0.0, 0.0))[1] for r in results)
        print(f"{label:<46}{wall:>9.0f}{cpu:>9.0f}")
    print(f"{'whole process (interpreter start to exit)':<46}{statistics.median(totals):>9.0f}")
    if "--gunicorn" in argv:
        sys.path.insert(0, str(ROOT))
        from tests.server import gunicorn

        starts = []
        for _ in range(runs):
            with gunicorn(workers=None, env=env) as (_, _, seconds):
                starts.append(seconds * 1000)
        print(f"{'gunicorn cold start to first 200 (make bench)':<46}{statistics.median(starts):>9.0f}"
              f"   runs {', '.join(f'{s:.0f}' for s in starts)}; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
