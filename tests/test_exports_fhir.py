"""The FHIR export: exact golden JSON, read back by two independent model libraries, and FHIRPath rules."""

import copy
import json
import warnings
from dataclasses import replace
from datetime import date

import pytest
from fhir.resources.R4B.bundle import Bundle as ResourcesBundle
from fhir.resources.R4B.plandefinition import PlanDefinition as ResourcesPlanDefinition
from fhirclient.models.bundle import Bundle as ClientBundle
from fhirclient.models.plandefinition import PlanDefinition as ClientPlanDefinition
from fhirpathpy import evaluate
from fhirpathpy.models import models

from tests.conftest import ROOT
from tests.fixtures import SMALL, START, small_schedule
from webapp.catalogue import Source
from webapp.exports import fhir
from webapp.i18n import active
from webapp.protocol import AfterSpec, Guideline
from webapp.schedule import NO_OPTIONS, Options, apply_options, build

GOLDEN = ROOT / "tests" / "golden"
# Fixed sources, so the golden files do not change when data/sources.csv gains a row.
SOURCES = {
    "S1": Source("S1", "A patient page", "A clinic", "2021", "https://example.org/s1"),
    "S27": Source("S27", "A charity page", "A charity", "", "https://example.org/s27"),
}
SMALL_AT = fhir.Publication("http://localhost/protocols/small.fhir", "active")
TODAY = date(2026, 2, 10)
R4 = models["r4"]

INSIDE_PERIOD = ("activity.detail.scheduledPeriod.all(start.toDate() >= %plan.period.start.toDate() "
                 "and end.toDate() <= %plan.period.end.toDate() and start.toDate() <= end.toDate())")
RESOLVES = ("entry.resource.ofType(CarePlan).instantiatesCanonical.all($this in "
            "%bundle.entry.resource.ofType(PlanDefinition).select(url + '|' + version))")
DATES = "descendants().select(period | scheduledPeriod).select(start | end) | entry.resource.date"
DATE_ONLY = f"({DATES}).all(matches('^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$'))"


def small_bundle(start=START):
    key = f"start={start.isoformat()}&protocol=small" if start else "protocol=small"
    return fhir.bundle(small_schedule(start), SOURCES, SMALL_AT, key, TODAY)


def resources(bundle: dict) -> dict:
    return {entry["resource"]["resourceType"]: entry["resource"] for entry in bundle["entry"]}


def load_in_both(bundle: dict) -> None:
    """Read the Bundle with fhir.resources (R4B models) and fhirclient (strict R4); fail on any warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ResourcesBundle.model_validate(bundle)
        read = ClientBundle(copy.deepcopy(bundle), strict=True)
    # fhirclient writes back every element it read: nothing was dropped as unknown.
    assert read.as_json() == bundle


def fhirpath(resource: dict, expression: str, **context) -> list:
    return evaluate(copy.deepcopy(resource), expression, copy.deepcopy(context), R4)


def check_rules(bundle: dict) -> None:
    """Check with FHIRPath what the models do not: periods nest, the canonical resolves, dates are date-only."""
    plan = resources(bundle)["CarePlan"]
    assert fhirpath(bundle, RESOLVES, bundle=bundle) == [True]
    assert fhirpath(bundle, DATE_ONLY) == [True]
    if "period" in plan:
        assert fhirpath(plan, INSIDE_PERIOD, plan=plan) == [True]


@pytest.mark.parametrize(("start", "golden"), [(START, "small.fhir.json"), (None, "small-relative.fhir.json")])
def test_fhir_matches_the_golden_file_exactly(start, golden):
    assert fhir.to_json(small_bundle(start), indent=2) == (GOLDEN / golden).read_text(encoding="utf-8")


def test_the_download_is_the_same_json_without_white_space():
    bundle = small_bundle()
    compact = fhir.to_json(bundle)
    assert json.loads(compact) == bundle
    assert compact.startswith('{"resourceType":"Bundle","id":"') and compact.endswith("}\n") and "\n" not in compact[:-1]


def test_the_same_query_gives_the_same_ids_and_another_start_other_ids():
    first, again = small_bundle(), small_bundle()
    assert fhir.to_json(first) == fhir.to_json(again)
    other = small_bundle(date(2026, 1, 6))
    assert {e["fullUrl"] for e in first["entry"]}.isdisjoint(e["fullUrl"] for e in other["entry"])
    assert [e["fullUrl"] for e in first["entry"]] == [f"urn:uuid:{e['resource']['id']}" for e in first["entry"]]


def test_both_libraries_read_the_small_bundle_and_its_rules_hold():
    for start in (START, None):
        bundle = small_bundle(start)
        load_in_both(bundle)
        check_rules(bundle)


@pytest.mark.parametrize(("expression", "breaks"), [
    (RESOLVES, lambda b: resources(b)["PlanDefinition"].update(version="2099-01-01")),
    (DATE_ONLY, lambda b: resources(b)["CarePlan"]["period"].update(start="2026-01-05T00:00:00Z")),
])
def test_the_bundle_rules_fail_on_a_broken_bundle(expression, breaks):
    bundle = small_bundle()
    breaks(bundle)
    assert fhirpath(bundle, expression, bundle=bundle) == [False]


def test_the_period_rule_fails_when_an_activity_leaves_the_plan():
    plan = resources(small_bundle())["CarePlan"]
    plan["period"]["end"] = "2026-03-01"
    assert fhirpath(plan, INSIDE_PERIOD, plan=plan) == [False]


def test_plan_definition_has_timings_relations_paths_and_citations():
    plan = resources(small_bundle())["PlanDefinition"]
    assert (plan["url"], plan["version"], plan["status"], plan["experimental"]) == (
        "http://localhost/protocols/small.fhir", "2025-06-01", "active", True)
    assert [a["id"] for a in plan["action"]] == ["induction", "maintenance", "paths"]
    induction, maintenance, paths = plan["action"]
    assert induction["timingDuration"] == {"value": 4, "unit": "weeks", "system": "http://unitsofmeasure.org",
                                           "code": "wk"}
    assert "relatedAction" not in induction
    assert maintenance["relatedAction"] == [{"actionId": "induction", "relationship": "after-end"}]
    assert maintenance["timingDuration"]["code"] == "mo"
    assert (paths["selectionBehavior"], [a["id"] for a in paths["action"]]) == ("any", ["path-car-t"])
    assert paths["action"][0]["action"][0]["timingDuration"]["value"] == 10
    assert [(a["label"], a["url"]) for a in plan["relatedArtifact"]] == [
        ("S1", "https://example.org/s1"), ("S27", "https://example.org/s27")]
    assert plan["relatedArtifact"][1]["display"] == "A charity page. A charity"


def test_care_plan_is_a_draft_proposal_for_a_display_only_subject():
    plan = resources(small_bundle())["CarePlan"]
    assert (plan["status"], plan["intent"], plan["subject"]) == ("draft", "proposal", {"display": "The patient"})
    assert plan["instantiatesCanonical"] == ["http://localhost/protocols/small.fhir|2025-06-01"]
    assert plan["period"] == {"start": "2026-01-05", "end": "2026-05-01"}
    assert "meta" not in plan
    assert plan["text"]["status"] == "generated"
    assert plan["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml"><p><b>ALL Timeline: Small')
    assert "<tr><td>Induction</td><td>2026-01-05</td><td>2026-02-01</td><td>Mostly in hospital</td></tr>" in (
        plan["text"]["div"])


def test_activity_statuses_follow_the_planned_dates_on_the_as_of_day():
    details = [a["detail"] for a in resources(small_bundle())["CarePlan"]["activity"]]
    assert [(d["code"]["text"], d["status"]) for d in details[:4]] == [
        ("Induction", "completed"), ("Maintenance, at home", "in-progress"), ("=CAR-T (branch)", "in-progress"),
        ("Day 8 blood test (MRD)", "completed")]
    assert details[-1] == {"code": {"text": "Planned last day of treatment"}, "status": "not-started",
                           "scheduledPeriod": {"start": "2026-05-01", "end": "2026-05-01"},
                           "description": "Day 117 of treatment, during Maintenance, at home."}


def test_the_relative_view_has_day_numbers_and_no_dates():
    plan = resources(small_bundle(None))["CarePlan"]
    assert "period" not in plan
    assert [a["detail"]["scheduledString"] for a in plan["activity"][:2]] == ["Day 1 to Day 28", "Day 29 to Day 118"]
    assert "scheduledPeriod" not in json.dumps(plan)


def test_spanish_text_with_the_same_ids_and_codes():
    with active("es"):
        spanish = small_bundle()
    english = small_bundle()
    assert [e["fullUrl"] for e in spanish["entry"]] == [e["fullUrl"] for e in english["entry"]]
    plan = resources(spanish)["CarePlan"]
    assert (plan["language"], plan["subject"]["display"]) == ("es", "El paciente")
    assert "<th>Qué</th>" in plan["text"]["div"]
    action = resources(spanish)["PlanDefinition"]["action"][0]
    assert (action["id"], action["timingDuration"]["code"], action["timingDuration"]["unit"]) == (
        "induction", "wk", "semanas")
    load_in_both(spanish)


def test_not_found_is_an_operation_outcome():
    outcome = fhir.not_found("protocol: there is no protocol “x”.")
    assert outcome["issue"] == [{"severity": "error", "code": "not-found",
                                 "diagnostics": "protocol: there is no protocol “x”."}]


def _paths(protocol):
    """Return no path, each optional path alone, and the most paths one timeline allows together."""
    optional = [b for b in protocol.branches if b.id not in protocol.always]
    # Two paths that replace the rest of the main road are refused together, so each gets its own widest set.
    kept = tuple(b.id for b in optional if not b.replaces_rest)
    replacing = [b.id for b in optional if b.replaces_rest] or [None]
    together = [tuple(b.id for b in optional if b.id in kept or b.id == r) for r in replacing]
    return [(), *((b.id,) for b in optional), *(t for t in together if len(t) > 1)]


def _cases():
    from webapp.catalogue import load

    protocols = load(ROOT / "data").protocols
    return [(pid, path) for pid, protocol in protocols.items() for path in _paths(protocol)]


@pytest.mark.parametrize(("protocol_id", "path"), _cases(), ids=lambda v: "+".join(v) if isinstance(v, tuple) else v)
def test_every_protocol_and_path_exports_a_bundle_both_libraries_accept(catalogue, protocol_id, path):
    protocol = catalogue.protocols[protocol_id]
    schedule = build(protocol, date(2026, 1, 5), Options(branches=path))
    at = fhir.Publication(f"http://localhost/protocols/{protocol_id}.fhir", "active")
    bundle = fhir.bundle(schedule, catalogue.sources, at, f"protocol={protocol_id}", TODAY)
    load_in_both(bundle)
    check_rules(bundle)
    details = [a["detail"] for a in resources(bundle)["CarePlan"]["activity"]]
    expected = [(p.name, p.start, p.end) for p in schedule.phases]
    expected += [(m.label, m.date, m.date) for m in schedule.milestones]
    expected += [(m.label, m.date, m.latest or m.date) for m in schedule.after_dated]
    found = [(d["code"]["text"], date.fromisoformat(d["scheduledPeriod"]["start"]),
              date.fromisoformat(d["scheduledPeriod"]["end"])) for d in details]
    assert found == expected
    relative = fhir.bundle(build(protocol, None, Options(branches=path)), catalogue.sources, at, "r", TODAY)
    load_in_both(relative)
    check_rules(relative)


def test_every_step_of_every_path_is_an_action_once(catalogue):
    for protocol in catalogue.protocols.values():
        plan = fhir.plan_definition(protocol, catalogue.sources, SMALL_AT, protocol.id)
        ids = fhirpath(plan, "action.where(id != 'after').repeat(action).where(action.empty()).id"
                             " | action.where(action.empty()).id")
        # The road drawn when no patient option is given; an alternative road's phases are not in the plan.
        road = apply_options(protocol, NO_OPTIONS)[0]
        steps = [s.id for s in road] + [s.id for b in protocol.branches for s in b.steps]
        assert sorted(ids) == sorted(steps)
        referenced = fhirpath(plan, "(action | action.repeat(action)).relatedAction.actionId")
        assert set(referenced) <= set(ids)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ResourcesPlanDefinition.model_validate(plan)
            ClientPlanDefinition(copy.deepcopy(plan), strict=True)


def test_clinical_rules_read_as_fhir_relations(catalogue):
    def action(protocol_id, action_id):
        plan = fhir.plan_definition(catalogue.protocols[protocol_id], catalogue.sources, SMALL_AT, "k")
        return fhirpath(plan, f"(action | action.repeat(action)).where(id = '{action_id}')")[0]

    maintenance = action("cog-sr", "maintenance")
    assert maintenance["textEquivalent"] == "Ends 2 years after the first day of Interim maintenance I."
    assert "timingDuration" not in maintenance and "timingRange" not in maintenance
    # The donor search is counted back 180 days from Day 0 (S38).
    assert action("cog-hr", "hsct-donor-search")["relatedAction"] == [{
        "actionId": "hsct-first100", "relationship": "before-start",
        "offsetDuration": {"value": 180, "unit": "days", "system": "http://unitsofmeasure.org", "code": "d"}}]
    assert action("general", "induction")["timingRange"] == {
        "low": {"value": 4, "unit": "weeks", "system": "http://unitsofmeasure.org", "code": "wk"},
        "high": {"value": 6, "unit": "weeks", "system": "http://unitsofmeasure.org", "code": "wk"}}
    car_t = action("cog-sr", "path-car-t")
    assert car_t["condition"][0]["kind"] == "applicability"
    assert car_t["condition"][0]["expression"]["expression"].startswith("If the leukaemia does not respond")


def _after(id, guideline, path, anchor, length, length_max, unit, label):
    return AfterSpec(id, guideline, path, anchor, length, length_max, unit, label, label.split(":")[0],
                     f"What {label.lower()} means.", ("S27",))


# The small protocol with life after treatment: a step for every guideline, two countries, a branch's range.
AFTER = (
    _after("end", "", "", "end", 0, None, "days", "Last day of treatment"),
    _after("vaccines", "us", "main", "end", 3, None, "months", "Vaccines again: 3 months (US)"),
    _after("vaccines", "uk", "main", "end", 6, None, "months", "Vaccines again: 6 months (UK)"),
    _after("live-vaccines", "uk", "car-t", "car-t", 18, 24, "months", "Live vaccines: 18 to 24 months (UK)"),
    _after("adult-care", "", "", "", None, None, "", "Adult care"),
)
GUIDELINES = (Guideline("us", "United States", (), ("S1",)), Guideline("uk", "United Kingdom", (), ("S27",)))
SMALL_AFTER = replace(SMALL, after=AFTER, guidelines=GUIDELINES, guideline="us")


def after_bundle(guideline="us", start=START):
    schedule = build(SMALL_AFTER, start, Options(guideline=guideline))
    return fhir.bundle(schedule, SOURCES, SMALL_AT, f"protocol=small&guideline={guideline}", TODAY)


def test_fhir_with_life_after_treatment_matches_the_golden_file_exactly():
    assert fhir.to_json(after_bundle("uk"), indent=2) == (
        GOLDEN / "small-after.fhir.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(("guideline", "expected"), [
    ("us", [("Last day of treatment", "2026-05-01", "2026-05-01"),
            ("Vaccines again: 3 months (US)", "2026-08-01", "2026-08-01")]),
    # The CAR-T row is drawn from 2 February 2026: live vaccines 18 to 24 months after its first day.
    ("uk", [("Last day of treatment", "2026-05-01", "2026-05-01"),
            ("Vaccines again: 6 months (UK)", "2026-11-01", "2026-11-01"),
            ("Live vaccines: 18 to 24 months (UK)", "2027-08-02", "2028-02-02")]),
])
def test_care_plan_carries_the_dated_steps_after_treatment_of_the_guideline(guideline, expected):
    bundle = after_bundle(guideline)
    load_in_both(bundle)
    check_rules(bundle)
    plan = resources(bundle)["CarePlan"]
    after = [a["detail"] for a in plan["activity"]][-len(expected):]
    assert [(d["code"]["text"], d["scheduledPeriod"]["start"], d["scheduledPeriod"]["end"]) for d in after] == expected
    assert after[0]["description"] == "What last day of treatment means."
    assert plan["period"] == {"start": "2026-01-05", "end": expected[-1][2]}
    assert "Adult care" not in json.dumps(plan)  # no date: the PlanDefinition says it in words
    assert f"<tr><td>{expected[-1][0]}</td><td>{expected[-1][1]}</td><td>{expected[-1][2]}</td><td></td></tr>" in (
        plan["text"]["div"])


def test_the_relative_care_plan_gives_the_steps_after_treatment_in_day_numbers():
    plan = resources(after_bundle("us", start=None))["CarePlan"]
    assert [a["detail"]["scheduledString"] for a in plan["activity"][-2:]] == ["Day 118", "Day 209"]


def test_plan_definition_has_the_steps_after_treatment_of_every_guideline():
    plan = resources(after_bundle())["PlanDefinition"]
    after = plan["action"][-1]
    assert (after["id"], after["title"], after["selectionBehavior"]) == ("after", "After treatment", "all")
    end, adult, choice = after["action"]
    assert (end["id"], end["textEquivalent"], end["documentation"][0]["label"]) == (
        "after-end", "On the last day of treatment.", "S27")
    assert "relatedAction" not in end
    assert (adult["id"], adult["description"]) == ("after-adult-care", "What adult care means.")
    assert "textEquivalent" not in adult
    assert (choice["id"], choice["selectionBehavior"]) == ("after-guidelines", "exactly-one")
    assert [(g["id"], g["title"], [a["id"] for a in g["action"]]) for g in choice["action"]] == [
        ("after-us", "United States", ["after-vaccines-us"]),
        ("after-uk", "United Kingdom", ["after-vaccines-uk", "after-live-vaccines-uk"])]
    vaccines, live = choice["action"][1]["action"]
    assert vaccines["textEquivalent"] == "6 months after the last day of treatment."
    assert "relatedAction" not in vaccines  # the end of treatment depends on the path drawn: said in words
    assert live["textEquivalent"] == "18\u201324 months after the first day of =CAR-T (branch)."
    assert live["relatedAction"] == [{"actionId": "car-t", "relationship": "after-start", "offsetRange": {
        "low": {"value": 18, "unit": "months", "system": "http://unitsofmeasure.org", "code": "mo"},
        "high": {"value": 24, "unit": "months", "system": "http://unitsofmeasure.org", "code": "mo"}}}]
    ids = fhirpath(plan, "(action | action.repeat(action)).id")
    assert len(ids) == len(set(ids))


def test_the_real_transplant_path_counts_live_vaccines_from_day_0(catalogue):
    plan = fhir.plan_definition(catalogue.protocols["cog-hr"], catalogue.sources, SMALL_AT, "k")
    live = fhirpath(plan, "(action | action.repeat(action)).where(id = 'after-live-vaccines-us')")[0]
    assert live["relatedAction"] == [{"actionId": "hsct-first100", "relationship": "after-start", "offsetDuration": {
        "value": 24, "unit": "months", "system": "http://unitsofmeasure.org", "code": "mo"}}]
    assert [a["label"] for a in live["documentation"]] == ["S112"]
    assert "S115" in [a["label"] for a in plan["relatedArtifact"]]


def test_the_real_care_plan_has_the_vaccine_date_of_each_guideline(catalogue):
    protocol = catalogue.protocols["cog-sr"]
    for guideline, months in (("us", 3), ("uk", 6), ("au", 6)):
        schedule = build(protocol, date(2026, 1, 5), Options(guideline=guideline))
        bundle = fhir.bundle(schedule, catalogue.sources, SMALL_AT, "k", TODAY)
        vaccines = [a["detail"] for a in resources(bundle)["CarePlan"]["activity"]
                    if a["detail"]["code"]["text"].startswith("Vaccines usually start again")]
        mark = next(m for m in schedule.after if m.spec.id == "vaccines")
        assert [v["scheduledPeriod"]["start"] for v in vaccines] == [mark.date.isoformat()]
        assert (mark.date.year * 12 + mark.date.month) - (schedule.path_end.year * 12 + schedule.path_end.month) in (
            months, months + 1)
