"""Property-based tests (hypothesis): for any valid start, protocol and patient options the schedule holds together.

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
from webapp.schedule import Options, advance, apply_options, build

CATALOGUE = catalogue.load(ROOT / "data")
PROTOCOLS = sorted(CATALOGUE.protocols)
# The form accepts starts up to five years ahead of the real date.
LATEST = date.today() + timedelta(days=4 * 365)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def choices(draw, earliest=date(2000, 1, 1), latest=LATEST):
    """Draw (protocol, start, patient options given as (id, value) pairs) that the form would accept."""
    protocol = CATALOGUE.protocols[draw(st.sampled_from(PROTOCOLS))]
    given_options = tuple((o.id, v) for o in protocol.options
                          if (v := draw(st.none() | st.sampled_from([x.value for x in o.values]))) is not None)
    return protocol, draw(st.dates(earliest, latest)), given_options


@SETTINGS
@given(choices())
def test_main_track_is_contiguous_but_for_declared_breaks_ordered_and_inside_the_journey(choice):
    protocol, start, given_options = choice
    schedule = build(protocol, start, Options(choices=given_options))
    main = schedule.main
    assert main[0].start == start == schedule.start
    # The main road ends at its own end; a path the protocol always takes (a transplant) may carry the journey on.
    assert main[-1].end == schedule.main_end
    assert schedule.end == schedule.path_end >= main[-1].end >= schedule.start
    for before, after in zip(main, main[1:], strict=False):
        # Contiguous, except for a break the data declares (`offset`: the AIEOP-BFM rests between elements).
        assert after.start == before.end + timedelta(days=1 + after.spec.offset)
    for phase in schedule.phases:
        # A path the protocol always takes (the transplant after a relapse) may run past the main road's end.
        assert schedule.start <= phase.start <= phase.end <= schedule.path_end
        assert phase.start_day == schedule.day_number(phase.start) == (phase.start - start).days + 1
        assert phase.end_day == schedule.day_number(phase.end)
        assert phase.days == phase.end_day - phase.start_day + 1
    for option_id, value in given_options:
        for change in protocol.option(option_id).value(value).changes:
            if change.change == "omit":
                assert change.phase not in {p.id for p in main}
            elif schedule.phase(change.phase).spec.clock_from is None:
                assert schedule.phase(change.phase).days == (advance(start, change.length, change.unit) - start).days


@SETTINGS
@given(choices())
def test_every_milestone_is_inside_its_phase_with_a_consistent_day(choice):
    protocol, start, given_options = choice
    schedule = build(protocol, start, Options(choices=given_options))
    assert list(schedule.milestones) == sorted(schedule.milestones, key=lambda m: (m.date, m.id))
    for milestone in schedule.milestones:
        phase = schedule.phase(milestone.phase)
        assert phase.start <= milestone.date <= phase.end
        assert milestone.day == schedule.day_number(milestone.date)
    assert len({m.id for m in schedule.milestones}) == len(schedule.milestones)


NOTES = r'(?:<br><span class="note">[^<]*</span>)*'  # recorded, later, and the windows ranges before it leave
ROW = re.compile(rf'<th scope="row"><a href="#phase-([\w-]+)">[^<]*</a></th>\s*<td>([^<]+){NOTES}</td><td>([^<]+){NOTES}</td>'
                 r'\s*<td>(\d+) days?[^<]*(?:<br><span class="note">[^<]*</span>)?</td>\s*<td>Day (\d+) to (\d+)</td>')


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices(earliest=date(2000, 1, 1), latest=LATEST))
def test_json_agrees_with_the_page_table(app, choice):
    protocol, start, given_options = choice
    query = f"start={start.isoformat()}&protocol={protocol.id}" + "".join(f"&{k}={v}" for k, v in given_options)
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


FAR = timedelta(days=20 * 366)  # an as-of day after every recorded date


@st.composite
def recorded(draw):
    """Draw (protocol, start, a main phase that follows another, days late from 1 to 60)."""
    protocol, start, given_options = draw(choices())
    main = apply_options(protocol, Options(choices=given_options))[0]
    following = [s.id for s in main if s.after is not None and s.anchor == "end"]
    return protocol, start, given_options, draw(st.sampled_from(following)), draw(st.integers(1, 60))


@SETTINGS
@given(recorded())
def test_recording_the_planned_dates_changes_nothing(choice):
    protocol, start, given_options, _, _ = choice
    plan = build(protocol, start, Options(choices=given_options))
    started = tuple((p.id, p.start) for p in plan.main if p.spec.after is not None)
    same = build(protocol, start, Options(choices=given_options, started=started, as_of=start + FAR))
    assert [(p.id, p.start, p.end) for p in same.phases] == [(p.id, p.start, p.end) for p in plan.phases]
    # The same days; a recorded first day is certain, so the windows the ranges before it left may close.
    assert [(m.id, m.date, m.day) for m in same.milestones] == [(m.id, m.date, m.day) for m in plan.milestones]
    assert same.later_days == 0
    assert all(p.actual for p in same.main if p.spec.after is not None)


@SETTINGS
@given(recorded())
def test_a_phase_started_late_moves_everything_after_it_except_ends_fixed_by_a_clock(choice):
    protocol, start, given_options, late_id, days = choice
    plan = build(protocol, start, Options(choices=given_options))
    late = plan.phase(late_id)
    moved = build(protocol, start, Options(choices=given_options, started=((late_id, late.start + timedelta(days)),),
                                           as_of=start + FAR))
    shift = timedelta(days=days)
    for before in plan.main:
        after = moved.phase(before.id)
        if before.start < late.start:
            # The phase just before the late one stretches; a declared rest between them (an `offset`) keeps its length.
            just_before = before.end + timedelta(days=1 + late.spec.offset) == late.start
            stretched = before.end + shift if just_before else before.end
            assert (after.start, after.end) == (before.start, stretched)
            continue
        assert after.start == before.start + shift
        clock = before.spec.clock_from
        if clock is not None and plan.phase(clock).start < late.start:
            assert after.end == before.end  # the clock began before the late phase: this phase is shorter
        elif before.spec.unit in ("months", "years"):
            # Calendar months keep their length in months, not in days (2 years from 1 March ends on 29 February),
            # counted from this phase's own start or from its clock's moved start.
            begins = after.start if clock is None else moved.phase(clock).start
            assert after.end == advance(begins, before.spec.length, before.spec.unit) - timedelta(days=1)
            shift = after.end - before.end  # what follows moves with this phase's end
        else:
            assert after.end == before.end + shift
