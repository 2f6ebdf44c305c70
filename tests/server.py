"""Run the app under gunicorn with the repo's gunicorn.conf.py on a free 127.0.0.1 port (load tests, benchmark)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, deadline: float, process: subprocess.Popen | None = None) -> float:
    """Poll `url` until it answers 200; return the time it first did."""
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return time.monotonic()
        except OSError:
            time.sleep(0.01)
    raise TimeoutError(f"{url} did not answer 200 in time")


@contextlib.contextmanager
def gunicorn(app: str = "wsgi:app", workers: int | None = 2, env: dict | None = None, log=subprocess.DEVNULL,
             timeout: float = 30):
    """Start gunicorn with the repo's config; yield (base URL, process, seconds from start to first 200)."""
    port = free_port()
    environment = {**os.environ, "ALL_TIMELINE_BIND": f"127.0.0.1:{port}", "PYTHONPATH": str(ROOT), **(env or {})}
    if workers is not None:
        environment["ALL_TIMELINE_WORKERS"] = str(workers)
    started = time.monotonic()
    process = subprocess.Popen([str(GUNICORN), "--config", str(ROOT / "gunicorn.conf.py"), app], cwd=ROOT,
                               env=environment, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        up = wait_until_up(base + "/healthz" if app == "wsgi:app" else base + "/", started + timeout, process)
        yield base, process, up - started
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
