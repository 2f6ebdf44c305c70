"""Thin routes, the only package that knows HTTP: parse the query, build the schedule, render it."""

# Importing the route modules registers their views on the blueprint.
from webapp.views import downloads, pages, takehome, teaching, upload  # noqa: F401
from webapp.views.common import bp

__all__ = ["bp"]
