"""gunicorn settings; each can be overridden from the environment or the command line."""

import os
import secrets

# One secret for every worker, made in the master before it forks them, so a CSRF token made by
# one worker validates on another (the upload form at /custom). Set it to keep it across restarts.
os.environ.setdefault("ALL_TIMELINE_SECRET_KEY", secrets.token_hex(32))
bind = os.environ.get("ALL_TIMELINE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ALL_TIMELINE_WORKERS", "2"))
worker_class = "sync"
# Several servers may run at once (tests, benchmarks): gunicorn 27's control socket would clash.
control_socket_disable = True
# An uploaded protocol travels packed in the address (webapp/custom.py, up to 6,000 characters).
limit_request_line = 8190
accesslog = "-"
# Method and path only: no query string (it holds dates and uploaded protocols), headers, cookies or
# bodies, so nothing a user enters is kept.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"


def post_worker_init(worker):
    """Start this worker's Chromium for the PDF export now, so the first PDF does not wait ~1 s for it."""
    worker.wsgi.extensions["all_timeline.printer"].warm()
