"""Issue 11: a count-gated start ("on Day 36, or when counts recover, whichever is later") is drawn on its earliest
day and its condition is shown in the hover, the panel, the print view and the JSON (`gate`)."""

from tests.test_views import text
from webapp import create_app

GATE = "or later, when blood counts have recovered"
QUERY = "/?start=2026-01-05&protocol=cog-hr"


def test_a_gate_is_drawn_on_its_earliest_day_and_said_everywhere(data_dir):
    # The column is optional; a copy of the data gives cog-hr's consolidation a gate.
    phases = data_dir / "phases.csv"
    header, *rows = phases.read_text(encoding="utf-8").splitlines()
    rows = [row + (f',"{GATE}"' if row.startswith("cog-hr,consolidation,") else ",") for row in rows]
    phases.write_text("\n".join([header + ",gate", *rows]) + "\n", encoding="utf-8")
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()
    data = client.get("/schedule.json?" + QUERY[2:]).get_json()
    consolidation = next(p for p in data["phases"] if p["id"] == "consolidation")
    assert (consolidation["gate"], consolidation["start"], consolidation["start_day"]) == (GATE, "2026-02-09", 36)
    assert next(p for p in data["phases"] if p["id"] == "im1")["gate"] is None
    sentence = f"Drawn from its earliest day (Day 36): {GATE}."
    page = text(client.get(QUERY))
    assert f"<dt>When it begins</dt><dd>{sentence}</dd>" in page
    assert f"\\u003ci\\u003e{sentence}\\u003c/i\\u003e" in page  # the chart's hover text, in the figure's JSON
    assert f"<strong>{sentence}</strong>" in text(client.get("/print?" + QUERY[2:]))
