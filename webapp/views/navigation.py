"""The site's own links: every page's navigation keeps the current timeline's query, as it keeps `lang`."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, g, request, url_for

from webapp import fragments, i18n
from webapp.forms import option_ids

# A timeline's own parameters (the URL contract); what else an address holds (step, a, b, paper) stays behind.
CARRIED = ("start", "protocol", "branch", "delay", "today", "custom", "guideline")


def carried() -> tuple[str, ...]:
    """Return the parameters a page's links carry: the timeline's own and the patient options the data declares."""
    catalogue = next(iter(current_app.extensions["all_timeline.catalogues"].values()))
    return (*CARRIED, *option_ids(catalogue.protocols))


def timeline_args() -> list[tuple[str, str]]:
    """Return the request's timeline parameters as typed (empty ones left out), then the active language."""
    given = dict(request.args.lists())  # the few names given, read once: a getlist per name a timeline carries
    args = [(name, value) for name in carried() if name in given for value in given[name] if value]
    return args + list(i18n.url_args().items())


def page_url(endpoint: str, query: str = "", fragment: str = "") -> str:
    """Return the address of a page with a query that already holds `lang` (a timeline's own query)."""
    # lang='' keeps the url_defaults hook from adding the language a second time.
    return url_for(endpoint, lang="") + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


def compare_url(timeline, left: dict, right: dict) -> str:
    """Return the address of this timeline with `left` changes beside it with `right` changes (the compare page)."""
    # Each side's query leaves out the language: the url_defaults hook adds the page's own to the whole address.
    return url_for("timeline.compare", a=timeline.query(**left, lang=""), b=timeline.query(**right, lang=""))


def query_string() -> str:
    """Return the query that the site's links carry: the timeline's parameters and the language (once a request)."""
    if "site_query" not in g:
        g.site_query = urlencode(timeline_args())
    return g.site_query


def site_url(endpoint: str, fragment: str = "") -> str:
    """Return the address of one of the site's pages that brings the current timeline along."""
    if fragments.rendering():  # a fragment is kept for every timeline: the query is filled in per request
        return url_for(endpoint, lang="") + fragments.QUERY + (f"#{fragment}" if fragment else "")
    return page_url(endpoint, query_string(), fragment)
