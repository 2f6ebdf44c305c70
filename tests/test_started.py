"""Issue 11: recorded first days (started=) re-project the rest of the journey by the protocol's rules."""

from datetime import date

import plotly.graph_objects as go
import pytest

from tests.test_views import text
from webapp.schedule import Options, ScheduleError, build

D = date.fromisoformat
START = D("2026-01-05")
AS_OF = D("2026-12-02")


def journey(protocol, *started):
    schedule = build(protocol, START, Options(started=tuple((p, D(d)) for p, d in started), as_of=AS_OF))
    return [(p.id, p.start.isoformat(), p.end.isoformat(), p.days) for p in schedule.phases], schedule


# (protocol, recorded starts, expected phases, days later than first planned)
CASES = [
    # cog-hr's first plan (AALL1732): induction Days 1-35, consolidation from 9 Feb, IM1 from 6 Apr, DI from 1 Jun,
    # IM2 from 27 Jul, maintenance to 5 Apr 2028 (2 years from IM1's first day).
    ("cog-hr", [("consolidation", "2026-02-10")], [  # induction stretched by 1 day; everything moves 1 day
        ("induction", "2026-01-05", "2026-02-09", 36), ("consolidation", "2026-02-10", "2026-04-06", 56),
        ("im1", "2026-04-07", "2026-06-01", 56), ("di", "2026-06-02", "2026-07-27", 56),
        ("im2", "2026-07-28", "2026-09-21", 56), ("maintenance", "2026-09-22", "2028-04-06", 563)], 1),
    ("cog-hr", [("di", "2026-06-09")], [  # a late DI: the clock from IM1 keeps the end, maintenance is shorter
        ("induction", "2026-01-05", "2026-02-08", 35), ("consolidation", "2026-02-09", "2026-04-05", 56),
        ("im1", "2026-04-06", "2026-06-08", 64), ("di", "2026-06-09", "2026-08-03", 56),
        ("im2", "2026-08-04", "2026-09-28", 56), ("maintenance", "2026-09-29", "2028-04-05", 555)], 0),
    ("cog-hr", [("im1", "2026-04-14")], [  # a late IM1 moves the clock and the end
        ("induction", "2026-01-05", "2026-02-08", 35), ("consolidation", "2026-02-09", "2026-04-13", 64),
        ("im1", "2026-04-14", "2026-06-08", 56), ("di", "2026-06-09", "2026-08-03", 56),
        ("im2", "2026-08-04", "2026-09-28", 56), ("maintenance", "2026-09-29", "2028-04-13", 563)], 8),
    ("cog-sr", [("consolidation", "2026-02-01")], [  # earlier than planned: induction was shorter
        ("induction", "2026-01-05", "2026-01-31", 27), ("consolidation", "2026-02-01", "2026-02-28", 28),
        ("im1", "2026-03-01", "2026-04-25", 56), ("di", "2026-04-26", "2026-06-20", 56),
        ("im2", "2026-06-21", "2026-08-15", 56), ("maintenance", "2026-08-16", "2028-02-29", 563)], -2),
    ("general", [("consolidation", "2026-02-09"), ("maintenance", "2026-08-03")], [  # no clock: the end moves
        ("induction", "2026-01-05", "2026-02-08", 35), ("consolidation", "2026-02-09", "2026-08-02", 175),
        ("maintenance", "2026-08-03", "2028-08-02", 731)], 35),
]


@pytest.mark.parametrize(("protocol_id", "started", "expected", "later"), CASES)
def test_recorded_starts_re_project_the_rest(catalogue, protocol_id, started, expected, later):
    got, schedule = journey(catalogue.protocols[protocol_id], *started)
    assert got == expected
    assert schedule.later_days == later
    assert [p.id for p in schedule.phases if p.actual] == [pid for pid, _ in started]


def test_the_first_plan_is_kept_beside_the_journey(catalogue):
    _, schedule = journey(catalogue.protocols["cog-hr"], ("consolidation", "2026-02-10"))
    im1 = schedule.phase("im1")
    assert (im1.planned_start, im1.planned_end, im1.later_days) == (D("2026-04-06"), D("2026-05-31"), 1)
    assert schedule.planned_path_end == D("2028-04-05")


@pytest.mark.parametrize(("started", "message"), [
    ((("nope", "2026-03-01"),), "“nope” is not a phase of this timeline. Its phases: induction, consolidation, im1"),
    ((("im1", "2026-04-01"), ("im1", "2026-04-02")),
     "Interim maintenance I (high-dose methotrexate) was given twice; give one date for each phase."),
    ((("consolidation", "2026-01-01"),), "“consolidation:2026-01-01” is not after the start of treatment (2026-01-05)."),
    ((("consolidation", "2026-12-03"),),
     "“consolidation:2026-12-03” is after 2026-12-02, the day this timeline is seen from"),
    ((("induction", "2026-01-07"),), "Induction is the first phase, so it began on the start date; change start"),
    ((("im1", "2026-04-01"), ("consolidation", "2026-04-05")),
     "Interim maintenance I (high-dose methotrexate) cannot have begun on 2026-04-01, before Consolidation (augmented "
     "BFM) began (2026-04-05). The dates must follow the order of the treatment."),
])
def test_impossible_recorded_dates_are_refused_naming_started(catalogue, started, message):
    with pytest.raises(ScheduleError) as caught:
        journey(catalogue.protocols["cog-hr"], *started)
    assert caught.value.field == "started"
    assert message in caught.value.message


def test_a_recorded_date_needs_a_start_date(catalogue):
    with pytest.raises(ScheduleError, match="needs the treatment start date"):
        build(catalogue.protocols["cog-hr"], None, Options(started=(("im1", D("2026-04-01")),)))


def test_a_phase_the_path_replaces_cannot_be_recorded(client):
    response = client.get("/schedule.json?start=2026-01-05&protocol=cog-hr&branch=hsct&started=im1:2026-04-01")
    assert response.status_code == 400
    assert "Interim maintenance I (high-dose methotrexate) is not on this path" in response.get_json()["errors"]["started"]


@pytest.mark.parametrize(("query", "message"), [
    ("started=consolidation:2026-02-30", "consolidation: “2026-02-30” is not a real date: February 2026 has 28 days."),
    ("started=consolidation", "“consolidation” is not a recorded start. Write phase:YYYY-MM-DD"),
    ("today=2026-03-01&started=im1:2026-04-01", "“im1:2026-04-01” is after 2026-03-01"),
])
def test_the_address_refuses_bad_recorded_dates_with_a_400(client, query, message):
    response = client.get(f"/schedule.json?start=2026-01-05&protocol=cog-hr&{query}")
    assert response.status_code == 400
    assert message in response.get_json()["errors"]["started"]
    page = client.get(f"/?start=2026-01-05&protocol=cog-hr&{query}")
    assert page.status_code == 400 and '<a href="#started">Days phases actually began (optional): ' in text(page)


def test_json_gives_the_first_plan_and_what_was_recorded(client):
    data = client.get("/schedule.json?start=2026-01-05&protocol=cog-hr&started=im1:2026-04-14&today=2026-05-01"
                      ).get_json()
    im1 = next(p for p in data["phases"] if p["id"] == "im1")
    assert {k: im1[k] for k in ("start", "end", "planned_start", "planned_end", "actual")} == {
        "start": "2026-04-14", "end": "2026-06-08", "planned_start": "2026-04-06", "planned_end": "2026-05-31",
        "actual": True}
    assert (data["end"], data["planned_end"], data["later_days"]) == ("2028-04-13", "2028-04-05", 8)
    assert data["options"]["started"] == [{"phase": "im1", "date": "2026-04-14"}]


def test_the_form_records_changed_dates_only_and_redirects_to_the_address(client):
    base = "/?start=2026-01-05&protocol=cog-hr&today=2026-04-20"
    response = client.get(f"{base}&started-consolidation=2026-02-10&started-im1=2026-04-06")
    assert response.status_code == 303  # im1 was left at the date shown: it is re-projected, not recorded
    assert response.headers["Location"] == (
        "/?start=2026-01-05&protocol=cog-hr&today=2026-04-20&started=consolidation%3A2026-02-10")


def test_the_page_offers_a_date_per_begun_phase_and_says_how_much_later(client):
    body = text(client.get("/?start=2026-01-05&protocol=cog-hr&today=2026-04-20&started=consolidation:2026-02-10"))
    assert '<label for="started-consolidation">Consolidation (augmented BFM): started on</label>' in body
    assert 'name="started-consolidation" value="2026-02-10" min="2026-01-05" max="2026-04-20"' in body
    assert 'name="started-im1" value="2026-04-07"' in body and 'name="started-di"' not in body
    assert ("Recorded: Consolidation (augmented BFM) on Tue, 10 Feb 2026. The rest is re-drawn by the protocol's rules: "
            "the path now ends on Thu, 6 Apr 2028, 1 day later than first planned (Wed, 5 Apr 2028).") in body
    assert '<span class="note">1 day later than first planned</span>' in body


def test_exports_mention_what_was_recorded(client):
    query = "start=2026-01-05&protocol=cog-hr&started=consolidation:2026-02-10"
    assert "Started on 2026-02-10 (a date you recorded)." in client.get(f"/schedule.ics?{query}").get_data(
        as_text=True).replace("\r\n ", "")
    assert "Recorded: Consolidation (augmented BFM) on Tue, 10 Feb 2026." in text(client.get(f"/print?{query}"))
    csv = client.get(f"/schedule.csv?{query}").get_data(as_text=True)
    assert ("2026-02-10,2026-04-06,56,37,92,\"Clinic visits, home in between\",,S101;S108;S23b;S6,2026-02-09,2026-04-05,"
            "yes") in csv


def test_the_chart_draws_the_first_plan_behind_the_journey(client, app):
    from webapp import chart

    with app.test_request_context():
        _, schedule = journey(app.extensions["all_timeline.catalogue"].protocols["cog-hr"],
                              ("consolidation", "2026-02-10"))
        figure = chart.figure(schedule)
    go.Figure(figure["data"], figure["layout"])  # plotly.py validates every property
    plan = figure["data"][0]
    assert plan["name"] == "First plan"
    assert plan["base"][:2] == ["2026-01-05", "2026-02-09"]
    assert "planned Mon, 9 Feb 2026 to Sun, 5 Apr 2026 / actual Tue, 10 Feb 2026 to Mon, 6 Apr 2026" in plan["hovertext"][1]


@pytest.mark.parametrize(("extra", "sequence"), [
    ("", 0), ("&started=consolidation:2026-02-10", 1), ("&started=consolidation:2026-02-10&started=im1:2026-04-07", 2),
    ("&started=consolidation:2026-02-10&delay=im1:7", 2),
])
def test_calendar_sequence_grows_as_more_is_recorded(client, extra, sequence):
    import icalendar

    body = client.get(f"/schedule.ics?start=2026-01-05&protocol=cog-hr&today=2026-05-01{extra}").data
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert {int(e["SEQUENCE"]) for e in events if "STATUS" not in e} == {sequence}
