"""Profile unique-address requests in-process (issue 13): CPU ms per request and where it goes, per route.

Like bench/unique.lua: every request has its own start date (over five years from 2022-01-01) and a random
protocol, so the page cache does not answer. No server: the Flask test client, gzip accepted as browsers do.
Usage: .venv/bin/python bench/profile_routes.py [N requests per route] [route ...] (routes: / /schedule.json /print)
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from webapp import create_app  # noqa: E402

# The same protocols and dates as bench/unique.lua.
PROTOCOLS = ("cog-sr", "cog-hr", "t-all", "calgb-10403", "hyper-cvad", "ph-positive-adult", "general")
BASE = date(2022, 1, 1)
ROUTES = ("/", "/schedule.json", "/print")
TOP = int(os.environ.get("PROFILE_TOP", "25"))
# A running server has kept its fragments and sections: warm with this many other unique addresses first.
WARM = int(os.environ.get("PROFILE_WARM", "300"))


def addresses(path: str, count: int, seed: int) -> list[str]:
    """Return `count` addresses of `path`, each with a random start date over five years and a random protocol."""
    pick = random.Random(seed)
    return [f"{path}?start={BASE + timedelta(days=pick.randint(0, 1825))}&protocol={pick.choice(PROTOCOLS)}"
            for _ in range(count)]


def run(client, urls: list[str]) -> float:
    """Ask for every address once; return CPU ms per request (process time)."""
    started = time.process_time()
    for url in urls:
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, (url, response.status_code)
    return (time.process_time() - started) * 1000 / len(urls)


def main() -> None:
    """Warm each route, time N unique requests, then profile N more and print the top cumulative functions."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    routes = sys.argv[2:] or ROUTES
    app = create_app({"PAGE_CACHE_SIZE": 0})  # nothing repeats anyway; this keeps memory flat
    client = app.test_client()
    for path in routes:
        if WARM:  # fill the fragment memos, as a running server has them
            run(client, addresses(path, WARM, seed=1))
        timed = run(client, addresses(path, count, seed=2))
        profile = cProfile.Profile()
        profile.enable()
        run(client, addresses(path, count, seed=3))
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        calls = stats.total_calls / count
        stats.sort_stats("cumulative").print_stats(TOP)
        print(f"== {path}: {timed:.2f} CPU ms/request over {count} unique addresses; {calls:,.0f} calls/request")
        print("\n".join(out.getvalue().splitlines()[6:]))


if __name__ == "__main__":
    main()
