"""HTTP behaviour of the FHIR downloads: media type, file name, the same bytes per address, bad input, 404."""

import json
import re
from urllib.parse import urlsplit

import pytest

from tests.test_exports_fhir import check_rules, load_in_both, resources
from tests.test_views import text

COG = "start=2026-01-05&protocol=cog-sr"


def test_schedule_fhir_is_a_bundle_download_both_libraries_accept(client):
    response = client.get(f"/schedule.fhir?{COG}&today=2026-03-01")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/fhir+json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="all-timeline-cog-sr-2026-01-05.fhir.json"'
    bundle = response.get_json(force=True)
    load_in_both(bundle)
    check_rules(bundle)
    plan = resources(bundle)["CarePlan"]
    # Treatment ends on 2 March 2028; the COG long-term follow-up clinic (US guidance) 2 years later ends the plan.
    assert plan["period"] == {"start": "2026-01-05", "end": "2030-03-02"}
    assert plan["activity"][-1]["detail"]["code"]["text"].startswith("Long-term follow-up clinic")
    assert plan["instantiatesCanonical"] == ["http://localhost/protocols/cog-sr.fhir|2021-01-01"]
    assert [a["detail"]["status"] for a in plan["activity"][:3]] == ["completed", "in-progress", "not-started"]


def test_the_same_address_gives_the_same_bytes(client):
    url = f"/schedule.fhir?{COG}&today=2026-03-01"
    assert client.get(url).data == client.get(url).data


def test_ids_stay_across_languages_and_as_of_days_while_the_text_is_spanish(client):
    english = client.get(f"/schedule.fhir?{COG}&today=2026-03-01").get_json(force=True)
    spanish = client.get(f"/schedule.fhir?{COG}&today=2027-03-01&lang=es").get_json(force=True)
    assert [e["fullUrl"] for e in spanish["entry"]] == [e["fullUrl"] for e in english["entry"]]
    plan = resources(spanish)["CarePlan"]
    assert plan["language"] == "es"
    assert "<th>Qué</th><th>Desde</th><th>Hasta</th><th>Dónde</th>" in plan["text"]["div"]
    assert plan["activity"][0]["detail"]["code"]["text"] == "Inducción"
    assert resources(spanish)["PlanDefinition"]["status"] == "active"


def test_the_teaching_view_gives_day_numbers_without_dates(client):
    response = client.get("/schedule.fhir?protocol=general")
    assert response.status_code == 200
    plan = resources(response.get_json(force=True))["CarePlan"]
    assert "period" not in plan
    assert plan["activity"][0]["detail"] == {
        "code": {"text": "Induction"}, "status": "not-started", "scheduledString": "Day 1 to Day 28",
        "description": "Intense chemotherapy, usually in hospital, aiming for remission. Mostly in hospital."}


@pytest.mark.parametrize(("query", "field", "message"), [
    ("start=2026-13-05&protocol=cog-sr", "start", "“2026-13-05” is not a real date: there is no month 13."),
    ("start=2026-01-05&protocol=nope", "protocol", "nope"),
    ("start=2026-01-05&protocol=cog-sr&branch=hsct", "branch", "does not offer the branch “hsct”"),
    ("start=2026-01-05&protocol=cog-hr&branch=hsct&branch=car-t", "branch",
     "“hsct” and “car-t” each replace the rest of the main road, so one timeline can show only one of them."),
])
def test_bad_queries_get_the_form_page_with_400_naming_the_field(client, query, field, message):
    response = client.get(f"/schedule.fhir?{query}")
    assert response.status_code == 400
    body = text(response)
    assert f'href="#{field}"' in body and message in body


def test_protocol_fhir_is_the_plan_definition_found_at_its_own_url(client):
    response = client.get("/protocols/cog-hr.fhir")
    assert (response.status_code, response.headers["Content-Type"]) == (200, "application/fhir+json")
    plan = json.loads(response.data)
    assert (plan["resourceType"], plan["url"], plan["version"]) == (
        "PlanDefinition", "http://localhost/protocols/cog-hr.fhir", "2021-01-01")
    assert json.loads(client.get(plan["url"].removeprefix("http://localhost")).data) == plan
    assert [a["id"] for a in plan["action"]] == ["induction", "consolidation", "im1", "di", "im2", "maintenance", "paths",
                                                "after"]


def test_an_unknown_protocol_is_a_404_operation_outcome_naming_it(client):
    response = client.get("/protocols/nope.fhir?lang=es")
    assert (response.status_code, response.headers["Content-Type"]) == (404, "application/fhir+json")
    assert json.loads(response.data)["issue"] == [{
        "severity": "error", "code": "not-found",
        "diagnostics": "protocol: no hay ningún protocolo “nope”. Protocolos: cog-sr, cog-hr, t-all, calgb-10403, "
                       "hyper-cvad, ph-positive-adult, general, alltogether1, ukall2011, aieop-bfm-2017, "
                       "aieop-bfm-2017-hr, total-xvii, dfci-16-001, interfant-06, graall-2005, aall1331, "
                       "relapse-hr-blinatumomab."}]


def test_an_uploaded_protocol_is_a_draft_with_a_urn_of_its_own(client):
    page = client.get("/custom").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    template = client.get("/custom/template-general.csv").get_data(as_text=True)
    location = client.post("/custom", data={"csrf_token": csrf, "start": "2026-01-05", "csv_text": template})
    bundle = client.get("/schedule.fhir?" + urlsplit(location.headers["Location"]).query).get_json(force=True)
    plan = resources(bundle)["PlanDefinition"]
    assert plan["status"] == "draft" and plan["url"].startswith("urn:uuid:")
    load_in_both(bundle)
    check_rules(bundle)


def test_the_timeline_page_links_the_fhir_download(client):
    body = text(client.get(f"/?{COG}"))
    assert ('<a href="/schedule.fhir?start=2026-01-05&protocol=cog-sr" download>For the care team\'s systems '
            "(FHIR)</a>: this plan and its protocol in HL7 FHIR R4") in body


@pytest.mark.parametrize(("protocol_id", "status"), [
    ("alltogether1", "active"), ("cog-sr", "active"), ("ukall2011", "retired"), ("total-xvii", "retired"),
    ("aall1331", "retired"),
])
def test_the_plan_definition_status_follows_the_protocols_status(client, protocol_id, status):
    # current -> active; closed to new patients or superseded -> retired (protocols.csv `status`, issue 12).
    plan = client.get(f"/protocols/{protocol_id}.fhir").get_json(force=True)
    bundle = client.get(f"/schedule.fhir?start=2026-01-05&protocol={protocol_id}").get_json(force=True)
    assert (plan["status"], resources(bundle)["PlanDefinition"]["status"]) == (status, status)
