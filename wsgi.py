"""Production entry point: gunicorn wsgi:app."""

import sys

from webapp import create_app
from webapp.phases import DataError

try:
    app = create_app()
except DataError as error:
    sys.exit("ALL Timeline cannot start: the data files have problems.\n" + "\n".join(error.errors))
