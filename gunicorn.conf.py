"""gunicorn settings from ALL_TIMELINE_* environment variables, with safe defaults (see README, "Production")."""

import multiprocessing
import os

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
# Refuse oversized request lines and headers before the app sees them.
limit_request_line = 4094
limit_request_fields = 50
accesslog = "-"
# The request line only: no headers, cookies or bodies (nothing a user enters is kept).
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
