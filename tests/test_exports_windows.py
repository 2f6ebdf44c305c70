"""Windows from uncertain ranges in every export: hyper-CVAD's 21-28-day courses leave maintenance a window.

Hyper-CVAD from 2026-01-05 (8 courses of 21 to 28 days, CT-PONA, S21): maintenance may start 2026-06-22 (every
course 21 days) to 2026-08-17 (every course 28 days), and its 2 years may end 2028-06-21 to 2028-08-16.
"""

from datetime import date

from fhir.resources.R4B.bundle import Bundle
from icalendar import Calendar

from tests.test_views import text
from webapp.exports import fhir
from webapp.schedule import Options, build

HCVAD = "start=2026-01-05&protocol=hyper-cvad"
MAINTENANCE_START = {"earliest": "2026-06-22", "earliest_day": 169, "latest": "2026-08-17", "latest_day": 225}
MAINTENANCE_END = {"earliest": "2028-06-21", "earliest_day": 899, "latest": "2028-08-16", "latest_day": 955}


def test_milestones_inherit_their_phase_window(catalogue):
    schedule = build(catalogue.protocols["hyper-cvad"], date(2026, 1, 5))
    end = next(m for m in schedule.milestones if m.id == "end")
    assert (end.date, end.window) == (date(2028, 6, 21), (date(2028, 6, 21), date(2028, 8, 16)))
    marrow = next(m for m in schedule.milestones if m.id == "day14-marrow")
    assert marrow.window is None  # course 1 starts on the start date: nothing before it is uncertain
    assert schedule.end_window == (date(2028, 6, 21), date(2028, 8, 16))


def test_a_day_n_milestone_moves_with_its_phase_start(catalogue):
    # Ph+ hyper-CVAD with ponatinib: course 2's IT cytarabine (Day 5 of course 2, CT-PONA) after a 21-28-day course 1.
    schedule = build(catalogue.protocols["ph-positive-adult"], date(2026, 1, 5))
    tap = next(m for m in schedule.milestones if m.id == "c2-lp-arac")
    assert (tap.date, tap.window) == (date(2026, 1, 30), (date(2026, 1, 30), date(2026, 2, 6)))


def test_a_schedule_without_ranges_has_one_end_day(catalogue):
    schedule = build(catalogue.protocols["t-all"], date(2026, 1, 5), Options(choices=(("sex", "female"),)))
    assert schedule.end_window is None
    assert all(m.window is None for m in schedule.milestones)


def test_a_clock_given_as_a_range_leaves_the_end_a_window(catalogue):
    # AALL0434 without the option sex: 2 years (girls) to 3 years (boys) from interim maintenance (2026-04-06).
    schedule = build(catalogue.protocols["t-all"], date(2026, 1, 5))
    assert schedule.end_window == (date(2028, 4, 5), date(2029, 4, 5))
    end = next(m for m in schedule.milestones if m.id == "end")
    assert end.window == (date(2028, 4, 5), date(2029, 4, 5))


def test_json_gives_the_windows_of_phases_milestones_and_the_end(client):
    data = client.get(f"/schedule.json?{HCVAD}").get_json()
    maintenance = next(p for p in data["phases"] if p["id"] == "maintenance")
    assert (maintenance["may_start"], maintenance["may_end"]) == (MAINTENANCE_START, MAINTENANCE_END)
    assert data["may_end"] == MAINTENANCE_END
    end = next(m for m in data["milestones"] if m["id"] == "end")
    assert end["may_date"] == MAINTENANCE_END
    plain = client.get("/schedule.json?start=2026-01-05&protocol=t-all&sex=female").get_json()
    assert "may_end" not in plain and not any("may_date" in m for m in plain["milestones"])


def test_csv_rows_carry_the_windows(client):
    rows = client.get(f"/schedule.csv?{HCVAD}").get_data(as_text=True).split("\r\n")
    maintenance = next(r for r in rows if r.startswith("phase,maintenance,"))
    assert maintenance.endswith(",2026-06-22,2026-08-17,2028-06-21,2028-08-16")
    end = next(r for r in rows if r.startswith("milestone,end,"))
    assert end.endswith(",2028-06-21,2028-08-16,2028-06-21,2028-08-16")
    first = next(r for r in rows if r.startswith("phase,course-1,"))
    assert first.endswith(",,,,")  # the first course starts on the start date and ends within its own range


def test_the_calendar_says_the_windows_in_its_descriptions(client):
    calendar = Calendar.from_ical(client.get(f"/schedule.ics?{HCVAD}").get_data())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    maintenance = events["Maintenance (POMP) (Adult ALL: hyper-CVAD (MD Anderson))"]
    assert ("The phases before it vary in length, so it may start between Mon, 22 Jun 2026 and Mon, 17 Aug 2026.\n"
            "The phases before it vary in length, so it may end between Wed, 21 Jun 2028 and Wed, 16 Aug 2028."
            ) in str(maintenance["description"])
    # The event keeps the dates drawn: from its earliest first day.
    assert maintenance.decoded("dtstart") == date(2026, 6, 22)
    end = events["Planned last day of treatment"]
    assert ("Some phases vary in length, so this may fall between Wed, 21 Jun 2028 and Wed, 16 Aug 2028."
            in str(end["description"]))


def test_fhir_activities_carry_the_windows_as_periods_and_stay_valid(client):
    bundle = client.get(f"/schedule.fhir?{HCVAD}").get_json()
    Bundle.model_validate(bundle)
    plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan")
    maintenance = next(a["detail"] for a in plan["activity"] if a["detail"]["code"]["text"] == "Maintenance (POMP)")
    assert maintenance["scheduledPeriod"] == {"start": "2026-06-22", "end": "2028-06-21"}
    assert maintenance["extension"] == [
        {"url": fhir.MAY_START, "valuePeriod": {"start": "2026-06-22", "end": "2026-08-17"}},
        {"url": fhir.MAY_END, "valuePeriod": {"start": "2028-06-21", "end": "2028-08-16"}},
    ]
    assert maintenance["description"].endswith("so it may end between Wed, 21 Jun 2028 and Wed, 16 Aug 2028.")
    assert plan["note"][1] == {"text": "Some phases vary in length, so treatment may end between "
                                       "Wed, 21 Jun 2028 and Wed, 16 Aug 2028."}


def test_the_headline_says_when_treatment_may_end(client):
    sentence = ("Some phases vary in length, so treatment may end between Wed, 21 Jun 2028 and "
                "Wed, 16 Aug 2028.")
    assert sentence in text(client.get(f"/?{HCVAD}"))
    # The print view's first page is full: its phases table says the window on the maintenance row instead.
    assert "may end between Wed, 21 Jun 2028 and Wed, 16 Aug 2028" in text(client.get(f"/print?{HCVAD}"))
    assert sentence in text(client.get(f"/letter?{HCVAD}"))
    assert sentence in text(client.get(f"/summary?{HCVAD}"))
    # The kept section fills its dates per start date: a week later, the window moves by a week.
    assert ("treatment may end between Wed, 28 Jun 2028 and Wed, 23 Aug 2028."
            in text(client.get("/?start=2026-01-12&protocol=hyper-cvad")))
    assert "treatment may end between" not in text(client.get("/?start=2026-01-05&protocol=t-all&sex=male"))
    assert ("Some phases vary in length, so treatment may end between Wed, 5 Apr 2028 and Thu, 5 Apr 2029."
            in text(client.get("/?start=2026-01-05&protocol=t-all")))
