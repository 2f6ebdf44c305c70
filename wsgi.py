"""Production entry point: gunicorn wsgi:app."""

import gc
import sys

from webapp import create_app
from webapp.origin import ConfigError
from webapp.phases import DataError

try:
    app = create_app()
except DataError as error:
    sys.exit("ALL Timeline cannot start: the data files have problems.\n" + "\n".join(error.errors))
except ConfigError as error:
    sys.exit(f"ALL Timeline cannot start: {error}")

# gunicorn loads this module once before forking (preload_app): compile the templates and fill the page
# cache with the teaching view now, so that no worker's first visitor waits for it.
app.test_client().get("/").close()

# Everything loaded so far lives as long as the process: freeze it out of the cyclic collector before the fork
# (issue 13). A full collection then no longer walks it (46 ms here, in every worker) nor writes to its object
# headers, which copied those pages into each worker; after 5 s of unique requests a worker held 1.5 MB less.
gc.collect()
gc.freeze()
