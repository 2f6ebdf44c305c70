"""Print how long /schedule.pdf takes, cold (Chromium starting) and warm, and the PDFs' sizes and pages.

Run from the repository root: .venv/bin/python -m bench.pdf_time
"""

import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from webapp import create_app

QUERIES = {
    "cog-sr, A4": "start=2026-01-05&protocol=cog-sr",
    "cog-sr, Letter": "start=2026-01-05&protocol=cog-sr&paper=letter",
    "general, teaching view": "protocol=general",
}


def pages(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(data)
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True, check=True).stdout
    return re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)


def main() -> None:
    app = create_app()
    client = app.test_client()
    try:
        started = time.perf_counter()
        client.get("/schedule.pdf?" + QUERIES["cog-sr, A4"])
        print(f"first PDF, Chromium not started: {time.perf_counter() - started:.2f} s")
        for name, query in QUERIES.items():
            times = []
            for _ in range(5):
                started = time.perf_counter()
                response = client.get("/schedule.pdf?" + query)
                times.append(time.perf_counter() - started)
            print(f"{name}: median {statistics.median(times):.2f} s, max {max(times):.2f} s, "
                  f"{len(response.data) / 1024:.0f} KB, {pages(response.data)} pages")
    finally:
        app.extensions["all_timeline.printer"].close()
    # What gunicorn's post_worker_init hook does: start Chromium before the first request.
    app = create_app()
    try:
        app.extensions["all_timeline.printer"].warm()
        time.sleep(3)
        started = time.perf_counter()
        app.test_client().get("/schedule.pdf?" + QUERIES["cog-sr, A4"])
        print(f"first PDF after warm(): {time.perf_counter() - started:.2f} s")
    finally:
        app.extensions["all_timeline.printer"].close()


if __name__ == "__main__":
    main()
