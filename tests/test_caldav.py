"""The calendar round trip against a real CalDAV server (Radicale on 127.0.0.1), read back with the caldav client."""

import socket
import subprocess
import sys
import time

import icalendar
import pytest

pytestmark = pytest.mark.caldav

FIRST = "start=2026-01-05&protocol=cog-hr"
LATER = FIRST + "&branch=hsct&started=consolidation:2026-02-10&today=2026-03-01"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def radicale(tmp_path):
    """Start Radicale with no authentication and a temporary folder; yield its address."""
    port = _free_port()
    config = tmp_path / "config"
    config.write_text(f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n[rights]\ntype = authenticated\n"
                      f"[storage]\nfilesystem_folder = {tmp_path / 'collections'}\n[logging]\nlevel = warning\n",
                      encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                _, errors = server.communicate(timeout=10)
                pytest.fail(f"Radicale did not start: {errors.decode()[-500:]}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    server.terminate()
    server.communicate(timeout=10)


def _import(calendar, body: bytes) -> None:
    """Store each event as its own resource, as a calendar app does on import (PUT to <uid>.ics)."""
    for event in icalendar.Calendar.from_ical(body).walk("VEVENT"):
        wrapper = icalendar.Calendar()
        wrapper.add("prodid", "-//ALL Timeline tests//EN")
        wrapper.add("version", "2.0")
        wrapper.add_component(event)
        calendar.save_event(wrapper.to_ical().decode("utf-8"))


def _stored(calendar) -> dict:
    found = {}
    for resource in calendar.events():
        for event in icalendar.Calendar.from_ical(resource.data).walk("VEVENT"):
            assert str(event["UID"]) not in found  # no duplicates
            found[str(event["UID"])] = event
    return found


def test_reimport_moves_events_and_cancels_what_no_longer_applies(client, radicale):
    import caldav

    with caldav.DAVClient(url=radicale, username="family", password="unused") as dav:
        calendar = dav.principal().make_calendar(name="Treatment")
        first = client.get(f"/schedule.ics?{FIRST}").data
        _import(calendar, first)
        before = _stored(calendar)
        assert len(before) == len(icalendar.Calendar.from_ical(first).walk("VEVENT")) == 6 + 29 + 3  # AALL1732: 6 phases; taps and checks; 3 after treatment
        _import(calendar, client.get(f"/schedule.ics?{LATER}").data)
        after = _stored(calendar)
    assert set(after) == set(before)  # the same UIDs: updated, not added
    by_id = {uid.split(".")[0]: event for uid, event in after.items()}
    consolidation = by_id["consolidation"]
    assert consolidation.decoded("DTSTART").isoformat() == "2026-02-10"  # moved by the recorded date
    # The export says SEQUENCE 1 after one recorded date (0 before); the stored copy only has to have grown.
    assert int(consolidation["SEQUENCE"]) > int(before[str(consolidation["UID"])]["SEQUENCE"])
    cancelled = sorted(k for k, e in by_id.items() if str(e.get("STATUS")) == "CANCELLED")
    assert {"im1", "di", "im2", "maintenance", "end", "im1-lp1", "di-lp"} <= set(cancelled)
    assert all(by_id[k].decoded("DTSTART").isoformat() < "2026-04-13" for k in ("induction", "consolidation"))  # before Day 0
    assert "STATUS" not in by_id["induction"]
