"""/schedule.json's text: filled into kept text with holes for the dates, the same bytes as jsonify writes."""

import json
from datetime import date, timedelta

from flask import jsonify

from webapp import i18n, shifts
from webapp.exports import records
from webapp.schedule import Options, build

STARTS = [date(2023, 1, 1) + timedelta(days=11 * n) for n in range(100)] + [date(2024, 2, 29), date(2025, 1, 31)]


def plain(schedule) -> str:
    return json.dumps(records.to_dict(schedule), sort_keys=True, separators=(",", ":"))


def test_moved_schedules_write_what_their_records_say(app, catalogue):
    with app.test_request_context("/"):
        for protocol in catalogue.protocols.values():
            for options in (Options(), *(Options(branches=(b.id,)) for b in protocol.branches[:1])):
                for start in STARTS:
                    schedule = build(protocol, start, options)
                    assert records.to_json(schedule) == plain(schedule), (protocol.id, options, start)


def test_the_kept_text_is_filled_not_rewritten(app, catalogue):
    with app.test_request_context("/"):
        cog_sr = catalogue.protocols["cog-sr"]
        kept = build(cog_sr, date(2025, 4, 1))
        moved = build(cog_sr, date(2025, 4, 15))
        assert shifts.origin(moved)[0] is shifts.origin(kept)[0]  # one kept schedule, one text for both
        text = records.to_json(moved)
        assert json.loads(text)["start"] == "2025-04-15" and text == plain(moved)
        assert records.to_json(build(cog_sr, None)) == plain(build(cog_sr, None))


def test_each_language_keeps_its_own_text(app, catalogue):
    cog_sr = catalogue.protocols["cog-sr"]
    with app.test_request_context("/"):
        english = records.to_json(build(cog_sr, date(2025, 4, 1)))
    with app.test_request_context("/?lang=es"):
        app.preprocess_request()
        assert i18n.current() == "es"
        schedule = build(app.extensions["all_timeline.catalogues"]["es"].protocols["cog-sr"], date(2025, 4, 1))
        spanish = records.to_json(schedule)
        assert spanish == plain(schedule) != english
        assert json.loads(spanish)["language"] == "es"


def test_names_with_percent_signs_and_the_holes_characters_stay_exact(app, catalogue):
    protocol = catalogue.protocols["cog-sr"]
    odd = protocol.__class__(**{**protocol.__dict__, "name": "100% \x000\x00 \\u0000 %s",
                                "phases": tuple(p.__class__(**{**p.__dict__, "name": f"{p.name} %d%%"})
                                                for p in protocol.phases)})
    with app.test_request_context("/"):
        for start in STARTS[:20]:
            schedule = build(odd, start)
            assert records.to_json(schedule) == plain(schedule)


def test_schedule_json_answers_jsonifys_bytes(app, client, catalogue):
    response = client.get("/schedule.json?start=2025-06-02&protocol=hyper-cvad&branch=car-t")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    with app.test_request_context("/"):
        schedule = build(catalogue.protocols["hyper-cvad"], date(2025, 6, 2), Options(branches=("car-t",)))
        assert response.get_data() == jsonify(records.to_dict(schedule)).get_data()
    assert response.get_data().endswith(b"}\n")


def test_the_kept_texts_are_bounded(app, catalogue, monkeypatch):
    monkeypatch.setattr(records, "MAX_TEXTS", 2)
    monkeypatch.setattr(records, "_texts", type(records._texts)())
    with app.test_request_context("/"):
        for protocol in list(catalogue.protocols.values())[:5]:
            schedule = build(protocol, date(2025, 9, 1))
            assert records.to_json(schedule) == plain(schedule)
    assert len(records._texts) == 2


def test_a_moved_schedules_text_is_written_without_moving_its_records(app, catalogue):
    cog_sr = catalogue.protocols["cog-sr"]
    with app.test_request_context("/"):
        build(cog_sr, date(2025, 4, 1))
        moved = build(cog_sr, date(2025, 4, 15))
        text = records.to_json(moved)
        assert "phases" not in vars(moved) and "milestones" not in vars(moved)
        assert text == plain(moved)


def test_the_kept_iso_days_are_bounded_and_exact(monkeypatch):
    monkeypatch.setattr(records, "MAX_DAYS", 3)
    monkeypatch.setattr(records, "_days", {})
    first = date(2024, 2, 27).toordinal()
    steps = (0, 1, 2, 3, 400)
    assert records._iso_days(first, steps) == [(date(2024, 2, 27) + timedelta(days=n)).isoformat() for n in steps]
    assert records._iso_days(first, steps) == ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2025-04-02"]
    assert len(records._days) == 3
