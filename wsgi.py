"""Production entry point: gunicorn wsgi:app."""

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
