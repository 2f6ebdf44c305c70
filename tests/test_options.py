"""Patient options (data/options.csv): each a URL parameter named by its id, exact dates, and every refusal."""

from __future__ import annotations

import html
from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from webapp import chart
from webapp.schedule import Options, ScheduleError, build

D = date.fromisoformat
START = D("2026-01-05")


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def main_road(schedule) -> list[tuple[str, str, str]]:
    return [(p.id, p.start.isoformat(), p.end.isoformat()) for p in schedule.main]


@pytest.mark.parametrize(
    ("protocol", "choices", "end", "latest"),
    [
        # AALL0434 (S102): girls 2 years and boys 3 years from the first day of interim maintenance (2026-04-06).
        ("t-all", (), "2028-04-05", "2029-04-05"),
        ("t-all", (("sex", "female"),), "2028-04-05", None),
        ("t-all", (("sex", "male"),), "2029-04-05", None),
        # With nelarabine consolidation lasts 77 days, so interim maintenance begins 2026-04-27 and the clock with it.
        ("t-all", (("nelarabine", "yes"),), "2028-04-26", "2029-04-26"),
        ("t-all", (("nelarabine", "yes"), ("sex", "female")), "2028-04-26", None),
        ("t-all", (("nelarabine", "yes"), ("sex", "male")), "2029-04-26", None),
        ("t-all", (("nelarabine", "no"), ("sex", "male")), "2029-04-05", None),
        # UKALL 2011 (R7): about 2 years in all for girls, about 3 for boys, counted from Day 1.
        ("ukall2011", (), "2028-01-04", "2029-01-04"),
        ("ukall2011", (("sex", "female"),), "2028-01-04", None),
        ("ukall2011", (("sex", "male"),), "2029-01-04", None),
        # cog-hr (AALL1732, S103): the same for boys and girls; the favourable group has no interim maintenance II.
        ("cog-hr", (), "2028-04-05", None),
        ("cog-hr", (("sex", "male"),), "2028-04-05", None),
        ("cog-hr", (("hr_favourable", "yes"),), "2028-04-05", None),
        ("cog-sr", (("sex", "male"),), "2028-03-02", None),
        ("general", (("induction_weeks", "6"),), "2028-07-12", None),
        ("general", (("sex", "female"), ("induction_weeks", "5")), "2028-07-05", None),
    ],
)
def test_each_option_gives_its_end_date(catalogue, protocol, choices, end, latest):
    schedule = build(catalogue.protocols[protocol], START, Options(choices=choices))
    assert schedule.end.isoformat() == end
    last = schedule.phase("maintenance")
    assert (last.max_end.isoformat() if last.max_end else None) == latest


def test_nelarabine_lengthens_consolidation_to_77_days_and_moves_its_taps(catalogue):
    t_all = catalogue.protocols["t-all"]
    without, with_it = build(t_all, START), build(t_all, START, Options(choices=(("nelarabine", "yes"),)))
    assert main_road(without)[1:3] == [("consolidation", "2026-02-09", "2026-04-05"), ("im1", "2026-04-06", "2026-05-31")]
    assert main_road(with_it)[1:3] == [("consolidation", "2026-02-09", "2026-04-26"), ("im1", "2026-04-27", "2026-06-21")]
    assert with_it.phase("consolidation").days == 77
    assert with_it.phase("di").days == without.phase("di").days == 56  # nelarabine days 29-33 inside the same 8 weeks

    def taps(schedule, phase):
        return [(m.spec.id, m.date.isoformat()) for m in schedule.milestones if m.phase == phase and m.spec.kind == "lp"]

    # AALL0434: consolidation taps on Days 1, 8, 15, 22 without nelarabine; Days 15, 22, 57 and 64 with it.
    assert taps(without, "consolidation") == [("cons-lp1", "2026-02-09"), ("cons-lp2", "2026-02-16"),
                                              ("cons-lp3", "2026-02-23"), ("cons-lp4", "2026-03-02")]
    assert taps(with_it, "consolidation") == [("cons-lp3", "2026-02-23"), ("cons-lp4", "2026-03-02"),
                                              ("cons-lp5", "2026-04-06"), ("cons-lp6", "2026-04-13")]
    # Delayed intensification taps: Days 1, 29, 36 without; Days 1, 36, 43 with nelarabine.
    assert taps(without, "di") == [("di-lp1", "2026-06-01"), ("di-lp2", "2026-06-29"), ("di-lp3", "2026-07-06")]
    assert taps(with_it, "di") == [("di-lp1", "2026-06-22"), ("di-lp3", "2026-07-27"), ("di-lp4", "2026-08-03")]


def test_nelarabine_courses_are_marked_on_their_first_days(client, catalogue):
    # AALL0434 (S102) with nelarabine: 5-day courses on consolidation Days 1-5 and 43-47 and on Days 29-33 of
    # delayed intensification. Maintenance cycles 1-3 also hold one, on days the outline does not give: not drawn.
    t_all = catalogue.protocols["t-all"]
    with_it = build(t_all, START, Options(choices=(("nelarabine", "yes"),)))
    courses = [(m.spec.id, m.date.isoformat(), m.day, m.label) for m in with_it.milestones if m.spec.kind == "course"]
    assert courses == [
        ("cons-nelarabine1", "2026-02-09", 36, "Nelarabine course: Days 1 to 5 of consolidation"),
        ("cons-nelarabine2", "2026-03-23", 78, "Nelarabine course: Days 43 to 47 of consolidation"),
        ("di-nelarabine", "2026-07-20", 197, "Nelarabine course: Days 29 to 33 of delayed intensification"),
    ]
    assert not [m for m in build(t_all, START).milestones if m.spec.kind == "course"]
    trace = next(t for t in chart.figure(with_it)["data"] if t.get("name") == "Drug course (first day)")
    assert (trace["x"], trace["marker"]["symbol"]) == (["2026-02-09 12:00", "2026-03-23 12:00", "2026-07-20 12:00"],
                                                       "square")
    # The fridge calendar's key shows the course symbol only where a course is drawn.
    with_page = client.get("/calendar?start=2026-01-05&protocol=t-all&nelarabine=yes").get_data(as_text=True)
    without_page = client.get("/calendar?start=2026-01-05&protocol=t-all&nelarabine=no").get_data(as_text=True)
    assert "Drug course (first day)" in with_page and "Drug course (first day)" not in without_page
    assert "Nelarabine course: Days 29 to 33 of delayed intensification" in with_page


def test_the_favourable_group_has_one_interim_maintenance(catalogue):
    cog_hr = catalogue.protocols["cog-hr"]
    two = build(cog_hr, START)
    one = build(cog_hr, START, Options(choices=(("hr_favourable", "yes"),)))
    assert [p.id for p in two.main] == ["induction", "consolidation", "im1", "di", "im2", "maintenance"]
    assert main_road(one)[3:] == [("di", "2026-06-01", "2026-07-26"), ("maintenance", "2026-07-27", "2028-04-05")]
    assert not [m for m in one.milestones if m.phase == "im2"]
    # The clock counts from interim maintenance I, so maintenance is 8 weeks longer and the end stays.
    assert one.phase("maintenance").days - two.phase("maintenance").days == 56


def test_an_option_is_drawn_the_same_whatever_the_first_phase_is_called(catalogue):
    # Nothing assumes the first phase is induction: hyper-CVAD starts with course 1.
    schedule = build(catalogue.protocols["hyper-cvad"], START, Options(choices=(("sex", "male"),)))
    assert schedule.main[0].id == "course-1"


@pytest.mark.parametrize(
    ("protocol", "choices", "field", "message"),
    [
        ("cog-sr", (("nelarabine", "yes"),), "nelarabine",
         "Children's B-ALL, standard risk (COG style) does not let you choose nelarabine; leave it out."),
        ("t-all", (("sex", "other"),), "sex",
         "“other” is not a value T-cell ALL, children and young people (COG style) allows for sex. Allowed: female, male."),
        ("t-all", (("nelarabine", "maybe"),), "nelarabine", "allows for nelarabine. Allowed: no, yes."),
        ("cog-sr", (("hr_favourable", "yes"),), "hr_favourable", "does not let you choose hr_favourable"),
        ("t-all", (("sex", "male"), ("sex", "female")), "sex", "was given twice; give it once."),
    ],
)
def test_the_core_refuses_a_value_naming_the_parameter(catalogue, protocol, choices, field, message):
    with pytest.raises(ScheduleError) as caught:
        build(catalogue.protocols[protocol], START, Options(choices=choices))
    assert caught.value.field == field
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("protocol=cog-sr&nelarabine=yes", "nelarabine", "does not let you choose nelarabine; leave it out."),
        ("protocol=t-all&sex=boy", "sex", "“boy” is not a value T-cell ALL, children and young people (COG style) "
                                          "allows for sex. Allowed: female, male."),
        ("protocol=ukall2011&sex=", None, None),
        ("protocol=cog-hr&hr_favourable=perhaps", "hr_favourable", "allows for hr_favourable. Allowed: no, yes."),
        ("protocol=t-all&nelarabine=yes&nelarabine=no", "nelarabine", "was given 2 times in the address; give it once."),
    ],
)
def test_the_page_and_json_refuse_with_a_400_naming_the_parameter(client, query, field, message):
    page = client.get(f"/?start=2026-01-05&{query}")
    if field is None:
        assert page.status_code == 200
        return
    assert page.status_code == 400
    body = text(page)
    assert message in body
    assert f'<a href="#{field}">' in body
    data = client.get(f"/schedule.json?start=2026-01-05&{query}")
    assert data.status_code == 400
    assert message in data.get_json()["errors"][field]


def test_the_json_gives_each_option_under_its_id(client):
    data = client.get("/schedule.json?start=2026-01-05&protocol=t-all&sex=male&nelarabine=yes").get_json()
    assert data["options"]["sex"] == "male" and data["options"]["nelarabine"] == "yes"
    assert data["end"] == "2029-04-26"
    assert client.get("/schedule.json?start=2026-01-05&protocol=general&induction_weeks=5").get_json()[
        "options"]["induction_weeks"] == 5


@pytest.mark.parametrize(
    ("query", "line"),
    [
        ("protocol=cog-sr", "The same for boys and girls: treatment ends 2 years after the first day of interim "
                            "maintenance I (AALL1731, which treats boys as long as girls)."),
        ("protocol=hyper-cvad&sex=female", "This timeline is the same for boys and girls."),
        ("protocol=t-all&sex=male", "Boys: treatment ends 3 years after the first day of interim maintenance "
                                    "(AALL0434, about week 171)."),
        ("protocol=t-all", "Sex: Not given: the end is drawn as a range from 2 to 3 years."),
        ("protocol=ukall2011&sex=female", "Girls: about 2 years of treatment in all"),
        ("protocol=general&induction_weeks=5", "Induction of 5 weeks (the outline gives 4 to 6 weeks)."),
    ],
)
def test_the_page_says_what_each_option_does(client, query, line):
    body = text(client.get(f"/?start=2026-01-05&{query}"))
    assert line in body.split('class="option-lines"')[1].split("</ul>")[0]


def test_the_form_shows_only_the_options_the_chosen_protocol_declares(client):
    body = text(client.get("/?start=2026-01-05&protocol=t-all&sex=male"))
    nelarabine = body.split('data-protocols="t-all"')[1].split("</div>")[0]
    assert 'id="nelarabine"' in nelarabine and "disabled" not in nelarabine
    assert '<option selected value="male">Boy</option>' in body
    induction = body.split('<div class="option-field" data-protocols="general" hidden>')[1].split("</div>")[0]
    assert 'id="induction_weeks"' in induction and "disabled" in induction


def test_the_spanish_page_names_the_options_in_spanish(client):
    body = text(client.get("/?start=2026-01-05&protocol=t-all&sex=male&nelarabine=yes&lang=es"))
    assert "Niños: el tratamiento termina 3 años después del primer día del mantenimiento intermedio" in body
    assert "Con nelarabina (AALL0434, riesgo intermedio y alto): consolidación de unas 11 semanas (77 días)" in body


def test_the_core_errors_name_url_parameters_and_hold_no_form_labels(catalogue):
    import ast
    from pathlib import Path

    from webapp import forms
    from webapp.protocol import TIMELINE_PARAMS

    tree = ast.parse(Path("webapp/schedule.py").read_text(encoding="utf-8"))
    raised = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
              and getattr(node.func, "id", "") == "ScheduleError"]
    fields = {node.args[0].value for node in raised if isinstance(node.args[0], ast.Constant)}
    assert fields <= {*TIMELINE_PARAMS}, fields  # the option errors use the option's own id (a URL parameter)
    messages = [n.value for node in raised for n in ast.walk(node) if isinstance(n, ast.Constant)
                and isinstance(n.value, str)]
    labels = {str(f.label.text) for f in forms.bind(MultiDict(), catalogue.protocols, START)}
    labels |= {"As the protocol says", "Not given"}
    assert not [(m, label) for m in messages for label in labels if label in m]


@pytest.mark.parametrize(
    ("choices", "road"),
    [
        # ALLTogether1 (Cancer Research UK, S30/R5): maintenance ends 2 years after consolidation 1 began (2026-02-02).
        ((), [("induction", "2026-01-05", "2026-02-01"), ("consolidation-1", "2026-02-02", "2026-03-22"),
              ("consolidation-2", "2026-03-23", "2026-05-10"), ("delayed-intensification", "2026-05-11", "2026-06-28"),
              ("maintenance", "2026-06-29", "2028-02-01")]),
        ((("consolidation_blocks", "3"),),
         [("induction", "2026-01-05", "2026-02-01"), ("consolidation-1", "2026-02-02", "2026-03-22"),
          ("consolidation-2", "2026-03-23", "2026-05-10"), ("consolidation-3", "2026-05-11", "2026-06-28"),
          ("delayed-intensification", "2026-06-29", "2026-08-16"), ("maintenance", "2026-08-17", "2028-02-01")]),
        # The high-risk road: blocks of about 3 weeks, 10 to 20 weeks in all, instead of the standard route.
        ((("hr_blocks", "yes"),),
         [("induction", "2026-01-05", "2026-02-01"), ("consolidation-1", "2026-02-02", "2026-03-22"),
          ("hr-blocks", "2026-03-23", "2026-05-31"), ("maintenance", "2026-06-01", "2028-02-01")]),
        ((("hr_blocks", "yes"), ("consolidation_blocks", "3")),
         [("induction", "2026-01-05", "2026-02-01"), ("consolidation-1", "2026-02-02", "2026-03-22"),
          ("hr-blocks", "2026-03-23", "2026-05-31"), ("maintenance", "2026-06-01", "2028-02-01")]),
    ],
)
def test_alltogether1_roads(catalogue, choices, road):
    schedule = build(catalogue.protocols["alltogether1"], START, Options(choices=choices))
    assert main_road(schedule) == road
    assert schedule.end == D("2028-02-01") == D("2026-02-02").replace(year=2028) - (D("2026-02-02") - D("2026-02-01"))


def test_the_high_risk_blocks_are_drawn_as_the_range_the_source_gives(catalogue):
    schedule = build(catalogue.protocols["alltogether1"], START, Options(choices=(("hr_blocks", "yes"),)))
    blocks = schedule.phase("hr-blocks")
    assert (blocks.days, blocks.max_end) == (70, D("2026-08-09"))  # 10 weeks drawn, up to 20 (S30)
    assert blocks.spec.setting == "inpatient" and "S30" in blocks.spec.sources


def test_an_alternative_road_is_not_in_the_protocols_default_sequence(client):
    plan = client.get("/protocols/alltogether1.fhir").get_json()
    assert [a["id"] for a in plan["action"]] == [
        "induction", "consolidation-1", "consolidation-2", "delayed-intensification", "maintenance", "paths",
        "after"]  # the steps after treatment (issue 15) come last, after the paths
    page = client.get("/?start=2026-01-05&protocol=alltogether1&hr_blocks=yes&lang=es")
    assert page.status_code == 200 and "Bloques de alto riesgo" in text(page)
