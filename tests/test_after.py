"""Life after treatment (issue 15): the `after` steps' dates for each guideline, following the journey's end."""

import io
from datetime import date

import icalendar
import pandas as pd
import pytest

from tests.conftest import edit
from webapp.catalogue import load
from webapp.phases import DataError
from webapp.schedule import Options, ScheduleError, add_months, build

D = date.fromisoformat
COG = "start=2026-01-05&protocol=cog-sr"
HSCT = "start=2026-01-05&protocol=cog-hr&branch=hsct"


def dated(schedule) -> dict[str, tuple[str, str | None]]:
    return {m.spec.id: (m.date.isoformat(), m.latest.isoformat() if m.latest else None) for m in schedule.after_dated}


@pytest.mark.parametrize(
    ("guideline", "vaccines", "follow_up"),
    [
        ("us", "2028-06-02", "2030-03-02"),  # IDSA about 3 months (S112); COG 2 years (S115, S116)
        ("uk", "2028-09-02", "2033-03-02"),  # RCPCH / NHS GGC 6 months (S112, S113); CRUK around 5 years (S150)
        ("au", "2028-09-02", "2030-03-02"),  # ATAGI / SCHN 6 months (S112, S114); the COG figure
    ],
)
def test_cog_sr_steps_after_treatment_for_each_guideline(cog_sr, guideline, vaccines, follow_up):
    schedule = build(cog_sr, D("2026-01-05"), Options(guideline=guideline))
    assert schedule.path_end == D("2028-03-02")
    assert dated(schedule) == {"end": ("2028-03-02", None), "vaccines": (vaccines, None),
                               "follow-up": (follow_up, None)}
    assert [m.spec.id for m in schedule.after if m.date is None] == ["adult-care"]  # in words only


@pytest.mark.parametrize(
    ("guideline", "vaccines", "follow_up"),
    [("us", "2028-06-08", "2030-03-08"), ("uk", "2028-09-08", "2033-03-08"), ("au", "2028-09-08", "2030-03-08")],
)
def test_a_recorded_start_moves_the_end_and_every_step_after_it(cog_sr, guideline, vaccines, follow_up):
    # Consolidation began a week late (planned 2026-02-02): the maintenance clock and the end move 6 days.
    schedule = build(cog_sr, D("2026-01-05"), Options(started=(("consolidation", D("2026-02-09")),),
                                                       guideline=guideline))
    assert schedule.path_end == D("2028-03-08")
    assert dated(schedule) == {"end": ("2028-03-08", None), "vaccines": (vaccines, None),
                               "follow-up": (follow_up, None)}


def test_a_delay_moves_the_steps_after_treatment(cog_sr):
    schedule = build(cog_sr, D("2026-01-05"), Options(delays=(("consolidation", 14),), guideline="us"))
    assert dated(schedule)["vaccines"] == ("2028-06-16", None)


@pytest.mark.parametrize(
    ("guideline", "live", "follow_up"),
    [
        ("us", ("2028-04-13", None), "2029-04-12"),  # IDSA 24 months after Day 0 (S112)
        ("uk", ("2027-10-13", "2028-04-13"), "2032-04-12"),  # RCPCH 18 to 24 months: a range
        ("au", ("2028-04-13", None), "2029-04-12"),  # ATAGI 24 months
    ],
)
def test_after_a_transplant_live_vaccines_count_from_day_0(catalogue, guideline, live, follow_up):
    schedule = build(catalogue.protocols["cog-hr"], D("2026-01-05"), Options(branches=("hsct",), guideline=guideline))
    assert schedule.phase("hsct-first100").start == D("2026-04-13")  # Day 0
    # The timing after chemotherapy alone does not apply on this path: no "vaccines" row.
    assert dated(schedule) == {"end": ("2027-04-12", None), "live-vaccines": live, "follow-up": (follow_up, None)}
    mark = next(m for m in schedule.after if m.spec.id == "live-vaccines")
    assert mark.uncertain is (guideline == "uk")


def test_the_default_guideline_follows_the_protocol_region(catalogue):
    assert catalogue.protocols["cog-sr"].guideline == "us"
    assert catalogue.protocols["ukall2011"].guideline == "uk"
    schedule = build(catalogue.protocols["ukall2011"], D("2026-01-05"))
    assert schedule.guideline == "uk"
    assert dated(schedule)["vaccines"][0] == add_months(schedule.path_end, 6).isoformat()


def test_the_core_refuses_an_unknown_guideline(cog_sr):
    with pytest.raises(ScheduleError) as caught:
        build(cog_sr, D("2026-01-05"), Options(guideline="fr"))
    assert caught.value.field == "guideline"


def test_json_lists_the_steps_as_milestones_of_kind_after(client):
    data = client.get(f"/schedule.json?{HSCT}&guideline=uk").get_json()
    after = [m for m in data["milestones"] if m["kind"] == "after"]
    assert [(m["id"], m["date"], m["latest"], m["phase"]) for m in after] == [
        ("after-end", "2027-04-12", None, None),
        ("after-live-vaccines", "2027-10-13", "2028-04-13", None),
        ("after-follow-up", "2032-04-12", None, None),
    ]
    live = after[1]
    assert live["uncertain"] is True and live["possible"] is True and live["sources"] == ["S112"]
    assert "your team decides" in live["what"]
    assert data["guideline"] == "uk"
    assert [m["id"] for m in data["after_undated"]] == ["after-adult-care"]


@pytest.mark.parametrize("query", [f"{COG}&guideline=fr", f"{COG}&guideline=us&guideline=uk"])
def test_a_bad_guideline_is_a_400_naming_it(client, query):
    data = client.get("/schedule.json?" + query)
    assert data.status_code == 400
    assert list(data.get_json()["errors"]) == ["guideline"]
    page = client.get("/?" + query)
    assert page.status_code == 400
    assert '<a href="#guideline">' in page.get_data(as_text=True)
    for path in ("/schedule.csv", "/schedule.ics", "/print"):
        assert client.get(f"{path}?{query}").status_code == 400


def test_unknown_guideline_message(client):
    errors = client.get(f"/schedule.json?{COG}&guideline=fr").get_json()["errors"]
    assert errors["guideline"].endswith("“fr” is not a guideline this tool knows. Choose one of: us, uk, au.")


def test_the_guideline_stays_in_the_form_and_every_link(client):
    body = client.get(f"/?{COG}&guideline=uk").get_data(as_text=True)
    assert '<option selected value="uk">' in body
    for path in ("/print?", "/schedule.pdf?", "/schedule.csv?", "/schedule.json?", "/schedule.ics?",
                 "/schedule.fhir?", "/present?"):
        links = [part for part in body.split('href="')[1:] if part.startswith(path)]
        assert links and all("guideline=uk" in link.split('"')[0] for link in links), path


def test_the_page_explains_each_step_in_plain_words(client):
    body = client.get(f"/?{COG}&guideline=uk").get_data(as_text=True)
    panel = body[body.index('id="after-treatment"'):]
    panel = panel[:panel.index("</section>")]
    assert "follow the guidance of United Kingdom (RCPCH, NHS, Cancer Research UK)" in panel
    assert "Sat, 2 Sept 2028 (Day 972)" in panel
    assert "UK guidance says no earlier than 6 months after chemotherapy ends; which ones, and when, your team decides." in panel
    assert "Wed, 2 Mar 2033 (Day 2614)" in panel
    assert "so it has no date here" in panel
    assert "guideline=us#after-treatment" in panel and "guideline=au#after-treatment" in panel
    assert "UNCERTAIN" not in panel


def test_csv_ics_and_print_carry_the_steps(client):
    frame = pd.read_csv(io.BytesIO(client.get(f"/schedule.csv?{HSCT}&guideline=uk").data), dtype=str,
                        encoding="utf-8-sig", keep_default_na=False)
    rows = frame[frame["kind"] == "after"][["id", "first_date", "last_date", "track", "milestone_kind"]]
    assert rows.values.tolist() == [
        # On a possible transplant path every step after treatment is the path's (they count from its end).
        ["after-end", "2027-04-12", "2027-04-12", "hsct", "after"],
        ["after-live-vaccines", "2027-10-13", "2028-04-13", "hsct", "after"],
        ["after-follow-up", "2032-04-12", "2032-04-12", "hsct", "after"],
    ]
    events = icalendar.Calendar.from_ical(client.get(f"/schedule.ics?{COG}&guideline=au").data).walk("VEVENT")
    vaccines = next(e for e in events if str(e["UID"]).startswith("after-vaccines."))
    assert vaccines["DTSTART"].dt == D("2028-09-02")
    assert "Sources: S112, S114. Your team decides." in str(vaccines["DESCRIPTION"])
    printed = client.get(f"/print?{COG}&guideline=au").get_data(as_text=True)
    assert 'id="after-treatment"' in printed and "Sat, 2 Sept 2028 (Day 972)" in printed


def test_the_chart_draws_the_steps_after_the_planned_end(client):
    from webapp.chart import figure

    app = client.application
    with app.test_request_context():
        schedule = build(app.extensions["all_timeline.catalogue"].protocols["cog-hr"], D("2026-01-05"),
                         Options(branches=("hsct",), guideline="uk"))
        chart = figure(schedule)
    rows = chart["layout"]["yaxis"]["tickvals"]
    assert rows[-1] == "After treatment"
    traces = [t for t in chart["data"] if t["y"] and set(t["y"]) == {"After treatment"}]
    band, ranged, marks, edge = traces
    assert band["base"] == ["2027-04-13"]  # the day after the end
    assert ranged["base"] == ["2027-10-13"] and ranged["x"] == [(D("2028-04-13") - D("2027-10-13")).days * 86_400_000
                                                                + 86_400_000]
    # The follow-up clinic five years on is beyond the view: the panel and table date it, a mark at the edge says so.
    assert marks["x"] == ["2027-04-12 12:00", "2027-10-13 12:00"]
    assert "Sources: S112. Your team decides." in marks["hovertext"][1]
    assert edge["name"] == "Later steps (dated in the list below)"
    # In view: treatment and the live-vaccine range; the follow-up clinic five years on is beyond the view.
    assert "2028-04-13" < chart["layout"]["xaxis"]["range"][1] < "2028-06-01"


def test_a_step_counted_from_an_unknown_phase_is_refused(data_dir):
    edit(data_dir / "after_milestones.csv", "hsct,hsct-first100,24,,months", "hsct,hsct-day0,24,,months")
    with pytest.raises(DataError) as caught:
        load(data_dir)
    assert any("'live-vaccines' counts from 'hsct-day0', which is not a step of 'hsct'" in e for e in caught.value.errors)


def test_an_unknown_guideline_in_the_data_is_refused(data_dir):
    edit(data_dir / "after_milestones.csv", "vaccines,au,", "vaccines,nz,")
    with pytest.raises(DataError) as caught:
        load(data_dir)
    assert any("column 'guideline': 'nz' is not a guideline" in e for e in caught.value.errors)
