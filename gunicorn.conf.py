"""gunicorn settings from ALL_TIMELINE_* environment variables, with safe defaults (see README, "Production")."""

import multiprocessing
import os
import secrets

# One secret for every worker, made in the master before it forks them, so a CSRF token made by
# one worker validates on another (the upload form at /custom). Set it to keep it across restarts.
os.environ.setdefault("ALL_TIMELINE_SECRET_KEY", secrets.token_hex(32))
# Loopback by default: put a reverse proxy in front (README) or set ALL_TIMELINE_BIND=0.0.0.0:8000 deliberately.
bind = os.environ.get("ALL_TIMELINE_BIND", "127.0.0.1:8000")
# Sync workers: every request is short and CPU-bound; gunicorn's rule of thumb is 2 x cores + 1.
workers = int(os.environ.get("ALL_TIMELINE_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
worker_class = "sync"
# Load the data and build the static files once, before forking: workers share the memory, a bad data
# file stops the server at once, and the default random secret key is the same in every worker.
preload_app = True
# Several servers may run at once (tests, benchmarks): gunicorn 27's control socket would clash.
control_socket_disable = True
timeout = 30
graceful_timeout = 10
# Refuse oversized request lines and headers before the app sees them. An uploaded protocol travels
# packed in the address (webapp/custom.py, up to 6,000 characters), so the line limit stays at 8190.
limit_request_line = 8190
limit_request_fields = 50
accesslog = "-"
# Method and path only: no query string (it holds dates and uploaded protocols), headers, cookies or
# bodies, so nothing a user enters is kept.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"


def when_ready(server):
    """Start the one printing service every worker shares, before the workers fork (issue 13: not one per worker)."""
    # Other apps served with this config (bench/hello.py, bench/naive.py) have no printer.
    app = server.app.wsgi()
    desk = getattr(app, "extensions", {}).get("all_timeline.printer")
    if desk is not None:
        from webapp import pdf_static_dirs
        from webapp.exports import printservice

        # PDF requests may hold (print, or wait for an identical print) all workers but one per core: the pages
        # keep every core (issue 13), and a class asking for the same PDF waits for one print in the rest.
        holding = max(app.config["PDF_CAPACITY"], server.cfg.workers - multiprocessing.cpu_count())
        app.extensions["all_timeline.printer"] = printservice.start(pdf_static_dirs(app), app.static_url_path,
                                                                    app.config["PDF_CAPACITY"], holding)


def on_exit(server):
    """Stop the printing service with the server."""
    printer = getattr(server.app.wsgi(), "extensions", {}).get("all_timeline.printer")
    if printer is not None:
        printer.close()
