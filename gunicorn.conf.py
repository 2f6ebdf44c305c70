"""gunicorn settings; each can be overridden from the environment or the command line."""

import os

bind = os.environ.get("ALL_TIMELINE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ALL_TIMELINE_WORKERS", "2"))
worker_class = "sync"
# Several servers may run at once (tests, benchmarks): gunicorn 27's control socket would clash.
control_socket_disable = True
accesslog = "-"
# The request line only: no headers, cookies or bodies (nothing a user enters is kept).
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
