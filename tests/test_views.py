"""HTTP behaviour: statuses, texts, the JSON contract, kept input and headers."""

import html
import re
from datetime import date, timedelta

import pytest

COG = "/?start=2026-01-05&protocol=cog-sr&today=2026-11-24"


def text(response):
    """Return the page as text with entities decoded and white space folded."""
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


def test_form_page_shows_the_relative_teaching_view(client):
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    assert '<input aria-describedby="start-hint" id="start" name="start" required type="date" value="">' in body
    assert "the journey in Day numbers" in body
    assert "Day 226 to 787" in body  # maintenance in the relative view
    assert "Educational picture, not medical advice." in body
    assert "Real schedules shift with blood counts, infections and how the leukaemia responds." in body


def test_timeline_page_has_dates_table_panels_and_sources(client):
    response = client.get(COG)
    assert response.status_code == 200
    body = text(response)
    assert "From <strong>Mon, 5 Jan 2026</strong> to <strong>Thu, 2 Mar 2028</strong>: 788 days (about 26 months), in 6 phases." in body
    assert "On Tue, 24 Nov 2026 (Day 324), you are in week 15 of 81 of Maintenance." in body
    assert '<progress id="progress" max="100" value="41">41%</progress>' in body
    # The accessible table: phase, first and last day, days, Day numbers, setting.
    assert "<td>Mon, 5 Jan 2026</td><td>Mon, 2 Feb 2026</td>" in body
    # CCG-1991 gives 4 weeks; an AALL0932 delivery map starts consolidation on Day 36 [S3][S108]
    assert '<td>29 days (4 weeks 1 day)<br><span class="note">usually 29 days, from 29 to 35 days</span></td>' in body
    assert "<td>Day 1 to 29</td>" in body
    assert "Day 8 blood test for minimal residual disease (MRD)" in body
    assert "Day 29 end-of-induction bone marrow test and MRD" in body
    # Panels with sources; the seed's statistics with their year.
    assert "More than 95 out of 100 children are in remission after these 4 weeks." in body
    assert ("89% of people diagnosed under age 20 were alive (Cleveland Clinic page reviewed in 2021; Cancer.Net gave "
            "the same figure in 2019).") in body
    assert "5-year survival was 37% (Cleveland Clinic, 2021); Cancer.Net gave 35% in 2019." in body
    assert "(published 2021)" in body
    assert 'id="source-S3"' in body and 'id="source-S2t"' in body
    assert 'type="application/json" id="figure-data"' in body


def test_timeline_page_loads_only_local_scripts_and_no_inline_script(client):
    body = client.get(COG).get_data(as_text=True)
    # Static files are linked under content-hashed names (issue 6).
    # plotly.js is fetched by the loader after the first paint (issue 13), from the loader's data-plotly address.
    assert re.search(r'<script src="/static/js/plotly-loader\.[0-9a-f]{12}\.js" '
                     r'data-plotly="/static/vendor/plotly-basic-4\.1\.1\.min\.[0-9a-f]{12}\.js" defer></script>', body)
    assert re.search(r'<script src="/static/js/timeline\.[0-9a-f]{12}\.js" defer></script>', body)
    assert "<script>" not in body and "cdn" not in body.lower()
    assert "https://fonts" not in body


def test_figure_island_cannot_break_out_of_its_script_tag(client):
    body = client.get(COG).get_data(as_text=True)
    island = body.split('id="figure-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in island


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("start=2026-02-30", "start", "“2026-02-30” is not a real date: February 2026 has 28 days."),
        ("start=2026-13-01", "start", "“2026-13-01” is not a real date: there is no month 13."),
        ("start=next+monday", "start", "“next monday” is not a date in the form YYYY-MM-DD, for example 2026-01-05."),
        ("start=", "start", "Please enter a date as YYYY-MM-DD, for example 2026-01-05."),
        ("start=1999-12-31", "start", "“1999-12-31” is outside the dates this tool covers: choose a date from 2000-01-01"),
        ("start=2026-01-05&protocol=nope", "protocol", "“nope” is not a protocol this tool knows. Choose one of: cog-sr, cog-hr, t-all, calgb-10403, hyper-cvad, ph-positive-adult, general, "
         "alltogether1, ukall2011, aieop-bfm-2017, aieop-bfm-2017-hr, total-xvii, dfci-16-001, interfant-06, "
         "graall-2005, aall1331, relapse-hr-blinatumomab."),
        ("start=2026-01-05&protocol=general&induction_weeks=8", "induction_weeks",
         "“8” is not a value General outline (adult-style) allows for induction_weeks. Allowed: 4, 5, 6."),
        ("start=2026-01-05&protocol=cog-sr&induction_weeks=6", "induction_weeks",
         "does not let you choose induction_weeks; leave it out."),
        ("start=2026-01-05&start=2026-02-01", "start", "was given 2 times in the address; give it once."),
        ("start=" + "9" * 500, "start", "is too long (500 characters; the most is 64)."),
        ("start=2026-01-05&today=2026-02-31", "today", "“2026-02-31” is not a real date: February 2026 has 28 days."),
    ],
)
def test_bad_input_gets_400_naming_the_field(client, query, field, message):
    page = client.get("/?" + query)
    assert page.status_code == 400
    body = text(page)
    assert message in body
    assert f'<a href="#{field}">' in body
    assert 'aria-invalid="true"' in body
    data = client.get("/schedule.json?" + query)
    assert data.status_code == 400
    assert data.is_json
    assert message in data.get_json()["errors"][field]


def test_start_more_than_five_years_ahead_is_refused(client):
    too_late = (date.today() + timedelta(days=5 * 366 + 2)).isoformat()
    response = client.get(f"/schedule.json?start={too_late}")
    assert response.status_code == 400
    assert "is outside the dates this tool covers" in response.get_json()["errors"]["start"]


def test_bad_input_keeps_what_was_typed(client):
    body = text(client.get("/?start=2026-02-30&protocol=general&induction_weeks=6&today=2026-03-01"))
    assert 'value="2026-02-30"' in body
    assert re.search(r'<option data-line="[^"]*" selected value="general">', body)
    assert '<option selected value="6">6 weeks</option>' in body
    assert 'value="2026-03-01"' in body


def test_typed_markup_is_escaped_not_run(client):
    body = client.get("/?start=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_schedule_json_shape(client):
    response = client.get("/schedule.json?start=2026-01-05&protocol=cog-sr")
    assert response.status_code == 200
    data = response.get_json()
    assert (data["start"], data["end"], data["protocol"]) == ("2026-01-05", "2028-03-02", "cog-sr")
    assert data["phases"][0] == {
        "id": "induction", "name": "Induction", "track": "main", "possible": False, "start": "2026-01-05",
        "end": "2026-02-02", "days": 29, "planned_start": "2026-01-05", "planned_end": "2026-02-02", "actual": False,
        "start_day": 1, "end_day": 29, "min_end": None, "max_end": "2026-02-08", "min_end_day": None,
        "max_end_day": 35, "clipped_days": 0, "setting": "inpatient-first", "gate": None,
            "open_end": False,
        "sources": ["S3", "S5", "S10", "S12", "S108"],
    }
    assert [p["id"] for p in data["phases"]] == ["induction", "consolidation", "im1", "di", "im2", "maintenance"]
    mrd = next(m for m in data["milestones"] if m["id"] == "day8-mrd")
    assert {k: mrd[k] for k in ("id", "date", "day", "phase")} == {
        "id": "day8-mrd", "date": "2026-01-12", "day": 8, "phase": "induction"
    }
    assert set(mrd) >= {"id", "label", "date", "day", "phase"}
    assert "not medical advice" in data["disclaimer"]


def test_schedule_json_relative_gives_day_numbers_not_dates(client):
    data = client.get("/schedule.json?protocol=general&induction_weeks=5").get_json()
    assert data["relative"] is True and data["start"] is None
    assert [(p["start"], p["start_day"], p["end_day"]) for p in data["phases"]] == [
        (None, 1, 35), (None, 36, 182), (None, 183, 912)
    ]


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "protocols": [
        "aall1331", "aieop-bfm-2017", "aieop-bfm-2017-hr", "alltogether1", "calgb-10403", "cog-hr", "cog-sr",
        "dfci-16-001", "general", "graall-2005", "hyper-cvad", "interfant-06", "ph-positive-adult",
        "relapse-hr-blinatumomab", "t-all", "total-xvii", "ukall2011",
    ]}


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "There is no page at this address." in text(response)
    assert "Educational picture, not medical advice." in text(response)


@pytest.mark.parametrize(("url", "allowed"), [("/", "GET, HEAD, OPTIONS"), ("/schedule.pdf", "GET, HEAD, OPTIONS"),
                                             ("/custom", "GET, HEAD, OPTIONS, POST")])
def test_wrong_method_is_405_naming_the_allowed_ones(client, url, allowed):
    response = client.delete(url)
    assert response.status_code == 405
    assert ", ".join(sorted(response.headers["Allow"].split(", "))) == allowed
    assert "Educational picture, not medical advice." in text(response)


def test_favicon_is_served(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"


@pytest.mark.parametrize("url", ["/", COG, "/schedule.json?start=2026-01-05", "/healthz", "/nope", "/?start=x"])
def test_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Set-Cookie" not in headers


def test_export_link_carries_the_same_query(client):
    body = text(client.get("/?start=2026-01-05&protocol=general&induction_weeks=5"))
    assert 'href="/schedule.json?start=2026-01-05&protocol=general&induction_weeks=5"' in body


def test_schedule_json_has_branch_rows_ranges_and_branch_milestones(client):
    data = client.get("/schedule.json?start=2026-01-05&protocol=cog-hr&branch=hsct&branch=tki").get_json()
    tracks = [p["track"] for p in data["phases"]]
    assert tracks.count("hsct") == 6 and tracks.count("tki") == 1
    search = next(p for p in data["phases"] if p["id"] == "hsct-donor-search")
    # Day -180 (2025-10-15) would be 82 days before Day 1 here (Day 0 is Day 99): the search runs Day 1 to Day -30.
    assert (search["start"], search["end"], search["clipped_days"]) == ("2026-01-05", "2026-03-14", 82)
    consolidation = next(p for p in data["phases"] if p["id"] == "consolidation")
    # 8 weeks from Day 36, up to 9 (AALL0232 [S101], CCG-1961 [S23b])
    assert (consolidation["min_end"], consolidation["end"], consolidation["max_end"]) == (
        None, "2026-04-05", "2026-04-12"
    )
    days = {m["id"]: m for m in data["milestones"]}
    assert (days["hsct-day0"]["date"], days["hsct-day100"]["date"]) == ("2026-04-13", "2026-07-22")
    assert data["options"]["branches"] == ["hsct", "tki"]
    assert data["path_end"] == "2027-04-12"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("protocol=cog-sr&branch=hsct", "branch", "does not offer the branch “hsct”. Branches it offers: blinatumomab, car-t."),
        ("protocol=cog-sr&branch=magic", "branch", "“magic” is not a path this tool draws."),
        ("protocol=cog-sr&delay=im1:400", "delay", "“im1:400”: a delay must be 1 to 365 days."),
        ("protocol=cog-sr&delay=im1:-4", "delay", "“im1:-4”: a delay must be 1 to 365 days."),
        ("protocol=cog-sr&delay=im1", "delay", "“im1” is not a delay. Write phase:days, for example consolidation:14"),
        ("protocol=cog-sr&delay=mars:4", "delay", "“mars” is not a phase of this timeline."),
        ("protocol=cog-sr&delay=maintenance:4", "delay", "Maintenance ends on a date fixed by Interim maintenance I"),
        ("protocol=cog-sr&" + "&".join(["branch=car-t"] * 11), "branch", "was given 11 times; the most is 10."),
    ],
)
def test_invalid_branch_or_delay_gets_400_naming_the_parameter(client, query, field, message):
    response = client.get("/schedule.json?start=2026-01-05&" + query)
    assert response.status_code == 400
    assert message in response.get_json()["errors"][field]
    page = client.get("/?start=2026-01-05&" + query)
    assert page.status_code == 400
    assert message in text(page)


def test_delay_explains_its_effect_on_maintenance(client):
    body = text(client.get("/?start=2026-01-05&protocol=cog-sr&delay=im1:14&delay=di:7"))
    assert ("The delays you entered (Interim maintenance I: 14 days, Delayed intensification: 7 days) do not move "
            "the planned end (Thu, 2 Mar 2028). Maintenance is 21 days shorter: it ends a fixed time after the first "
            "day of Interim maintenance I, so delays after that day come out of it.") in body
    assert 'value="im1:14, di:7"' in body


def test_branch_page_has_its_panel_steps_and_sources(client):
    body = text(client.get("/?start=2026-01-05&protocol=cog-hr&branch=car-t&today=2026-11-24"))
    assert "Possible paths on this timeline" in body
    assert "If the leukaemia does not respond (refractory) or comes back a second time." in body
    assert "If CAR-T: stay near the treatment centre</strong>: 14 days (2 weeks), Sun, 15 Mar 2026 to Sat, 28 Mar 2026" in body
    assert "before June 2025 it was within 2 hours for at least 4 weeks" in body
    assert 'id="source-S107"' in body  # ARM 2025 on the FDA change, not a press-release aggregator
    assert '<input checked id="branch-1" name="branch" type="checkbox" value="car-t">' in body


HR = "start=2026-01-05&protocol=cog-hr"


def test_compare_states_each_length_and_the_difference_from_a_in_one_chart(client):
    response = client.get("/compare", query_string={"a": HR, "b": HR + "&branch=hsct"})
    assert response.status_code == 200
    body = text(response)
    assert ("Scenario A: Children's B-ALL, high risk (COG AALL1732 schedule)</strong> (main road only): "
            "822 days (about 27 months), from Mon, 5 Jan 2026 to Wed, 5 Apr 2028.") in body
    assert "463 days (about 15 months), from Mon, 5 Jan 2026 to Mon, 12 Apr 2027." in body
    assert ("<strong>Scenario B ends on Mon, 12 Apr 2027, 359 days (about 12 months) earlier than scenario A "
            "(Wed, 5 Apr 2028).</strong>") in body
    assert body.count('type="application/json" id="figure-') == 1  # one figure, one time axis


def test_compare_three_and_four_scenarios(client):
    query = {"a": HR, "b": HR + "&branch=hsct", "c": "start=2026-01-05&protocol=cog-sr",
             "d": "start=2026-02-08&protocol=cog-sr"}
    body = text(client.get("/compare", query_string=query))
    assert "Scenario C ends on Thu, 2 Mar 2028, 34 days (about 5 weeks) earlier than scenario A (Wed, 5 Apr 2028)." in body
    assert "Scenario D ends on Wed, 5 Apr 2028, the same day as scenario A." in body
    del query["d"]
    response = client.get("/compare", query_string=query)
    assert response.status_code == 200
    assert "Scenario C ends on Thu, 2 Mar 2028" in text(response) and "Scenario D ends" not in text(response)
    assert 'aria-label="Gantt chart of 3 scenarios on one time axis.' in text(response)


def test_compare_relative_scenarios_in_day_numbers(client):
    response = client.get("/compare", query_string={"a": "protocol=cog-sr", "b": "protocol=cog-sr&branch=blinatumomab"})
    assert response.status_code == 200
    body = text(response)
    assert "787 days (about 26 months), from Day 1 to Day 787." in body
    assert "Scenario B ends on Day 822, 35 days later than scenario A (Day 787)." in body


def test_empty_compare_is_the_picker_not_an_error(client):
    response = client.get("/compare")
    assert response.status_code == 200
    body = text(response)
    assert "Choose 2 to 4 scenarios" in body and "error-summary" not in body
    for letter in "abcd":
        assert f'<fieldset class="scenario-picker" id="{letter}">' in body
        assert f'<select id="{letter}-protocol" name="{letter}-protocol">' in body
    assert '<option selected value="">Leave scenario C out</option>' in body
    assert '<option selected value="">Leave scenario D out</option>' in body
    assert 'href="/compare?a=protocol%3Dcog-sr&b=protocol%3Dcog-hr"' in body  # standard and high risk
    assert 'href="/compare?a=start%3D2026-01-05%26protocol%3Dcog-hr&b=start%3D2026-01-05%26protocol%3Dcog-hr%26branch%3Dhsct"' in body
    assert 'href="/compare?a=protocol%3Dcog-hr&b=protocol%3Dcog-hr%26branch%3Dcar-t"' in body


def test_the_picker_is_carried_in_the_address_as_a_b_c_d(client):
    response = client.get("/compare", query_string={
        "a-protocol": "cog-hr", "a-start": "", "b-protocol": "cog-hr", "b-branch": ["hsct", "tki"],
        "b-delay": "consolidation:7", "c-protocol": "", "d-protocol": "cog-sr", "lang": "es"})
    assert response.status_code == 302
    assert response.headers["Location"] == ("/compare?a=protocol%3Dcog-hr&b=protocol%3Dcog-hr%26branch%3Dhsct"
                                            "%26branch%3Dtki%26delay%3Dconsolidation%253A7&d=protocol%3Dcog-sr&lang=es")


def test_compare_keeps_each_scenario_in_its_picker(client):
    body = text(client.get("/compare", query_string={"a": HR, "b": "protocol=general&induction_weeks=6&branch=hsct"}))
    assert ' selected value="cog-hr">' in body.split('id="b-protocol"')[0]
    assert '<input aria-describedby="a-start-hint" id="a-start" name="a-start" type="date" value="2026-01-05">' in body
    assert '<option selected value="6">6 weeks</option>' in body.split('id="b-induction_weeks"')[1]
    assert '<input checked id="b-branch-0" name="b-branch" type="checkbox" value="hsct">' in body


def test_a_bad_scenario_c_is_named_with_its_field_and_kept(client):
    response = client.get("/compare", query_string={"a": HR, "b": HR, "c": "start=2026-02-30&protocol=cog-sr"})
    assert response.status_code == 400
    body = text(response)
    assert ('<li><a href="#c-start">Scenario C: Treatment start date: “2026-02-30” is not a real date: '
            'February 2026 has 28 days.</a></li>') in body
    assert ('aria-invalid="true" id="c-start" name="c-start" pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}" placeholder="YYYY-MM-DD" '
            'spellcheck="false" type="text" value="2026-02-30">') in body  # kept as typed (a date field would blank it)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        # A protocol's name typed as the whole query used to be ignored, silently comparing standard risk.
        ({"a": "cog-hr", "b": "protocol=cog-sr"}, "a",
         "Scenario A: “cog-hr” is not a setting of a timeline. Write each setting as name=value"),
        ({"a": HR, "b": "start=2026-01-05"}, "b-protocol",
         "Scenario B: no protocol is named, and a comparison never guesses one: choose the protocol."),
        ({"a": HR, "b": "start=2026-01-05&protocol="}, "b-protocol", "Scenario B: no protocol is named"),
        ({"a": HR, "b": "start=2026-01-05&protocol=cog-xx"}, "b-protocol",
         "Scenario B: Protocol: “cog-xx” is not a protocol this tool knows."),
        ({"a": HR, "b": HR, "c": HR + "&branch=blinatumomab"}, "c-branch",
         "Scenario C: Possible paths to show:"),
        ({"a": HR, "b": HR, "d": HR + "&step=2"}, "d", "Scenario D: “step” is not a setting of a timeline."),
        ({"a": HR, "b": [HR, HR]}, "b", "Scenario B: give `b` once"),
        ({"a": HR}, "b-protocol", "Scenario B: choose a second scenario to compare with scenario A."),
        ({"b": HR, "c": HR}, "a-protocol", "Scenario A: every other scenario is measured against scenario A"),
        ({"a": HR, "b": "protocol=general"}, "b-start",
         "Scenario B has no start date and scenario A has one: give every scenario a start date, or none"),
        ({"a": "protocol=general", "b": HR}, "b-start", "Scenario B has a start date and scenario A has none"),
    ],
)
def test_compare_bad_input_is_a_400_that_names_the_scenario_and_field(client, query, field, message):
    response = client.get("/compare", query_string=query)
    assert response.status_code == 400
    body = text(response)
    assert f'<li><a href="#{field}">{message}' in body
    assert "Gantt chart of" not in body  # never drawn with a default in its place


def test_chart_has_a_name_and_a_text_summary(client):
    body = text(client.get(COG))
    assert ('<p id="chart-summary" class="chart-summary">Treatment from 5 Jan 2026 to 2 Mar 2028, in 6 phases; '
            'you are in week 15 of Maintenance. The table below the chart lists every phase and milestone.</p>') in body
    assert ('<div id="chart" class="chart" data-figure="figure-data" role="group" aria-label="Gantt chart of '
            'Children\'s B-ALL, standard risk (COG style)" aria-describedby="chart-summary">') in body


def test_progress_figure_is_also_text(client):
    body = text(client.get(COG))
    assert "<span>41% done: Day 324 of 788</span>" in body


def test_relative_view_summary_counts_days(client):
    body = text(client.get("/?protocol=general"))
    assert "Treatment over 905 days, from Day 1 to Day 905, in 3 phases; the chart counts Day numbers, not dates." in body


def test_disclaimer_is_one_landmark_and_repeated_in_the_footer(client):
    body = client.get("/").get_data(as_text=True)
    assert body.count('aria-label="Medical disclaimer"') == 1
    assert body.count("Educational picture, not medical advice.") == 2


@pytest.mark.parametrize("start", ["", "2026-01-05"])
def test_every_ready_made_comparison_draws(client, start):
    from webapp.comparison import EXAMPLES

    for example in EXAMPLES:
        response = client.get("/compare", query_string=example.args(start))
        assert response.status_code == 200, example.title
        assert "Scenario B ends on" in text(response)


def test_change_dates_control_follows_the_position_box_before_the_chart(client):
    body = text(client.get(COG))
    link = '<p class="change-link"><a href="#form-title">Change dates, protocol or options</a></p>'
    assert body.index('<div class="now" role="status">') < body.index(link) < body.index('<figure class="chart-figure">')
    assert '<h2 id="form-title" class="">Change the dates or protocol</h2>' in body
    spanish = text(client.get(COG + "&lang=es"))
    assert '<a href="#form-title">Cambiar fechas, protocolo u opciones</a>' in spanish


def test_teaching_view_has_no_change_dates_link_because_its_form_comes_first(client):
    assert "change-link" not in text(client.get("/?protocol=cog-sr"))


def test_milestones_fold_behind_their_count(client):
    body = text(client.get("/?start=2026-01-05&protocol=cog-hr&branch=hsct&today=2026-11-24"))
    folded = body.split('<details class="fold">', 1)[1].split("</details>", 1)[0]
    # 12 of the protocol and its path, and the 3 dated steps after treatment (test_after.py).
    assert folded.startswith(" <summary>Show all 15 milestones: tests, spinal taps and the planned end</summary>")
    assert folded.count('<tr class="kind-') == 15
    assert "<summary>Mostrar los 15 hitos: pruebas, punciones lumbares y el final previsto</summary>" in text(
        client.get("/?start=2026-01-05&protocol=cog-hr&branch=hsct&lang=es"))


@pytest.mark.parametrize(("query", "field"), [("start=2026-02-30", "start"),
                                              ("start=2026-01-05&today=2026-02-31", "today")])
def test_bad_date_is_written_back_as_typed_in_a_text_field(client, query, field):
    body = text(client.get("/?" + query))
    typed = query.rsplit("=", 1)[1]
    assert (f'aria-invalid="true" id="{field}" name="{field}" pattern="[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}" '
            f'placeholder="YYYY-MM-DD"') in body
    assert f'spellcheck="false" type="text" value="{typed}">' in body


def test_a_good_date_keeps_the_date_picker(client):
    assert '<input aria-describedby="start-hint" id="start" name="start" required type="date" value="2026-01-05">' in (
        text(client.get(COG)))


def test_schedule_json_gives_the_windows_ranges_before_a_phase_leave_it(client):
    # 8 hyper-CVAD courses of 21 to 28 days (S105, S106): maintenance starts on Day 169 (every course 21 days)
    # to Day 225 (every course 28 days) and ends 2 years later, within the same window.
    phases = client.get("/schedule.json?start=2026-01-05&protocol=hyper-cvad").get_json()["phases"]
    maintenance = phases[-1]
    assert (maintenance["id"], maintenance["start"], maintenance["end"]) == ("maintenance", "2026-06-22", "2028-06-21")
    assert maintenance["may_start"] == {"earliest": "2026-06-22", "latest": "2026-08-17", "earliest_day": 169,
                                        "latest_day": 225}
    assert maintenance["may_end"] == {"earliest": "2028-06-21", "latest": "2028-08-16", "earliest_day": 899,
                                      "latest_day": 955}
    assert "may_start" not in phases[0] and "may_end" not in phases[0]  # course 1 starts on Day 1


def test_schedule_json_of_fixed_lengths_has_no_window_keys(client):
    phases = client.get("/schedule.json?start=2026-01-05&protocol=aieop-bfm-2017").get_json()["phases"]
    assert [sorted({"may_start", "may_end"} & set(p)) for p in phases] == [[]] * len(phases)


@pytest.mark.parametrize("url", ["/?start=2026-01-05&protocol=hyper-cvad", "/print?start=2026-01-05&protocol=hyper-cvad"])
def test_table_and_print_say_where_maintenance_may_start_and_end(client, url):
    page = client.get(url).get_data(as_text=True)
    # In the table's own cells (the chart's hover text, in the page's JSON, says it too).
    assert '<span class="note">may start between Mon, 22 Jun 2026 and Mon, 17 Aug 2026</span>' in page
    assert '<span class="note">may end between Wed, 21 Jun 2028 and Wed, 16 Aug 2028</span>' in page


def test_relative_table_says_the_windows_in_day_numbers(client):
    page = client.get("/?protocol=hyper-cvad").get_data(as_text=True)
    assert '<span class="note">may start between Day 169 and Day 225</span>' in page


@pytest.mark.parametrize("path", ["/schedule.json", "/print"])
def test_a_plain_address_is_answered_without_binding_the_form(client, monkeypatch, path):
    # Binding the fifteen fields cost more than the schedule (issue 13); these answers never show the form.
    from webapp import forms

    bound = []
    monkeypatch.setattr(forms, "bind", lambda *args, **kwargs: bound.append(args) or pytest.fail("form bound"))
    response = client.get(f"{path}?start=2026-01-05&protocol=cog-hr&branch=hsct&delay=induction:3&today=2026-11-24")
    assert (response.status_code, bound) == (200, [])


def test_a_schedule_the_options_refuse_still_names_the_field_after_a_quick_read(client):
    # Every field is valid on its own, so the address reads quickly; UKALL 2011 offers no path: the form is bound.
    message = ("Possible paths to show: Children and young adults: UKALL 2011 (UK, closed) does not offer the branch "
               "“hsct”. Branches it offers: none.")
    response = client.get("/schedule.json?start=2026-01-05&protocol=ukall2011&branch=hsct")
    assert (response.status_code, response.get_json()) == (400, {"errors": {"branch": message}})
    page = client.get("/?start=2026-01-05&protocol=ukall2011&branch=hsct")
    body = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 400
    assert f'href="#branch">{message}<' in body
    assert '<input checked id="branch-0" name="branch" type="checkbox" value="hsct">' in body  # what was typed
    assert 'id="start" name="start" required type="date" value="2026-01-05">' in body


def test_a_kept_timeline_page_is_filled_without_binding_the_form(monkeypatch):
    # issue 13: a plain address whose page is kept needs neither the bound form nor the sources; the first one
    # renders the page (and binds), each later start date only fills the holes, with the same bytes.
    from webapp import create_app, forms
    from webapp.views import pages

    direct = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0, "FRAGMENT_CACHE_SIZE": 0}).test_client()
    kept = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0}).test_client()
    bound, cited = [], []
    real_bind, real_sources = forms.bind, pages.sources
    monkeypatch.setattr(forms, "bind", lambda *a, **k: bound.append(1) or real_bind(*a, **k))
    monkeypatch.setattr(pages, "sources", lambda s: cited.append(1) or real_sources(s))
    for start in ("2023-01-04", "2023-03-15", "2023-07-05"):  # the same rows (tests/test_fragments.py): one kept page
        url = f"/?start={start}&protocol=cog-sr&today=2024-03-01"
        bound.clear(), cited.clear()
        got = kept.get(url)
        assert (len(bound), len(cited)) == ((1, 1) if start == "2023-01-04" else (0, 0)), start
        assert got.status_code == 200
        assert got.get_data(as_text=True) == direct.get(url).get_data(as_text=True), start
        assert f'id="start" name="start" required type="date" value="{start}">' in got.get_data(as_text=True)


def test_an_address_with_an_error_still_binds_the_form_and_names_the_field(client):
    got = client.get("/?start=2026-02-30&protocol=cog-sr")
    assert got.status_code == 400
    assert 'value="2026-02-30"' in got.get_data(as_text=True)


def test_the_remembered_sources_are_the_ones_cited_for_every_protocol_path_and_language(app):
    from webapp.schedule import Options, build
    from webapp.views import common

    for language in ("", "es", "ar"):
        with app.test_request_context(f"/?lang={language}" if language else "/"):
            app.preprocess_request()
            data = common.catalogue()
            for protocol in data.protocols.values():
                for branches in ((), *((b.id,) for b in protocol.branches)):
                    schedule = build(protocol, date(2026, 1, 5), Options(branches=branches))
                    fresh = [common._known(data)[key] for key in data.cited(protocol.id, branches)]
                    assert common.sources(schedule) == common.sources(schedule) == fresh, (protocol.id, branches)
