"""Issue 15: an uploaded protocol carries its own milestones (tests, spinal taps), checked like data/milestones.csv
and drawn and exported like a built-in protocol's."""

import io
import json
import re
from urllib.parse import urlsplit

import icalendar
import pytest

from tests.test_views import text

GENERAL = "general,induction,1,Induction,main"
MILESTONES = ("protocol,milestone,phase,day,repeat_every,kind,label,short,sources,note\r\n"
              "general,day28,induction,28,,check,Bone marrow test at the end of induction,Day 28 marrow,own,\r\n"
              "general,cons-lp,consolidation,1,28,lp,Spinal tap every 4 weeks,LP,own,\r\n")


@pytest.fixture
def csrf(client):
    page = client.get("/custom").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.fixture(scope="module")
def phases_csv(app):
    return app.test_client().get("/custom/template-general.csv").get_data(as_text=True)


def send(client, csrf, phases_csv, **fields):
    data = {"csrf_token": csrf, "start": "2026-01-05", "csv_text": phases_csv, **fields}
    return client.post("/custom", data=data, content_type="multipart/form-data")


def test_milestones_from_a_second_file_are_drawn_listed_and_exported(client, csrf, phases_csv):
    # Saved by Excel on Spanish Windows: semicolons and Windows-1252, like the phases may be.
    data = MILESTONES.replace(",", ";").encode("cp1252")
    response = send(client, csrf, phases_csv, milestones_file=(io.BytesIO(data), "pruebas.csv"))
    assert response.status_code == 303, text(response)
    query = urlsplit(response.headers["Location"]).query
    schedule = client.get("/schedule.json?" + query).get_json()
    # Induction is 4 weeks from Mon, 5 Jan 2026 (its Day 28 is Sun 1 Feb); consolidation's 147 days start on Day 29,
    # with a tap every 28 days from its first day while it lasts (to Sun, 28 Jun 2026).
    # Life after treatment (kind "after") comes from data/after_milestones.csv, not from the upload.
    assert [(m["id"], m["date"], m["day"]) for m in schedule["milestones"] if m["kind"] != "after"] == [
        ("day28", "2026-02-01", 28), ("cons-lp-1", "2026-02-02", 29), ("cons-lp-2", "2026-03-02", 57),
        ("cons-lp-3", "2026-03-30", 85), ("cons-lp-4", "2026-04-27", 113), ("cons-lp-5", "2026-05-25", 141),
        ("cons-lp-6", "2026-06-22", 169), ("end", "2028-06-28", 906)]
    page = text(client.get("/?" + query))
    assert "Spinal tap every 4 weeks" in page
    figure = json.loads(re.search(r'id="figure-data">(.*?)</script>', page).group(1))
    lps = next(t for t in figure["data"] if t.get("name") == "Spinal tap (lumbar puncture)")
    assert lps["x"][:2] == ["2026-02-02 12:00", "2026-03-02 12:00"]
    events = icalendar.Calendar.from_ical(client.get("/schedule.ics?" + query).data).walk("VEVENT")
    assert "Spinal tap every 4 weeks" in [str(e["SUMMARY"]) for e in events]
    printed = text(client.get("/print?" + query))
    assert "<td>Spinal tap every 4 weeks</td>" in printed
    assert ("to see this timeline again, type http://localhost/custom and upload the same two CSV files again "
            "(phases and milestones) with the treatment start Mon, 5 Jan 2026.") in printed


def test_a_day_past_the_phase_is_refused_with_its_line(client, csrf, phases_csv):
    # Induction lasts 4 weeks (28 days), up to 6 with the option: Day 29 is past its shortest length.
    response = send(client, csrf, phases_csv, milestones_text=MILESTONES.replace("induction,28", "induction,29"))
    assert response.status_code == 400
    assert ("<li>milestones.csv, line 2, column 'day': Day 29 is after the phase's last day (Day 28). "
            "Fix: use a day from 1 to 28, or 'last'.</li>") in text(response).replace("&#39;", "'")


def test_built_in_milestones_uploaded_again_land_on_the_same_days(client, csrf):
    phases_csv = client.get("/custom/template-cog-sr.csv").get_data(as_text=True)
    milestones_csv = client.get("/custom/milestones-cog-sr.csv").get_data(as_text=True)
    response = send(client, csrf, phases_csv, milestones_text=milestones_csv)
    assert response.status_code == 303, text(response)
    uploaded = client.get("/schedule.json?" + urlsplit(response.headers["Location"]).query).get_json()
    built_in = client.get("/schedule.json?start=2026-01-05&protocol=cog-sr").get_json()
    assert len([m for m in built_in["milestones"] if m["kind"] != "after"]) == 21
    keep = ("id", "label", "date", "day", "phase")
    assert [{k: m[k] for k in keep} for m in uploaded["milestones"]] == [
        {k: m[k] for k in keep} for m in built_in["milestones"]]


@pytest.mark.parametrize(("rows", "message"), [
    ("general,x,maintenance,1,,check,A,B,own,\r\nother,y,maintenance,1,,check,A,B,own,",
     "milestones.csv, line 3, column 'protocol': 'other' is not the protocol of phases.csv ('general'). "
     "Fix: write the same protocol id as in phases.csv."),
    ("general,x,nowhere,1,,check,A,B,own,",
     "milestones.csv, line 2, column 'phase': 'nowhere' is not a phase of 'general'. Fix: name a phase from "
     "phases.csv."),
    ("general,x,maintenance,1,,end,A,B,own,",
     "milestones.csv, line 2, column 'kind': the planned end is drawn for you. Fix: use check (a test or scan) or "
     "lp (a spinal tap)."),
    ("general,x,maintenance,1,,scan,A,B,own,",
     "milestones.csv, line 2, column 'kind': 'scan' is not a kind. Fix: use one of check, lp, end, course."),
    ("general,x,maintenance,1,,check,A,B,nope,",
     "milestones.csv, line 2, column 'sources': unknown source 'nope'. Fix: write 'own' for your own protocol, or "
     "use a key from this app's list of sources."),
    ("general,x,maintenance,,,check,A,B,own,",
     "milestones.csv, line 2, column 'day': is empty. Fix: fill it in."),
], ids=["other-protocol", "unknown-phase", "end", "unknown-kind", "unknown-source", "empty-day"])
def test_each_bad_milestone_row_is_named(client, csrf, phases_csv, rows, message):
    header = "protocol,milestone,phase,day,repeat_every,kind,label,short,sources,note\r\n"
    response = send(client, csrf, phases_csv, milestones_text=header + rows)
    assert response.status_code == 400
    assert f"<li>{message}</li>" in text(response).replace("&#39;", "'")


def test_milestones_given_twice_are_refused(client, csrf, phases_csv):
    response = send(client, csrf, phases_csv, milestones_text=MILESTONES,
                    milestones_file=(io.BytesIO(MILESTONES.encode()), "m.csv"))
    assert response.status_code == 400
    assert ("<li>milestones_file: give the CSV once: either upload a file or paste the text, not both.</li>"
            in text(response))


def test_the_upload_page_documents_the_milestones_table(client):
    body = text(client.get("/custom"))
    assert "<legend>Milestones: tests and spinal taps (optional)</legend>" in body
    assert "<pre class=\"columns\">protocol,milestone,phase,day,repeat_every,kind,label,short,sources,note</pre>" in body
    assert 'href="/custom/milestones-cog-sr.csv"' in body
