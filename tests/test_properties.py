"""Property-based tests (hypothesis): for any valid start, protocol and induction length the schedule holds together.

Branches (branch=) and delays (delay=) join these strategies when they land.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from webapp import catalogue
from webapp.formatting import long_date
from webapp.schedule import Options, build

CATALOGUE = catalogue.load(ROOT / "data")
PROTOCOLS = sorted(CATALOGUE.protocols)
# The form accepts starts up to five years ahead of the real date.
LATEST = date.today() + timedelta(days=4 * 365)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def choices(draw, earliest=date(2000, 1, 1), latest=LATEST):
    """Draw (protocol, start, induction weeks or None) that the form would accept."""
    protocol = CATALOGUE.protocols[draw(st.sampled_from(PROTOCOLS))]
    allowed = protocol.option_range("induction_weeks")
    weeks = draw(st.none() | st.integers(*allowed)) if allowed else None
    return protocol, draw(st.dates(earliest, latest)), weeks


@SETTINGS
@given(choices())
def test_main_track_is_contiguous_but_for_declared_breaks_ordered_and_inside_the_journey(choice):
    protocol, start, weeks = choice
    schedule = build(protocol, start, Options(induction_weeks=weeks))
    main = schedule.main
    assert main[0].start == start == schedule.start
    assert main[-1].end == schedule.end >= schedule.start
    for before, after in zip(main, main[1:], strict=False):
        # Contiguous, except for a break the data declares (`offset`: the AIEOP-BFM rests between elements).
        assert after.start == before.end + timedelta(days=1 + after.spec.offset)
    for phase in schedule.phases:
        # A path the protocol always takes (the transplant after a relapse) may run past the main road's end.
        assert schedule.start <= phase.start <= phase.end <= schedule.path_end
        assert phase.start_day == schedule.day_number(phase.start) == (phase.start - start).days + 1
        assert phase.end_day == schedule.day_number(phase.end)
        assert phase.days == phase.end_day - phase.start_day + 1
    if weeks is not None:
        induction = next(p for p in main if p.spec.option == "induction_weeks")
        assert induction.days == 7 * weeks


@SETTINGS
@given(choices())
def test_every_milestone_is_inside_its_phase_with_a_consistent_day(choice):
    protocol, start, weeks = choice
    schedule = build(protocol, start, Options(induction_weeks=weeks))
    assert list(schedule.milestones) == sorted(schedule.milestones, key=lambda m: (m.date, m.id))
    for milestone in schedule.milestones:
        phase = schedule.phase(milestone.phase)
        assert phase.start <= milestone.date <= phase.end
        assert milestone.day == schedule.day_number(milestone.date)
    assert len({m.id for m in schedule.milestones}) == len(schedule.milestones)


ROW = re.compile(r'<th scope="row"><a href="#phase-([\w-]+)">[^<]*</a></th>\s*<td>([^<]+)</td><td>([^<]+)</td>'
                 r'\s*<td>(\d+) days?[^<]*(?:<br><span class="note">[^<]*</span>)?</td>\s*<td>Day (\d+) to (\d+)</td>')


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices(earliest=date(2000, 1, 1), latest=LATEST))
def test_json_agrees_with_the_page_table(app, choice):
    protocol, start, weeks = choice
    query = f"start={start.isoformat()}&protocol={protocol.id}" + (f"&induction_weeks={weeks}" if weeks else "")
    client = app.test_client()
    data = client.get(f"/schedule.json?{query}").get_json()
    page = html.unescape(client.get(f"/?{query}").get_data(as_text=True))
    rows = ROW.findall(page)
    assert rows == [
        (p["id"], long_date(date.fromisoformat(p["start"])), long_date(date.fromisoformat(p["end"])), str(p["days"]),
         str(p["start_day"]), str(p["end_day"]))
        for p in data["phases"]
    ]
    assert page.count('<tr class="kind-') == len(data["milestones"])
    assert f"<strong>{long_date(date.fromisoformat(data['end']))}</strong>" in page
