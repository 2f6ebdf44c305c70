"""Turn schedule values into plain words: dates, lengths, settings, where-are-we sentences."""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from datetime import date

from babel.dates import format_date, format_skeleton

from webapp.i18n import N_, REGISTRY, current, gettext, lazy_gettext, ngettext
from webapp.schedule import AfterMark, Milestone, Phase, Position, Schedule, build

SETTING_TEXT = {
    "inpatient": lazy_gettext("Mostly in hospital"),
    "inpatient-first": lazy_gettext("In hospital at first, then clinic visits"),
    "outpatient": lazy_gettext("Clinic visits, home in between"),
    "home": lazy_gettext("At home, with regular clinic checks"),
    "varies": lazy_gettext("Hospital or clinic, depending on the centre"),
}
# CLDR's own formats for each language's locale (the registry's `locale`), chosen by skeleton, never a fixed
# pattern: yMMMEd is "Mon, 5 Jan 2026" in British English, "lun, 5 ene 2026" in Spanish, "2026年1月5日周一" in Chinese.
LONG_DATE = "yMMMEd"
SHORT_DATE = "yMMMd"


@functools.lru_cache(maxsize=16384)
def _formatted(day: date, skeleton: str, language: str) -> str:
    # A page formats ~65 dates and Babel takes tens of microseconds for each (issue 13); the same day, skeleton
    # and language always give the same text, and ten years of days in every language and skeleton fit here.
    return format_skeleton(skeleton, day, locale=REGISTRY[language].locale)


def long_date(day: date) -> str:
    """Format a date for reading in the active language: 'Mon, 5 Jan 2026'."""
    return _formatted(day, LONG_DATE, current())


def long_date_in(language: str, day: date) -> str:
    """Format a date as long_date() does, in `language` rather than the active one."""
    return _formatted(day, LONG_DATE, language)


@functools.lru_cache(maxsize=4096)
def _full(day: date, locale: str) -> str:
    return format_date(day, "full", locale=locale)


def full_date(day: date, locale: str | None = None) -> str:
    """Format a date in full, CLDR's "full" length for the active language (or `locale`): 'Monday, 5 January 2026'."""
    # Issue 14's examples: "Monday, January 5, 2026" (en_US), "2026年1月5日星期一" (zh), "الاثنين، 5 يناير 2026" (ar).
    return _full(day, locale or REGISTRY[current()].locale)


def short_date(day: date) -> str:
    """Format a date compactly in the active language: '5 Jan 2026'."""
    return _formatted(day, SHORT_DATE, current())


def days_text(days: int) -> str:
    """Say a number of days: '1 day', '3 days'."""
    return ngettext("%(num)s day", "%(num)s days", days)


def length_text(days: int) -> str:
    """Say a length in days and whole weeks: '29 days (4 weeks 1 day)'."""
    weeks, rest = divmod(days, 7)
    if weeks == 0:
        return days_text(days)
    parts = ngettext("%(num)s week", "%(num)s weeks", weeks)
    if rest:
        parts = gettext("%(weeks)s %(days)s", weeks=parts, days=days_text(rest))
    return gettext("%(days)s (%(parts)s)", days=days_text(days), parts=parts)


def span_text(days: int) -> str:
    """Say a long span roughly: 'about 26 months'."""
    months = round(days / 30.44)
    if months < 3:
        return ngettext("about %(num)s week", "about %(num)s weeks", round(days / 7))
    return ngettext("about %(num)s month", "about %(num)s months", months)


def range_text(phase: Phase) -> str:
    """Say a phase's uncertain length: 'usually 56 days, from 49 to 56 days'; empty if it is fixed."""
    if phase.min_end is None and phase.max_end is None:
        return ""
    low = ((phase.min_end or phase.end) - phase.start).days + 1
    high = ((phase.max_end or phase.end) - phase.start).days + 1
    return gettext("usually %(days)s days, from %(low)s to %(high)s days", days=phase.days, low=low, high=high)


def _window_text(phase: Phase, window: tuple[date, date], relative: bool, days: str, dates: str) -> str:
    first, last = window
    if relative:
        return gettext(days, first=phase.start_day + (first - phase.start).days,
                       last=phase.start_day + (last - phase.start).days)
    return gettext(dates, first=long_date(first), last=long_date(last))


def start_window_text(phase: Phase, relative: bool) -> str:
    """Say the window the uncertain phases before this one leave its first day; empty when it is one day."""
    if not phase.may_start_between:
        return ""
    return _window_text(phase, phase.start_window, relative, N_("may start between Day %(first)s and Day %(last)s"),
                        N_("may start between %(first)s and %(last)s"))


def end_window_text(phase: Phase, relative: bool) -> str:
    """Say the window of its last day once the ranges before it are added; empty when only its own range counts."""
    if phase.earliest_end is None or phase.earliest_end == phase.latest_end:
        return ""
    return _window_text(phase, phase.end_window, relative, N_("may end between Day %(first)s and Day %(last)s"),
                        N_("may end between %(first)s and %(last)s"))


def window_lines(phase: Phase) -> list[str]:
    """Say, as whole sentences for calendars and records, the windows the ranges before a phase leave it."""
    lines = []
    if phase.may_start_between:
        first, last = phase.start_window
        lines.append(gettext("The phases before it vary in length, so it may start between %(first)s and %(last)s.",
                             first=long_date(first), last=long_date(last)))
    if phase.earliest_end is not None and phase.earliest_end != phase.latest_end:
        first, last = phase.end_window
        lines.append(gettext("The phases before it vary in length, so it may end between %(first)s and %(last)s.",
                             first=long_date(first), last=long_date(last)))
    return lines


def milestone_window_text(milestone: Milestone) -> str:
    """Say between which days a milestone may fall where phase lengths are ranges; empty: one day."""
    if milestone.window is None:
        return ""
    first, last = milestone.window
    return gettext("Some phases vary in length, so this may fall between %(first)s and %(last)s.",
                   first=long_date(first), last=long_date(last))


def end_window_sentence(schedule: Schedule) -> str:
    """Say between which days treatment may end where phase lengths are ranges; empty: one day."""
    if schedule.relative or schedule.end_window is None:
        return ""
    first, last = schedule.end_window
    return gettext("Some phases vary in length, so treatment may end between %(first)s and %(last)s.",
                   first=long_date(first), last=long_date(last))


def clipped_text(phase: Phase) -> str:
    """Say that a step counted back from a later one is shorter than usual; empty when it is not."""
    if not phase.clipped_days:
        return ""
    return ngettext("Shorter than its typical window here: it would start %(num)s day before the first day of "
                    "treatment, so it is drawn from Day 1.",
                    "Shorter than its typical window here: it would start %(num)s days before the first day of "
                    "treatment, so it is drawn from Day 1.", phase.clipped_days)


def gate_text(phase: Phase) -> str:
    """Say when a count-gated phase begins: the earliest day drawn, and the condition that can hold it later."""
    if not phase.spec.gate:
        return ""
    return gettext("Drawn from its earliest day (Day %(day)s): %(gate)s.", day=phase.start_day, gate=phase.spec.gate)


def phase_dates(phase: Phase, relative: bool) -> str:
    """Say a phase's first and last day, as dates or as Day numbers."""
    if relative:
        return gettext("Day %(first)s to Day %(last)s", first=phase.start_day, last=phase.end_day)
    return gettext("%(first)s to %(last)s", first=long_date(phase.start), last=long_date(phase.end))


def position_text(schedule: Schedule, position: Position) -> str:
    """Say in one sentence where `position.today` falls and what comes next."""
    today = long_date(position.today)
    if position.when == "before":
        return ngettext(
            "On %(today)s, treatment has not started yet: it starts in %(num)s day, on %(start)s, with %(phase)s.",
            "On %(today)s, treatment has not started yet: it starts in %(num)s days, on %(start)s, with %(phase)s.",
            position.days_to_start, today=today, start=long_date(schedule.start), phase=position.next_phase.name,
        )
    if position.when == "after":
        return gettext("On %(today)s, the planned schedule has ended: its last day was %(end)s.",
                       today=today, end=long_date(schedule.end))
    phase = position.phase
    if phase is None:
        if position.next_phase.track == "main":  # a planned rest between main-road phases (AIEOP-BFM, R16)
            return gettext("On %(today)s (Day %(day)s), you are in a planned break between phases. Next: %(phase)s, "
                           "from %(start)s.", today=today, day=schedule.day_number(position.today),
                           phase=position.next_phase.name, start=long_date(position.next_phase.start))
        # a day between two steps of a path (CAR-T: the infusion day after lymphodepletion)
        return gettext("On %(today)s (Day %(day)s), you are between two steps. Next: %(phase)s, from %(start)s.",
                       today=today, day=schedule.day_number(position.today), phase=position.next_phase.name,
                       start=long_date(position.next_phase.start))
    text = gettext("On %(today)s (Day %(day)s), you are in week %(week)s of %(weeks)s of %(phase)s.",
                   today=today, day=schedule.day_number(position.today), week=position.week,
                   weeks=position.weeks_in_phase, phase=phase.name)
    if position.next_phase is not None:
        text += " " + gettext("Next: %(phase)s, from %(start)s.", phase=position.next_phase.name,
                              start=long_date(position.next_phase.start))
    elif phase.end < schedule.path_end:  # rows that began with it run on (immune recovery after a transplant)
        text += " " + gettext("Nothing new begins after it; the path drawn ends on %(end)s.",
                              end=long_date(schedule.path_end))
    else:
        text += " " + gettext("This is the last phase; it is planned to end on %(end)s.", end=long_date(phase.end))
    return text


def delay_text(schedule: Schedule, baseline: Schedule) -> str:
    """Say what the entered delays do to the end date and to any phase on a fixed clock."""
    entered = ", ".join(gettext("%(phase)s: %(days)s", phase=schedule.phase(pid).name, days=days_text(days))
                        for pid, days in schedule.options.delays)
    moved = (schedule.end - baseline.end).days
    if moved:
        text = gettext("The delays you entered (%(entered)s) move the planned end %(days)s later, to %(end)s.",
                       entered=entered, days=days_text(moved), end=long_date(schedule.end))
    else:
        text = gettext("The delays you entered (%(entered)s) do not move the planned end (%(end)s).",
                       entered=entered, end=long_date(schedule.end))
    for phase in schedule.main:
        before = baseline.phase(phase.id)
        if phase.spec.clock_from and phase.days < before.days:
            clock = schedule.phase(phase.spec.clock_from).name
            text += " " + gettext(
                "%(phase)s is %(days)s shorter: it ends a fixed time after the first day of %(clock)s, "
                "so delays after that day come out of it.",
                phase=phase.name, days=days_text(before.days - phase.days), clock=clock,
            )
    return text


def delays_sentence(schedule: Schedule) -> str:
    """Say what the entered delays do, against the same journey without them; empty when none were entered."""
    if not schedule.options.delays:
        return ""
    undelayed = build(schedule.protocol, None if schedule.relative else schedule.start,
                      replace(schedule.options, delays=()))
    return delay_text(schedule, undelayed)


def length_of_path(schedule: Schedule) -> str:
    """Say how long the path drawn runs: '457 days (about 15 months), from Mon, 5 Jan 2026 to Tue, 6 Apr 2027'."""
    days = schedule.day_number(schedule.path_end)
    if schedule.relative:
        return gettext("%(days)s (%(span)s), from Day 1 to Day %(last)s", days=days_text(days),
                       span=span_text(days), last=days)
    return gettext("%(days)s (%(span)s), from %(start)s to %(end)s", days=days_text(days), span=span_text(days),
                   start=long_date(schedule.start), end=long_date(schedule.path_end))


def difference_text(first: Schedule, second: Schedule, letter: str = "B") -> str:
    """Say how much longer or shorter scenario `letter` is than scenario A, by the end of the path drawn."""
    days = (second.path_end - first.path_end).days
    name = letter.upper()
    if first.relative:
        params = {"name": name, "day": second.day_number(second.path_end), "days": days_text(abs(days)),
                  "first": first.day_number(first.path_end)}
        if days == 0:
            return gettext("Scenario %(name)s ends on Day %(day)s, the same day as scenario A.", **params)
        if days > 0:
            return gettext("Scenario %(name)s ends on Day %(day)s, %(days)s later than scenario A (Day %(first)s).",
                           **params)
        return gettext("Scenario %(name)s ends on Day %(day)s, %(days)s earlier than scenario A (Day %(first)s).",
                       **params)
    params = {"name": name, "end": long_date(second.path_end), "days": days_text(abs(days)),
              "span": span_text(abs(days)), "first": long_date(first.path_end)}
    if days == 0:
        return gettext("Scenario %(name)s ends on %(end)s, the same day as scenario A.", **params)
    if days > 0:
        return gettext("Scenario %(name)s ends on %(end)s, %(days)s (%(span)s) later than scenario A (%(first)s).",
                       **params)
    return gettext("Scenario %(name)s ends on %(end)s, %(days)s (%(span)s) earlier than scenario A (%(first)s).",
                   **params)


def replaced_text(schedule: Schedule, path_name: str) -> str:
    """Say that the path drawn replaces the rest of the main road, from when, and what it leaves out."""
    if schedule.replaced_by is None:
        return ""
    params = {"path": path_name, "phases": ", ".join(p.name for p in schedule.replaced)}
    if schedule.relative:
        return gettext("On this path, %(path)s replaces the rest of the main road from Day %(day)s: %(phases)s are "
                       "not part of it.", day=schedule.day_number(schedule.replaced_from), **params)
    return gettext("On this path, %(path)s replaces the rest of the main road from %(date)s: %(phases)s are not "
                   "part of it.", date=long_date(schedule.replaced_from), **params)


def chart_summary(schedule: Schedule, position: Position | None = None) -> str:
    """Say what the chart shows in one sentence, for screen readers and anyone who cannot see it."""
    count = len(schedule.path)
    if schedule.relative:
        return ngettext(
            "Treatment over %(days)s days, from Day 1 to Day %(days)s, in %(num)s phase; "
            "the chart counts Day numbers, not dates.",
            "Treatment over %(days)s days, from Day 1 to Day %(days)s, in %(num)s phases; "
            "the chart counts Day numbers, not dates.",
            count, days=schedule.total_days,
        )
    phase = position.phase.name if position is not None and position.phase is not None else None
    kind = None if position is None else (position.when, position.days_to_start, position.week, phase)
    # The sentence is made once per language and kind of day shown, its two dates as stand-ins (issue 13: 0.03 ms a
    # page); no name or number of it holds a NUL.
    words = _summary(current(), count, kind)
    return words.replace("\x00s", short_date(schedule.start)).replace("\x00e", short_date(schedule.end))


@functools.lru_cache(maxsize=4096)  # languages x phase counts x kinds of day shown: sentences of 100 bytes, 1 MB
def _summary(language: str, count: int, kind: tuple | None) -> str:
    """Return chart_summary()'s dated sentence in `language` with the stand-ins \\x00s and \\x00e for its dates."""
    dates = {"start": "\x00s", "end": "\x00e"}
    when, days_to_start, week, phase = kind or ("during", 0, 0, None)
    if when == "during" and phase is None:
        return ngettext("Treatment from %(start)s to %(end)s, in %(num)s phase.",
                        "Treatment from %(start)s to %(end)s, in %(num)s phases.", count, **dates)
    if when == "before":
        return ngettext("Treatment from %(start)s to %(end)s, in %(phases)s; it starts in %(num)s day.",
                        "Treatment from %(start)s to %(end)s, in %(phases)s; it starts in %(num)s days.",
                        days_to_start, phases=phases_text(count), **dates)
    if when == "after":
        return ngettext("Treatment from %(start)s to %(end)s, in %(num)s phase; the planned schedule has ended.",
                        "Treatment from %(start)s to %(end)s, in %(num)s phases; the planned schedule has ended.",
                        count, **dates)
    return ngettext("Treatment from %(start)s to %(end)s, in %(num)s phase; you are in week %(week)s of %(phase)s.",
                    "Treatment from %(start)s to %(end)s, in %(num)s phases; you are in week %(week)s of %(phase)s.",
                    count, week=week, phase=phase, **dates)


def phases_text(count: int) -> str:
    """Say a number of phases: '1 phase', '6 phases'."""
    return ngettext("%(num)s phase", "%(num)s phases", count)


def later_text(days: int) -> str:
    """Say how a date compares with the first plan: '7 days later than first planned'."""
    if days > 0:
        return ngettext("%(num)s day later than first planned", "%(num)s days later than first planned", days)
    if days < 0:
        return ngettext("%(num)s day earlier than first planned", "%(num)s days earlier than first planned", -days)
    return gettext("as first planned")


def recorded_text(schedule: Schedule) -> str:
    """Say which first days the family recorded and what they do to the end; empty when none were recorded."""
    if not schedule.options.started:
        return ""
    entered = ", ".join(gettext("%(phase)s on %(date)s", phase=schedule.phase(pid).name, date=long_date(day))
                        for pid, day in schedule.options.started)
    return gettext("Recorded: %(entered)s. The rest is re-drawn by the protocol's rules: the path now ends on "
                   "%(end)s, %(later)s (%(planned)s).", entered=entered, end=long_date(schedule.path_end),
                   later=later_text(schedule.later_days), planned=long_date(schedule.planned_path_end))


# The data's notes flag what the sources leave open with capitals meant for clinicians reading the data
# (data/phases.csv, "UNCERTAIN: ..."); a print-out for families says it in plain words instead (issue 15).
# Each catalogue gives the markers as its translations write them, forms separated by ';' ("INCIERTO;INCIERTA").
UNCERTAIN, DERIVED = N_("UNCERTAIN"), N_("DERIVED")


@functools.lru_cache(maxsize=32)
def _marker_patterns(language: str) -> tuple[re.Pattern, re.Pattern]:
    """Return the active language's (opening marker, any marker) patterns; English's words always count."""
    def forms(marker: str) -> list[str]:
        words = {marker, *(w.strip() for w in gettext(marker).split(";"))} - {""}
        return sorted(map(re.escape, words), key=len, reverse=True)
    uncertain, every = "|".join(forms(UNCERTAIN)), "|".join(forms(UNCERTAIN) + forms(DERIVED))
    # Latin letters bound a marker (not inside a longer word); scripts without capitals have no marker to lower.
    opening = re.compile(rf"(?:^|(?<=\. )|(?<=。))(?:{uncertain})\s*[:：]\s*")
    return opening, re.compile(rf"(?<![A-Za-zÀ-ÿ])({every})(?![A-Za-zÀ-ÿ])")


def plain_note(note: str) -> str:
    """Return a data note with its UNCERTAIN/DERIVED markers put in plain words, for families' print-outs."""
    opening, marks = _marker_patterns(current())
    note = opening.sub(lambda _m: gettext("The sources leave this open:") + " ", str(note))
    return marks.sub(lambda m: m.group(1).lower(), note)


def option_lines(schedule: Schedule) -> list[str]:
    """Say what each patient option does on this timeline: the value drawn and its effect, in plain words."""
    lines = []
    given = dict(schedule.options.choices)
    for option in schedule.protocol.options:
        value = option.value(given.get(option.id) or option.default or "")
        if option.changes_nothing:
            # The same note on every value ("the same for boys and girls"): say it whether or not one was given.
            lines.append(option.values[0].note if option.values else "")
        elif value is not None:
            # The note says the value and what it does ("Boys: treatment ends 3 years after ...").
            lines.append(value.note or gettext("%(option)s: %(value)s.", option=option.name, value=value.label))
        elif option.unset and option.id not in given:
            lines.append(gettext("%(option)s: %(value)s.", option=option.name, value=option.unset))
    return [line for line in lines if line]


def after_when(mark: AfterMark, schedule: Schedule) -> str:
    """Say when a step after treatment falls: a day, or the range the sources give; empty when it has no date."""
    if mark.date is None:
        return ""
    if schedule.relative:
        if mark.uncertain:
            return gettext("Day %(first)s to Day %(last)s (the sources give a range)", first=mark.day,
                           last=schedule.day_number(mark.latest))
        return gettext("Day %(day)s", day=mark.day)
    if mark.uncertain:
        return gettext("%(first)s to %(last)s (the sources give a range)", first=long_date(mark.date),
                       last=long_date(mark.latest))
    return gettext("%(date)s (Day %(day)s)", date=long_date(mark.date), day=mark.day)


def guideline_name(schedule: Schedule) -> str:
    """Return the name of the guidance the steps after treatment follow ("United Kingdom (RCPCH, ...)")."""
    return next((g.name for g in schedule.protocol.guidelines if g.id == schedule.guideline), schedule.guideline)
