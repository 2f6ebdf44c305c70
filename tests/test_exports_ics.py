"""The calendar export: exact golden text, read back by two independent parsers (icalendar, vobject)."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import vobject

from tests.conftest import ROOT
from tests.fixtures import SMALL, small_schedule
from webapp.exports import ics, identity
from webapp.exports.records import DISCLAIMER
from webapp.schedule import build

STAMP = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
DIGEST = "0b9f30381bc792db"  # sha256("small|2026-01-05")[:16]
EXPECTED = [  # (uid prefix, first day, exclusive end)
    ("induction", date(2026, 1, 5), date(2026, 2, 2)),
    ("maintenance", date(2026, 2, 2), date(2026, 5, 2)),
    ("day8", date(2026, 1, 12), date(2026, 1, 13)),
    ("lp-1", date(2026, 2, 2), date(2026, 2, 3)),
    ("lp-2", date(2026, 3, 16), date(2026, 3, 17)),
    ("lp-3", date(2026, 4, 27), date(2026, 4, 28)),
    ("end", date(2026, 5, 1), date(2026, 5, 2)),
]


@pytest.fixture(scope="module")
def text():
    return ics.to_ics(small_schedule(), STAMP)


def test_ics_matches_the_golden_file_exactly(text):
    assert text == (ROOT / "tests" / "golden" / "small.ics").read_bytes()


def test_icalendar_reads_every_event_with_dates_uids_and_disclaimer(text):
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    found = [(str(e["UID"]), e.decoded("DTSTART"), e.decoded("DTEND")) for e in events]
    assert found == [(f"{uid}.{DIGEST}@all-timeline", first, end) for uid, first, end in EXPECTED]
    assert all(DISCLAIMER in str(e["DESCRIPTION"]) for e in events)
    assert all(e.decoded("DTSTAMP") == STAMP for e in events)


def test_vobject_reads_the_same_events(text):
    calendar = vobject.readOne(text.decode("utf-8"))
    events = calendar.vevent_list
    assert len(events) == 7
    found = [(e.uid.value, e.dtstart.value, e.dtend.value) for e in events]
    assert found == [(f"{uid}.{DIGEST}@all-timeline", first, end) for uid, first, end in EXPECTED]
    assert events[1].summary.value == "Maintenance, at home (Small test protocol)"
    assert all(DISCLAIMER in e.description.value for e in events)


def test_if_rows_join_the_calendar_only_when_asked_and_then_as_possible():
    events = icalendar.Calendar.from_ical(ics.to_ics(small_schedule(), STAMP, paths=True)).walk("VEVENT")
    assert [str(e["UID"]).split(".")[0] for e in events] == [
        "induction", "maintenance", "car-t", "day8", "lp-1", "lp-2", "lp-3", "end"]
    possible = [e for e in events if "STATUS" in e]
    assert [(str(e["SUMMARY"]), str(e["STATUS"])) for e in possible] == [
        ("Possible: =CAR-T (branch) (Small test protocol)", "TENTATIVE")]


def test_uids_stay_the_same_when_only_options_change_and_differ_by_start():
    assert identity.uid(small_schedule(), "induction") == f"induction.{DIGEST}@all-timeline"
    assert identity.uid(build(SMALL, date(2026, 1, 5)), "induction") == identity.uid(small_schedule(), "induction")
    assert identity.uid(small_schedule(date(2026, 1, 6)), "induction") != identity.uid(small_schedule(), "induction")


def test_relative_schedule_has_no_calendar():
    with pytest.raises(ics.UndatedError, match="start=YYYY-MM-DD"):
        ics.to_ics(small_schedule(None), STAMP)


@pytest.mark.parametrize(("start", "extension", "name"), [
    (date(2026, 1, 5), "ics", "all-timeline-small-2026-01-05.ics"),
    (None, "csv", "all-timeline-small-relative.csv"),
])
def test_file_names_say_protocol_and_start(start, extension, name):
    assert identity.filename(small_schedule(start), extension) == name


def test_a_subscribed_calendar_asks_again_once_a_day(text):
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(days=1)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(calendar["X-PUBLISHED-TTL"]) == "P1D"
    assert vobject.readOne(text.decode("utf-8")).contents["refresh-interval"][0].value == "P1D"
