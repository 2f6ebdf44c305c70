"""The schedule as an iCalendar file (RFC 5545): one all-day event per phase and per milestone."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event

from webapp.exports.identity import uid
from webapp.exports.records import DISCLAIMER
from webapp.formatting import SETTING_TEXT
from webapp.schedule import Schedule

PRODID = "-//ALL Timeline//Educational treatment timeline//EN"


class UndatedError(ValueError):
    """A relative (teaching) schedule has Day numbers only, so it cannot go into a calendar."""


def _event(schedule: Schedule, item_id: str, summary: str, first, last, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid(schedule, item_id))
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", first)
    # All-day events end on the day after the last one: DTEND is exclusive (RFC 5545, 3.6.1).
    event.add("dtend", last + timedelta(days=1))
    event.add("description", f"{description}\n\n{DISCLAIMER}")
    # A treatment phase spans weeks; it must not mark the whole calendar as busy.
    event.add("transp", "TRANSPARENT")
    return event


def to_ics(schedule: Schedule, stamp: datetime) -> bytes:
    """Return the calendar as bytes; `stamp` is the DTSTAMP (a UTC datetime) of every event."""
    if schedule.relative:
        raise UndatedError("A calendar needs real dates: give the treatment start date as start=YYYY-MM-DD.")
    protocol = schedule.protocol
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"ALL Timeline: {protocol.name}")
    for phase in schedule.phases:
        description = (
            f"{phase.spec.summary}\nDay {phase.start_day} to Day {phase.end_day} ({phase.days} days, both included)."
            f"\n{SETTING_TEXT[phase.spec.setting]}.\nProtocol: {protocol.name}."
        )
        calendar.add_component(
            _event(schedule, phase.id, f"{phase.name} ({protocol.name})", phase.start, phase.end, description, stamp)
        )
    for milestone in schedule.milestones:
        phase = schedule.phase(milestone.phase)
        description = f"Day {milestone.day} of treatment, during {phase.name}.\nProtocol: {protocol.name}."
        calendar.add_component(
            _event(schedule, milestone.id, milestone.label, milestone.date, milestone.date, description, stamp)
        )
    return calendar.to_ical()
