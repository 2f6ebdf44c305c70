"""Reading an address without the form (webapp/reading.py): it agrees with the bound form on every address.

Each address is read both ways. When the quick read answers, the form must have validated and read exactly the
same values; when the address is plain and valid, the quick read must answer (or it would save nothing).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from urllib.parse import quote, urlencode

import pytest
from werkzeug.wrappers import Request

from tests.test_fuzz import RAW, STRINGS
from webapp import forms, reading

NOW = date(2026, 12, 3)  # five years later: 2031-12-03; ten: 2036-12-03


@pytest.fixture(scope="module")
def setting(app):
    """Return the protocols and paths read_timeline reads with, in an English request."""
    with app.test_request_context("/"):
        catalogue = app.extensions["all_timeline.catalogue"]
        yield catalogue.protocols, {pid: panel.label for pid, panel in catalogue.branch_panels.items()}


def both(app, setting, query: str, prefix: str = "") -> tuple[reading.Reading | None, reading.Reading, bool]:
    """Read `query` quickly and with the bound form; return (quick, the form's reading, the form's verdict)."""
    protocols, paths = setting
    args = Request.from_values(query_string=query).args  # parsed as Flask parses request.args
    with app.test_request_context("/"):
        quick = reading.read(args, protocols, NOW, paths)
        form = forms.bind(args, protocols, NOW, prefix, paths)
        valid = form.validate()
        return quick, reading.of_form(form), valid


def agrees(app, setting, query: str) -> bool:
    """Assert the two readings agree; return whether the quick read answered."""
    quick, full, valid = both(app, setting, query)
    if quick is not None:
        assert valid, f"the quick read accepted what the form refuses: {query!r}"
        assert quick == full, query
    return quick is not None


def plain_addresses(protocols: dict) -> list[str]:
    """Return valid addresses of every protocol: each option value, path, delay, recorded start and guideline."""
    pick = random.Random(13)
    found = []
    for pid, protocol in protocols.items():
        start = date(2022, 1, 1) + timedelta(days=pick.randint(0, 3000))
        base = {"start": start.isoformat(), "protocol": pid}
        found += [urlencode(base), urlencode({"protocol": pid}), urlencode({**base, "lang": "es", "zzz": "x"})]
        for option in protocol.options:
            found += [urlencode({**base, option.id: value.value}) for value in option.values]
            found.append(urlencode({**base, option.id: ""}))
        branches = [b.id for b in protocol.branches]
        found += [urlencode({**base, "branch": b}) for b in branches]
        found.append(urlencode({**base, "branch": list(reversed(branches))}, doseq=True))
        first, *later = [p.id for p in protocol.phases]
        found.append(urlencode({**base, "delay": f"{first}:7"}))
        found.append(urlencode({**base, "delay": [f"{first}:7", f" {first}:365 , ,{first}:1"]}, doseq=True))
        if later:
            found.append(urlencode({**base, "started": f"{later[0]}:{(start + timedelta(days=40)).isoformat()}"}))
        found += [urlencode({**base, "guideline": g.id}) for g in protocol.guidelines]
        found.append(urlencode({**base, "today": (start + timedelta(days=100)).isoformat()}))
        found.append(urlencode({**base, "today": "", "delay": "", "started": "", "guideline": "", "protocol": ""}))
    return found


EDGES = [  # valid, at or inside a boundary
    "start=2000-01-01", "start=2031-12-03", "start=2024-02-29", "start=+2026-01-05+", "start=%092026-01-05",
    "start=2026-01-05&today=2036-12-03", "start=2026-01-05&today=2000-01-01", "start=2026-01-05&delay=induction:365",
    "start=2026-01-05&started=consolidation:2036-12-03", "start=2026-01-05&branch=" + "&branch=".join(["hsct"] * 10),
    "start=2026-01-05&delay=" + "&delay=".join(["induction:1"] * 10), "start=2026-01-05&protocol=cog-sr&sex=" + "x" * 64,
    "start=2026-01-05&delay=induction:0007", "protocol=cog-hr&today=2026-01-05",
]
REFUSED = [  # each refused by the form: the quick read must leave it to the form
    "start=1999-12-31", "start=2031-12-04", "start=2025-02-29", "start=2026-13-01", "start=", "start=2026-1-5",
    "start=2026-01-05&today=2036-12-04", "start=2026-01-05&delay=induction:366", "start=2026-01-05&delay=induction:0",
    "start=2026-01-05&delay=induction", "start=2026-01-05&started=consolidation:2036-12-04",
    "start=2026-01-05&started=consolidation", "start=2026-01-05&protocol=COG-SR", "start=2026-01-05&protocol=nope",
    "start=2026-01-05&branch=nope", "start=2026-01-05&branch=", "start=2026-01-05&guideline=nope",
    "start=2026-01-05&branch=" + "&branch=".join(["hsct"] * 11), "start=2026-01-05&start=2026-01-05",
    "start=2026-01-05&protocol=cog-sr&protocol=cog-sr", "start=2026-01-05&sex=female&sex=female",
    "start=2026-01-05&sex=" + "x" * 65, "start=2026-01-05&delay=" + "&delay=".join(["induction:1"] * 11),
    "start=2026-01-05&delay=induction:7&delay=" + "a" * 65, "start=0000-01-01", "today=2026-02-30",
    "start=2026-01-05&delay=induction:-0001",
]


def test_every_plain_address_is_read_quickly_and_as_the_form_reads_it(app, setting):
    addresses = plain_addresses(setting[0])
    assert len(addresses) > 150
    assert [q for q in addresses if not agrees(app, setting, q)] == []


@pytest.mark.parametrize("query", EDGES)
def test_a_valid_address_at_a_boundary_is_read_quickly(app, setting, query):
    assert agrees(app, setting, query)


@pytest.mark.parametrize("query", REFUSED)
def test_an_address_the_form_refuses_is_left_to_the_form(app, setting, query):
    quick, _full, valid = both(app, setting, query)
    assert (quick, valid) == (None, False)


def test_the_form_reads_the_same_under_a_prefix(app, setting):
    quick, full, valid = both(app, setting, "start=2026-01-05&protocol=cog-hr&branch=hsct&delay=induction:3", "a")
    assert valid and quick == full
    assert (full.start_date, full.branches, full.delays) == (date(2026, 1, 5), ("hsct",), (("induction", 3),))


@pytest.mark.fuzz
def test_hostile_values_in_every_field_read_as_the_form_reads_them(app, setting):
    protocols, _paths = setting
    base = "start=2026-01-05&protocol=cog-sr"
    answered = 0
    for param in (*forms.params(protocols), "lang", "zzz"):
        for value in STRINGS:
            answered += agrees(app, setting, f"{base}&{param}={quote(value, safe='', errors='surrogatepass')}")
        for shape in RAW:
            answered += agrees(app, setting, f"{base}&{shape.format(p=param)}")
    assert answered > 100  # the values every field takes as they are (options, lang, zzz) are read quickly
