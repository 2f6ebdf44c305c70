"""The schedule as an iCalendar file (RFC 5545): one all-day event per phase and per milestone of the path drawn.

Rows of an "if ..." path go in only when the family asks for them, marked as possible (STATUS:TENTATIVE).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from webapp.exports.identity import uid
from webapp.exports.records import disclaimer
from webapp.formatting import SETTING_TEXT, after_when, days_text, milestone_window_text, window_lines
from webapp.i18n import gettext
from webapp.schedule import Options, Schedule, ScheduleError, build

PRODID = "-//ALL Timeline//Educational treatment timeline//EN"


class UndatedError(ValueError):
    """A relative (teaching) schedule has Day numbers only, so it cannot go into a calendar."""


def _event(schedule: Schedule, item: tuple, stamp: datetime, sequence: int, cancelled: bool = False) -> Event:
    item_id, summary, first, last, description, track = item
    event = Event()
    event.add("uid", uid(schedule, item_id))
    event.add("dtstamp", stamp)
    # Derived from the address (recorded dates and delays): it grows as a family records more, so a
    # re-import updates the events it moves (RFC 5545, 3.8.7.4).
    event.add("sequence", sequence)
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
    if cancelled:
        event.add("status", "CANCELLED")
    elif possible:
        event.add("status", "TENTATIVE")
    # A treatment phase spans weeks; it must not mark the whole calendar as busy.
    event.add("transp", "TRANSPARENT")
    return event


def _items(schedule: Schedule, paths: bool):
    """Yield (id, summary, first, last, description, track) for every phase and milestone the calendar holds."""
    protocol = schedule.protocol
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
            # The event holds the dates drawn; where the ranges before it leave others, the text says which.
            *window_lines(phase),
        ))
        yield phase.id, f"{phase.name} ({protocol.name})", phase.start, phase.end, description, phase.track
    for milestone in schedule.milestones:
        phase = schedule.phase(milestone.phase)
        if schedule.possible(phase.track) and not paths:
            continue
        description = "\n".join((
            gettext("Day %(day)s of treatment, during %(phase)s.", day=milestone.day, phase=phase.name),
            *([milestone_window_text(milestone)] if milestone.window else []),
            gettext("Protocol: %(protocol)s.", protocol=protocol.name),
        ))
        yield milestone.id, milestone.label, milestone.date, milestone.date, description, phase.track
    for mark in schedule.after_dated:
        track = schedule.after_track(mark)  # after a possible transplant, its end is the transplant path's
        if schedule.possible(track) and not paths:
            continue
        description = "\n".join((
            after_when(mark, schedule),
            mark.spec.what,
            gettext("Sources: %(keys)s. Your team decides.", keys=", ".join(mark.spec.sources)),
            gettext("Protocol: %(protocol)s.", protocol=protocol.name),
        ))
        # One day, the earliest: a range of months would fill the calendar; the description says the range.
        yield mark.id, mark.label, mark.date, mark.date, description, track


def _alternatives(schedule: Schedule, paths: bool) -> list[Schedule]:
    """Return the protocol's main road alone and, with `paths`, each path it offers: what an earlier import held."""
    base = Options(choices=schedule.options.choices, guideline=schedule.options.guideline)
    choices = [()] + ([(b.id,) for b in schedule.protocol.branches] if paths else [])
    found = []
    for branches in choices:
        try:
            found.append(build(schedule.protocol, schedule.start, replace(base, branches=branches)))
        except ScheduleError:  # a combination this protocol cannot draw has nothing to cancel
            continue
    return found


def to_ics(schedule: Schedule, stamp: datetime, paths: bool = False) -> bytes:
    """Return the calendar as bytes; `stamp` is the DTSTAMP (a UTC datetime) of every event.

    `paths`: also add the rows of "if ..." paths, marked as possible; without it they are left out.
    Every event the main road (and, with `paths`, any offered path) could hold but this journey does not
    is sent as cancelled, so a re-import removes what no longer applies instead of leaving it behind.
    """
    if schedule.relative:
        raise UndatedError(gettext("A calendar needs real dates: give the treatment start date as start=YYYY-MM-DD."))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # A subscribed calendar asks again once a day (RFC 7986 REFRESH-INTERVAL; X-PUBLISHED-TTL for older apps).
    calendar.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    calendar.add("x-wr-calname", gettext("ALL Timeline: %(protocol)s", protocol=schedule.protocol.name))
    sequence = len(schedule.options.started) + len(schedule.options.delays)
    held = set()
    for item in _items(schedule, paths):
        held.add(item[0])
        calendar.add_component(_event(schedule, item, stamp, sequence))
    for other in _alternatives(schedule, paths):
        for item in _items(other, paths):
            if item[0] not in held:
                held.add(item[0])
                calendar.add_component(_event(other, item, stamp, sequence + 1, cancelled=True))
    return calendar.to_ical()
