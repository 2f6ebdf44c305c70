"""A count-gated start in the FHIR export: a start condition in words, read by both FHIR libraries."""

from dataclasses import replace

from tests.fixtures import SMALL, START
from tests.test_exports_fhir import SOURCES, load_in_both
from webapp.exports import fhir
from webapp.schedule import build

GATE = "Begins on Day 29, or when blood counts recover, whichever is later."


def test_a_gated_phase_carries_its_gate_as_a_start_condition():
    gated = replace(SMALL, phases=tuple(replace(p, gate=GATE) if p.id == "maintenance" else p for p in SMALL.phases))
    bundle = fhir.bundle(build(gated, START), SOURCES, fhir.Publication("http://localhost/protocols/small.fhir", "active"),
                         "start=2026-01-05&protocol=small", START)
    plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "PlanDefinition")
    actions = {a["id"]: a for a in plan["action"]}
    assert actions["maintenance"]["condition"] == [
        {"kind": "start", "expression": {"language": "text/plain", "expression": GATE}}]
    assert "condition" not in actions["induction"]
    load_in_both(bundle)
