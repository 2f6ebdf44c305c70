"""Issue 10, point 4: a path that replaces the rest of the main road agrees with itself on every surface."""

import io
from urllib.parse import urlencode

import icalendar
import pandas as pd
import pytest

from tests import pdf_reading
from tests.test_views import text

HSCT = "start=2026-01-05&protocol=cog-hr&branch=hsct"
CART = "start=2026-01-05&protocol=cog-sr&branch=car-t"
HSCT_SENTENCE = ("On this path, Stem-cell transplant (allogeneic) replaces the rest of the main road from Mon, 6 Apr "
                 "2026: Interim maintenance I (high-dose methotrexate), Delayed intensification, Interim maintenance II "
                 "(escalating methotrexate), Maintenance are not part of it.")
HSCT_ROWS = ["induction", "consolidation", "hsct-donor-search", "hsct-conditioning", "hsct-first100",
             "hsct-engraftment", "hsct-immunosuppression", "hsct-immune"]


def test_page_totals_position_and_sentence_use_the_path(client):
    body = text(client.get(f"/?{HSCT}&today=2026-05-01"))
    assert ("From <strong>Mon, 5 Jan 2026</strong> to <strong>Mon, 12 Apr 2027</strong>: 463 days (about 15 months), "
            "in 8 phases.") in body
    assert f'<p class="replaced-note" role="note">{HSCT_SENTENCE}</p>' in body
    # The latest-begun row running that day: engraftment, Day +10 to +21 after Day 0 on 13 Apr.
    assert ("On Fri, 1 May 2026 (Day 117), you are in week 2 of 2 of If transplant: counts recover (engraftment). "
            "Nothing new begins after it; the path drawn ends on Mon, 12 Apr 2027.") in body
    assert "25% done: Day 117 of 463" in body
    # Tables: no chemotherapy phase or tap after the transplant starts.
    assert 'href="#phase-im1"' not in body and 'href="#phase-maintenance"' not in body
    assert "Spinal tap (interim maintenance" not in body


def test_json_carries_the_path_and_what_it_replaces(client):
    data = client.get(f"/schedule.json?{HSCT}").get_json()
    assert (data["end"], data["path_end"], data["main_end"], data["total_days"]) == (
        "2027-04-12", "2027-04-12", "2026-04-05", 463)
    assert (data["replaced_by"], data["replaced_from"], data["replaced_from_day"], data["replaced_phases"]) == (
        "hsct", "2026-04-06", 92, ["im1", "di", "im2", "maintenance"])
    assert [p["id"] for p in data["phases"]] == HSCT_ROWS
    assert [p["possible"] for p in data["phases"]] == [False, False] + [True] * 6
    assert [m["id"] for m in data["milestones"] if m["kind"] != "after"][-3:] == ["eoc-marrow", "hsct-day0",
                                                                                 "hsct-day100"]
    # After a possible transplant, the steps after treatment count from its end: they are possible too.
    assert [(m["id"], m["possible"]) for m in data["milestones"] if m["kind"] == "after"] == [
        ("after-end", True), ("after-live-vaccines", True), ("after-follow-up", True)]
    plain = client.get("/schedule.json?start=2026-01-05&protocol=cog-hr").get_json()
    assert (plain["replaced_by"], plain["replaced_from"], plain["replaced_phases"], plain["end"]) == (
        None, None, [], "2028-04-05")


def test_json_of_a_car_t_path(client):
    data = client.get(f"/schedule.json?{CART}").get_json()
    assert (data["end"], data["total_days"], data["replaced_from"]) == ("2026-06-08", 155, "2026-02-03")
    assert data["replaced_phases"] == ["consolidation", "im1", "di", "im2", "maintenance"]
    assert [(p["id"], p["start"], p["end"]) for p in data["phases"] if p["track"] == "main"] == [
        ("induction", "2026-01-05", "2026-02-02")]


def test_csv_rows_are_the_path(client):
    frame = pd.read_csv(io.BytesIO(client.get(f"/schedule.csv?{HSCT}").data), dtype=str, encoding="utf-8-sig")
    assert frame[frame.kind == "phase"]["id"].tolist() == HSCT_ROWS
    assert frame[frame.kind == "milestone"]["id"].tolist()[-2:] == ["hsct-day0", "hsct-day100"]
    assert frame[frame.id == "consolidation"][["first_date", "last_date"]].values.tolist() == [
        ["2026-02-09", "2026-04-05"]]


def test_calendar_leaves_if_rows_out_unless_asked_then_marks_them_possible(client):
    events = icalendar.Calendar.from_ical(client.get(f"/schedule.ics?{HSCT}").data).walk("VEVENT")
    uids = [str(e["UID"]).split(".")[0] for e in events if "STATUS" not in e]
    assert uids == ["induction", "consolidation", "dx-lp", "day8-lp", "day8-mrd", "day29-lp", "day29-marrow",
                    "cons-lp1", "cons-lp2", "cons-lp3", "cons-lp4", "eoc-marrow"]
    # What the transplant replaces goes out cancelled, so an earlier import of the main road is cleared.
    cancelled = [str(e["UID"]).split(".")[0] for e in events if str(e.get("STATUS")) == "CANCELLED"]
    assert cancelled[:6] == ["im1", "di", "im2", "maintenance", "im1-lp1", "im1-lp2"] and cancelled[-4] == "end"
    assert cancelled[-3:] == ["after-end", "after-vaccines", "after-follow-up"]  # the main road's, after its end
    assert len(events) == len(uids) + len(cancelled)
    events = icalendar.Calendar.from_ical(client.get(f"/schedule.ics?{HSCT}&ics_paths=yes").data).walk("VEVENT")
    day0 = next(e for e in events if str(e["UID"]).startswith("hsct-day0."))
    assert str(day0["SUMMARY"]) == "Possible: Day 0: donor stem cells are given through the central line"
    assert str(day0["STATUS"]) == "TENTATIVE" and day0.decoded("DTSTART").isoformat() == "2026-04-13"
    assert str(day0["DESCRIPTION"]).startswith("Only if this path happens: If the leukaemia has the highest-risk")
    assert sum(str(e.get("STATUS")) == "TENTATIVE" for e in events) == 6 + 2 + 3  # and the 3 steps after it


@pytest.mark.parametrize("value", ["maybe", "YES"])
def test_a_bad_ics_paths_value_is_a_400_naming_it(client, value):
    response = client.get(f"/schedule.ics?{HSCT}&ics_paths={value}")
    assert response.status_code == 400
    assert f"ics_paths: “{value}” is not yes or no" in text(response)


def test_page_links_the_calendar_with_and_without_the_possible_paths(client):
    body = text(client.get(f"/?{HSCT}"))
    assert f'<a href="/schedule.ics?{HSCT}&ics_paths=yes" download>Calendar with the possible paths (.ics)</a>' \
        in body
    assert "ics_paths" not in text(client.get("/?start=2026-01-05&protocol=cog-hr"))


def test_print_view_says_the_path_replaces_the_rest(client):
    body = text(client.get(f"/print?{HSCT}"))
    assert f'<p class="replaced-note"><strong>{HSCT_SENTENCE}</strong></p>' in body
    assert "<strong>Mon, 5 Jan 2026</strong> (2026-01-05); planned last day Mon, 12 Apr 2027" in body
    assert "Interim maintenance I (high-dose methotrexate)</th>" not in body


def test_compare_states_the_same_length_as_the_page(client):
    query = urlencode({"a": "start=2026-01-05&protocol=cog-hr", "b": HSCT})
    body = text(client.get(f"/compare?{query}"))
    assert ("Scenario B ends on Mon, 12 Apr 2027, 359 days (about 12 months) earlier than scenario A (Wed, 5 Apr 2028)."
            in body)


def test_the_relative_view_says_from_which_day(client):
    body = text(client.get("/?protocol=cog-hr&branch=hsct"))
    assert "replaces the rest of the main road from Day 92:" in body
    assert "The planned journey lasts 463 days (about 15 months), in 8 phases." in body


@pytest.mark.browser
@pytest.mark.pdf
def test_pdf_says_the_path_replaces_the_rest(pdf_client, tmp_path):
    path = tmp_path / "hsct.pdf"
    path.write_bytes(pdf_client.get(f"/schedule.pdf?{HSCT}").data)
    words = " ".join(pdf_reading.page_text(path).split())
    assert HSCT_SENTENCE in words
    assert "planned last day Mon, 12 Apr 2027" in words
    assert "Delayed intensification" not in words.replace(HSCT_SENTENCE, "")
