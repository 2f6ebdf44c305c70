"""Memoise whole GET responses (every page is a pure function of its address, the date and the data); ETags, 304."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from flask import Request, Response, current_app, request
from isal import igzip
from werkzeug.http import parse_accept_header

from webapp import origin

EXTENSION = "all_timeline.page_cache"
MIN_COMPRESS = 1024  # smaller bodies gain less than gzip's own header costs
# Most pages are asked for once (every family has its own start date), so each is gzipped once per request: ISA-L's
# level 2 (of 0-3) made 50 timeline pages of 81 KB 22.1 KB each in 0.14 ms, zlib's level 3 21.7 KB in 0.79 ms, and
# deflating their kept parts once (zlib) and the rest per request 23.8 KB in 0.57 ms (issue 13); /print alike.
GZIP_LEVEL = 2
MAX_BODY = 2 * 1024 * 1024  # larger responses are not kept, so the cache's memory stays bounded
COMPRESSIBLE = ("text/", "application/json", "application/xml", "image/svg+xml")
# Browsers send a handful of Accept-Encoding values: parsing one was 5.7 us of every answer (issue 13), so what each
# says of gzip is remembered. Bounded: 256 values of at most 256 characters (about 100 KB); others are parsed.
MAX_ACCEPTS = 256
_accepts: dict[str, bool] = {}


@dataclass
class Page:
    """A rendered response, kept as bytes; the gzip copy and each copy's tag are made on first request for them."""

    body: bytes
    status: int
    headers: list[tuple[str, str]]
    mimetype: str
    gzipped: bytes | None = field(default=None)
    tags: dict[bool, str] = field(default_factory=dict)  # gzipped or not: that copy's entity tag

    def compressible(self) -> bool:
        return len(self.body) >= MIN_COMPRESS and self.mimetype.startswith(COMPRESSIBLE)

    def tag(self, gzipped: bool) -> str:
        """Return the entity tag of the plain or the gzip copy: a hash of that copy's own bytes.

        Each encoding has its own tag (RFC 9110), and the gzip copy's ends in -gzip. It hashes the gzip bytes, a
        quarter of the page's: hashing the page was 50 us of every unique timeline page, its gzip copy 14 (issue 13).
        """
        found = self.tags.get(gzipped)
        if found is None:
            found = hashlib.sha256(self.gzipped if gzipped else self.body).hexdigest()[:24]
            found = self.tags[gzipped] = f"{found}-gzip" if gzipped else found
        return found


class PageCache:
    """A bounded least-recently-used map from request key to Page; safe for threaded servers."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pages: OrderedDict[tuple, Page] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> Page | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: Page) -> None:
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


def _capture(response: Response) -> Page | None:
    """Turn a finished response into a Page, or None when it must not be kept."""
    if response.status_code >= 500 or response.is_streamed or response.direct_passthrough:
        return None
    body = response.get_data()
    if len(body) > MAX_BODY:
        return None
    headers = []
    for name, value in response.headers.items():  # one pass: werkzeug's `in` raises a KeyError for a missing header
        if name.lower() == "set-cookie":
            return None
        # Server-Timing describes this one answer (a PDF's print): replayed from the cache it would claim a print.
        if name not in ("Content-Length", "Content-Type", "Server-Timing"):
            headers.append((name, value))
    return Page(body, response.status_code, headers, response.content_type)


def accepts_gzip(value: str | None) -> bool:
    """Say whether an Accept-Encoding value accepts gzip, as werkzeug's request.accept_encodings reads it."""
    found = _accepts.get(value) if value is not None else None
    if found is None:
        found = bool(parse_accept_header(value)["gzip"])
        if value is not None and len(value) <= 256:
            if len(_accepts) >= MAX_ACCEPTS:  # odd values filled it: start again, the browsers' own come back (review)
                _accepts.clear()
            _accepts[value] = found
    return found


def _respond(page: Page, asked: Request) -> Response:
    """Build a fresh response from a kept page, gzipped when the client accepts it; 304 when the client has it."""
    body, headers, gzipped = page.body, list(page.headers), False
    if page.compressible():
        headers.append(("Vary", "Accept-Encoding"))
        if accepts_gzip(asked.headers.get("Accept-Encoding")):
            if page.gzipped is None:
                page.gzipped = igzip.compress(page.body, GZIP_LEVEL, mtime=0)
            body, gzipped = page.gzipped, True
            headers.append(("Content-Encoding", "gzip"))
    if page.status != 200:
        return Response(body, status=page.status, headers=headers, content_type=page.mimetype)
    # The tag changes with the body, and the body with the date (part of the key): no stale 304 after midnight.
    etag = page.tag(gzipped)
    headers.append(("ETag", f'"{etag}"'))
    if asked.headers.get("If-None-Match") is not None and asked.if_none_match.contains_weak(etag):
        return Response(status=304, headers=[(k, v) for k, v in headers if k in ("ETag", "Vary")])
    return Response(body, status=page.status, headers=headers, content_type=page.mimetype)


# Only for views whose answer depends on nothing but the address, the date and the loaded data:
# never for a page that uses the session or carries a CSRF token (one visitor's token would be shared).
def memoised(view):
    """Serve a GET view from the page cache, keyed by address, origin (webapp/origin.py) and the default `today`."""

    @functools.wraps(view)
    def wrapper(**kwargs):
        # The request and app objects themselves, not their proxies: each proxy use costs a context look-up.
        app, asked = current_app._get_current_object(), request._get_current_object()
        cache: PageCache | None = app.extensions.get(EXTENSION)
        if asked.method not in ("GET", "HEAD"):
            return view(**kwargs)
        key = (asked.endpoint, origin.cache_key(), asked.script_root, asked.query_string,
               tuple(sorted(kwargs.items())), date.today())
        page = cache.get(key) if cache is not None else None
        if page is None:
            answer = view(**kwargs)
            response = app.make_response(answer)
            page = _capture(response)
            if page is None:
                return response
            if cache is not None:
                cache.put(key, page)
            fresh = _respond(page, asked)
            timings = response.headers.getlist("Server-Timing")
            if timings:  # this answer's own timings, never kept (see _capture)
                fresh.headers["Server-Timing"] = timings[0]
            return fresh
        return _respond(page, asked)

    return wrapper


def install(app) -> None:
    """Give the app its page cache (PAGE_CACHE_SIZE pages; 0 turns caching off)."""
    size = int(app.config.get("PAGE_CACHE_SIZE", 0))
    if size > 0:
        app.extensions[EXTENSION] = PageCache(size)
