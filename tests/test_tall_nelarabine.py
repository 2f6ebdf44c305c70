"""T-ALL (AALL0434) with nelarabine: the maintenance courses whose days the outline does not give are said, not drawn.

The registration (NCT00408005, S102) gives nelarabine "in Cycles 1, 2 and 3" of maintenance without days, while it
gives days for consolidation (1-5, 43-47) and delayed intensification (29-33).
"""

import re

from tests.test_views import text

NELARABINE = "start=2026-01-05&protocol=t-all&nelarabine=yes"


def test_only_the_courses_with_published_days_are_drawn(client):
    data = client.get(f"/schedule.json?{NELARABINE}").get_json()
    courses = [(m["id"], m["date"]) for m in data["milestones"] if m["kind"] == "course"]
    # Consolidation from Day 36 (2026-02-09): days 1 and 43; delayed intensification (from 2026-06-22): day 29.
    assert courses == [("cons-nelarabine1", "2026-02-09"), ("cons-nelarabine2", "2026-03-23"),
                       ("di-nelarabine", "2026-07-20")]


def test_the_page_and_print_say_the_maintenance_courses_are_uncertain(client):
    page = text(client.get(f"/?{NELARABINE}"))
    plain = re.sub(r"<[^>]+>", "", page)  # the glossary links its terms ("maintenance")
    assert ("With nelarabine (AALL0434), there are also nelarabine courses in the first three maintenance cycles; "
            "their days are not published in the sources used here.") in plain
    assert ("UNCERTAIN: the days of those nelarabine courses are not published in the AALL0434 outline "
            "(NCT00408005), so they are not drawn.") in page
    assert ("The sources leave this open: the days of those nelarabine courses are not published in the AALL0434 "
            "outline (NCT00408005), so they are not drawn.") in text(client.get(f"/print?{NELARABINE}"))
    spanish = text(client.get(f"/?{NELARABINE}&lang=es"))
    assert "sus días no se publican en las fuentes usadas aquí." in spanish
