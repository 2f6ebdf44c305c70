"""Every route and its query parameters, in one list: header, fuzz, browser, load tests and the benchmark use it.

When a route or parameter lands (/print, /schedule.ics, branch=, delay=, ...), add it here and every check covers it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Valid values for each parameter; a route's example query is built from these.
VALID = {
    "start": "2026-01-05",
    "protocol": "cog-sr",
    "induction_weeks": "",
    "sex": "female",  # a patient option every protocol accepts (data/options.csv)
    "today": "2026-11-24",
    "branch": "blinatumomab",  # beside the main road (car-t would replace it after induction)
    "delay": "im1:7",
    "started": "im1:2026-05-01",  # 17 days after the plan (2026-04-14, after the first blinatumomab cycle)
    "step": "2",
    "a": "start=2026-01-05&protocol=cog-sr",
    "b": "start=2026-01-05&protocol=cog-sr&branch=blinatumomab",
    "c": "start=2026-01-05&protocol=cog-hr",
    "d": "start=2026-01-05&protocol=cog-hr&branch=hsct",
}
TIMELINE_PARAMS = ("start", "protocol", "induction_weeks", "sex", "today", "branch", "delay", "started")


@dataclass(frozen=True)
class Route:
    """A GET address: its parameters, whether it is an HTML page and how it is benchmarked."""

    path: str
    params: tuple[str, ...] = ()
    page: bool = False  # an HTML page a browser loads (checked for requests leaving 127.0.0.1)
    bench: str = ""  # the label in `make bench`'s table; empty = not benchmarked
    export: bool = False  # held to the exports' target (>= 0.5x hello-world)
    extra: dict[str, str] = field(default_factory=dict)  # fixed extra parameters of the example

    def query(self, **changes: str) -> str:
        """Return the example query string, with `changes` applied; empty values are left out."""
        from urllib.parse import urlencode

        values = {name: VALID[name] for name in self.params} | self.extra | changes
        return urlencode({k: v for k, v in values.items() if v != ""})

    def url(self, **changes: str) -> str:
        """Return the example address (path and query)."""
        query = self.query(**changes)
        return f"{self.path}?{query}" if query else self.path


ROUTES = [
    Route("/", TIMELINE_PARAMS, page=True, bench="timeline page"),
    Route("/schedule.json", TIMELINE_PARAMS, bench="/schedule.json", export=True),
    Route("/healthz"),
    Route("/favicon.ico"),
    Route("/schedule.ics", TIMELINE_PARAMS, bench="/schedule.ics", export=True),
    Route("/schedule.csv", TIMELINE_PARAMS, bench="/schedule.csv", export=True),
    Route("/schedule.pdf", TIMELINE_PARAMS, export=True),
    Route("/print", TIMELINE_PARAMS, page=True, bench="/print", export=True),
    Route("/glossary", page=True),
    Route("/questions", page=True),
    Route("/protocols", page=True),
    Route("/present", (*TIMELINE_PARAMS, "step"), page=True),
    Route("/compare", ("a", "b", "c", "d"), page=True, bench="/compare"),
    Route("/schedule.fhir", TIMELINE_PARAMS, bench="/schedule.fhir", export=True),
    Route("/calendar", TIMELINE_PARAMS, page=True),
    Route("/summary", TIMELINE_PARAMS, page=True),
    Route("/letter", TIMELINE_PARAMS, page=True),
    Route("/calendar.pdf", TIMELINE_PARAMS),
    Route("/summary.pdf", TIMELINE_PARAMS),
    Route("/letter.pdf", TIMELINE_PARAMS),
    Route("/protocols/cog-sr.fhir"),
]
PAGES = [r for r in ROUTES if r.page]
