"""The site's own links: every page's navigation keeps the current timeline's query, as it keeps `lang`."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, request, url_for

from webapp import i18n
from webapp.forms import option_ids

# A timeline's own parameters (the URL contract); what else an address holds (step, a, b, paper) stays behind.
CARRIED = ("start", "protocol", "branch", "delay", "today", "custom", "guideline")


def carried() -> tuple[str, ...]:
    """Return the parameters a page's links carry: the timeline's own and the patient options the data declares."""
    catalogue = next(iter(current_app.extensions["all_timeline.catalogues"].values()))
    return (*CARRIED, *option_ids(catalogue.protocols))


def timeline_args() -> list[tuple[str, str]]:
    """Return the request's timeline parameters as typed (empty ones left out), then the active language."""
    args = [(name, value) for name in carried() for value in request.args.getlist(name) if value]
    return args + list(i18n.url_args().items())


def site_url(endpoint: str, fragment: str = "") -> str:
    """Return the address of one of the site's pages that brings the current timeline along."""
    query = urlencode(timeline_args())
    return url_for(endpoint) + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
