"""The schedule as an iCalendar file (RFC 5545): one all-day event per phase and per milestone of the path drawn.

Rows of an "if ..." path go in only when the family asks for them, marked as possible (STATUS:TENTATIVE).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event

from webapp.exports.identity import uid
from webapp.exports.records import disclaimer
from webapp.formatting import SETTING_TEXT, days_text
from webapp.i18n import gettext
from webapp.schedule import Schedule

PRODID = "-//ALL Timeline//Educational treatment timeline//EN"


class UndatedError(ValueError):
    """A relative (teaching) schedule has Day numbers only, so it cannot go into a calendar."""


def _event(schedule: Schedule, item_id: str, summary: str, first, last, description: str, stamp: datetime,
           track: str) -> Event:
    event = Event()
    event.add("uid", uid(schedule, item_id))
    event.add("dtstamp", stamp)
    possible = schedule.possible(track)
    if possible:
        # An "if ..." row is not a plan: it says so in its title and status (RFC 5545, 3.8.1.11).
        summary = gettext("Possible: %(summary)s", summary=summary)
        branch = schedule.protocol.branch(track)
        if branch is not None:
            description = gettext("Only if this path happens: %(condition)s.", condition=branch.condition) + \
                "\n" + description
    event.add("summary", summary)
    event.add("dtstart", first)
    # All-day events end on the day after the last one: DTEND is exclusive (RFC 5545, 3.6.1).
    event.add("dtend", last + timedelta(days=1))
    event.add("description", f"{description}\n\n{disclaimer()}")
    if possible:
        event.add("status", "TENTATIVE")
    # A treatment phase spans weeks; it must not mark the whole calendar as busy.
    event.add("transp", "TRANSPARENT")
    return event


def to_ics(schedule: Schedule, stamp: datetime, paths: bool = False) -> bytes:
    """Return the calendar as bytes; `stamp` is the DTSTAMP (a UTC datetime) of every event.

    `paths`: also add the rows of "if ..." paths, marked as possible; without it they are left out.
    """
    if schedule.relative:
        raise UndatedError(gettext("A calendar needs real dates: give the treatment start date as start=YYYY-MM-DD."))
    protocol = schedule.protocol
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", gettext("ALL Timeline: %(protocol)s", protocol=protocol.name))
    for phase in schedule.phases:
        if schedule.possible(phase.track) and not paths:
            continue
        description = "\n".join((
            phase.spec.summary,
            gettext("Day %(first)s to Day %(last)s (%(days)s, both included).",
                    first=phase.start_day, last=phase.end_day, days=days_text(phase.days)),
            f"{SETTING_TEXT[phase.spec.setting]}.",
            gettext("Protocol: %(protocol)s.", protocol=protocol.name),
            *([gettext("Started on %(date)s (a date you recorded).", date=phase.start.isoformat())]
              if phase.actual else []),
        ))
        calendar.add_component(_event(schedule, phase.id, f"{phase.name} ({protocol.name})", phase.start, phase.end,
                                      description, stamp, phase.track))
    for milestone in schedule.milestones:
        phase = schedule.phase(milestone.phase)
        if schedule.possible(phase.track) and not paths:
            continue
        description = "\n".join((
            gettext("Day %(day)s of treatment, during %(phase)s.", day=milestone.day, phase=phase.name),
            gettext("Protocol: %(protocol)s.", protocol=protocol.name),
        ))
        calendar.add_component(_event(schedule, milestone.id, milestone.label, milestone.date, milestone.date,
                                      description, stamp, phase.track))
    return calendar.to_ical()
