"""The timeline form: a GET form bound to the query string, so the whole timeline lives in its URL."""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import cache

from babel.dates import format_date
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import MultiDict
from wtforms import (
    Form,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, DateInput, ListWidget, Select

from webapp import fragments
from webapp.custom import MAX_NAME as CUSTOM_NAME_LENGTH
from webapp.i18n import current, gettext, language, lazy_gettext
from webapp.protocol import MAX_DELAY_DAYS, TIMELINE_PARAMS, OptionSpec
from webapp.registry import group_label, in_picker_order, one_line
from webapp.remembered import Remembered, remembered

PARAMS = TIMELINE_PARAMS  # and, after them, the patient options the protocols declare (see `params`)
REPEATABLE = {"branch", "delay", "started"}
MAX_REPEATS = 10
DELAY = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*):(-?\d{1,6})$")
STARTED = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*):(.*)$")
MAX_LENGTH = 64  # longer than any valid value; longer input is refused, not truncated silently
SHOWN_LENGTH = 200  # what we echo back into the form of an over-long value
EARLIEST = date(2000, 1, 1)
ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

def _years_later(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day)


def parse_iso_date(value: str, earliest: date, latest: date) -> date:
    """Parse YYYY-MM-DD strictly; raise ValidationError with a message a person can act on."""
    value = value.strip()
    if not value:
        raise ValidationError(gettext("Please enter a date as YYYY-MM-DD, for example 2026-01-05."))
    match = ISO.match(value)
    if not match:
        raise ValidationError(gettext("“%(value)s” is not a date in the form YYYY-MM-DD, for example 2026-01-05.",
                                      value=value))
    # Nearly every date is real and in range: one C call instead of the checks below (2.5 of 4 us, issue 13). Any
    # it refuses (year 0, other digits \d matches) gets them and their messages.
    try:
        found = date.fromisoformat(value)
    except ValueError:
        found = None
    if found is not None and earliest <= found <= latest:
        return found
    return _checked_date(value, match, earliest, latest)


def _checked_date(value: str, match: re.Match, earliest: date, latest: date) -> date:
    """Return the date an ISO-shaped value names, or raise ValidationError saying what is wrong with it."""
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValidationError(gettext("“%(value)s” is not a real date: there is no month %(month)s.",
                                      value=value, month=month))
    days_in_month = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= days_in_month:
        raise ValidationError(gettext(
            "“%(value)s” is not a real date: %(month)s %(year)s has %(days)s days.",
            value=value, month=format_date(date(2000, month, 1), "LLLL", locale=language().locale), year=year,
            days=days_in_month,
        ))
    # Year 0 has no datetime.date (fuzzing, issue 6): compare the year first, then the whole date.
    if not earliest.year <= year <= latest.year or not earliest <= date(year, month, day) <= latest:
        raise ValidationError(gettext(
            "“%(value)s” is outside the dates this tool covers: choose a date from %(earliest)s to %(latest)s.",
            value=value, earliest=earliest.isoformat(), latest=latest.isoformat(),
        ))
    return date(year, month, day)


def parse_start(text: str, now: date) -> date:
    """Parse the start field: a real date from 2000 to five years from now."""
    return parse_iso_date(text, EARLIEST, _years_later(now, 5))


def parse_today(text: str | None, now: date) -> date | None:
    """Parse the optional as-of day ("today"): None when it is empty, else a date up to ten years from now."""
    return parse_iso_date(text, EARLIEST, _years_later(now, 10)) if text else None


def check_protocol(value: str, known: dict) -> None:
    """Refuse a protocol this tool does not know, listing the ones it does."""
    if value not in known:
        raise ValidationError(gettext("“%(value)s” is not a protocol this tool knows. Choose one of: %(names)s.",
                                      value=value, names=", ".join(known)))


def check_branches(values: list[str], paths: dict[str, str]) -> None:
    """Refuse the first path this tool does not draw, listing the ones it does."""
    for value in values:
        if value not in paths:
            raise ValidationError(gettext("“%(value)s” is not a path this tool draws. Choose from: %(names)s.",
                                          value=value, names=", ".join(paths)))


def check_guideline(value: str, guidelines: dict[str, str]) -> None:
    """Refuse a guideline this tool does not know (empty: the protocol's own), listing the ones it does."""
    if value and value not in guidelines:
        raise ValidationError(gettext("“%(value)s” is not a guideline this tool knows. Choose one of: %(names)s.",
                                      value=value, names=", ".join(guidelines)))


def _items(text: str) -> list[str]:
    """Return the comma-separated items of a delay or started field, trimmed, empty ones left out."""
    return [item for item in (part.strip() for part in text.split(",")) if item]


def parse_delays(text: str) -> tuple[tuple[str, int], ...]:
    """Parse the delay field ("phase:days, ..."); raise ValidationError naming the first item that is not one."""
    found = []
    for item in _items(text):
        match = DELAY.match(item)
        if not match:
            raise ValidationError(gettext(
                "“%(value)s” is not a delay. Write phase:days, for example consolidation:14 "
                "(several delays separated by commas).", value=item,
            ))
        days = int(match.group(2))
        if not 1 <= days <= MAX_DELAY_DAYS:
            raise ValidationError(gettext("“%(value)s”: a delay must be 1 to %(most)s days.",
                                          value=item, most=MAX_DELAY_DAYS))
        found.append((match.group(1), days))
    return tuple(found)


def parse_started(text: str, now: date) -> tuple[tuple[str, date], ...]:
    """Parse the started field ("phase:YYYY-MM-DD, ..."); raise ValidationError naming the first bad item."""
    found = []
    for item in _items(text):
        match = STARTED.match(item)
        if not match:
            raise ValidationError(gettext(
                "“%(value)s” is not a recorded start. Write phase:YYYY-MM-DD, for example consolidation:2026-02-10 "
                "(several separated by commas).", value=item,
            ))
        try:
            day = parse_iso_date(match.group(2), EARLIEST, _years_later(now, 10))
        except ValidationError as exc:
            raise ValidationError(gettext("%(phase)s: %(problem)s", phase=match.group(1), problem=exc)) from exc
        found.append((match.group(1), day))
    return tuple(found)


class StartInput(DateInput):
    """The start date's input; in a kept fragment of the form its value is a hole, filled per request (issue 13)."""

    def __call__(self, field, **kwargs):
        stand_in = fragments.hole("form-start")  # not "start": the timeline section's hole of that name is a long date
        if stand_in is not None:
            kwargs["value"] = stand_in
        return super().__call__(field, **kwargs)


class TimelineForm(Form):
    """Start date, protocol and options; validated from request.args (no CSRF: it changes nothing)."""

    start = StringField(lazy_gettext("Treatment start date"), widget=StartInput())
    protocol = SelectField(lazy_gettext("Protocol"), validate_choice=False, widget=Remembered(Select()))
    today = StringField(lazy_gettext("Show where we are on (optional)"), widget=DateInput())
    branch = SelectMultipleField(
        lazy_gettext("Possible paths to show"),
        widget=Remembered(ListWidget(prefix_label=False)),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )
    delay = StringField(lazy_gettext("Delays (optional)"))
    started = StringField(lazy_gettext("Days phases actually began (optional)"))
    guideline = SelectField(lazy_gettext("Guidance after treatment (country)"), validate_choice=False)

    def __init__(self, formdata: MultiDict, protocols: dict, now: date, problems: dict[str, str],
                 prefix: str = "", paths: dict[str, str] | None = None) -> None:
        super().__init__(formdata, prefix=prefix)
        # Every path this tool draws, in data/branch_panels.csv order, with its checkbox label.
        self.paths = _paths(protocols) if paths is None else paths
        self.branch.choices = remembered(("paths", current()), self.paths,
                                          lambda: [SelectChoice(b, label) for b, label in self.paths.items()])
        self.now = now
        self.known = protocols
        self.problems = problems  # repeated or over-long parameters, found before binding
        # Grouped by region and group (optgroups); each option carries its one line for the script to show.
        self.protocol.choices = remembered(("protocols", current()), protocols, lambda: [
            SelectChoice(p.id, p.name, {"data-line": one_line(p, protocols)}, group_label(p))
            for p in in_picker_order(protocols)])
        self.start_date: date | None = None
        self.today_date: date | None = None
        self.delays: tuple[tuple[str, int], ...] = ()
        self.started_on: tuple[tuple[str, date], ...] = ()
        self.has_start = self.start.name in formdata
        if not self.protocol.data:
            self.protocol.data = next(iter(protocols))
        self.option_fields = [self[name] for name in option_ids(protocols)]
        chosen = protocols.get(self.protocol.data)
        self.guidelines = guideline_names(protocols)
        default = self.guidelines.get(chosen.guideline, "") if chosen else ""
        self.guideline.choices = [
            SelectChoice("", gettext("As for the protocol's country: %(name)s", name=default) if default
                         else gettext("As for the protocol's country")),
            *(SelectChoice(g, name) for g, name in self.guidelines.items()),
        ]
        if self.guideline.data is None:
            self.guideline.data = ""
        for field in self.option_fields:
            name = field.short_name
            field.protocols = remembered(("offered", name), protocols,
                                          lambda n=name: [pid for pid, p in protocols.items() if p.option(n)])
            field.choices = remembered(("option", name, chosen and chosen.id, current()), protocols,
                                        lambda n=name: _option_choices(n, protocols, chosen))
            if field.data is None:
                field.data = ""

    # Each check is a function of its field's text (webapp/reading.py reads plain addresses with the same ones).
    def validate_start(self, field: StringField) -> None:
        if self.has_start:
            self.start_date = parse_start(field.data or "", self.now)

    def validate_protocol(self, field: SelectField) -> None:
        check_protocol(field.data, self.known)

    def validate_branch(self, field: SelectMultipleField) -> None:
        check_branches(field.data or [], self.paths)

    def validate_delay(self, field: StringField) -> None:
        self.delays = parse_delays(field.data or "")

    def validate_started(self, field: StringField) -> None:
        self.started_on = parse_started(field.data or "", self.now)

    def validate_guideline(self, field: SelectField) -> None:
        check_guideline(field.data, self.guidelines)

    def validate_today(self, field: StringField) -> None:
        self.today_date = parse_today(field.data, self.now)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for name, message in self.problems.items():
            getattr(self, name).errors = [message]
        return ok and not self.problems

    def layout_key(self) -> tuple | None:
        """Return what the form's HTML depends on besides its start date; None when a field has an error."""
        if any(f.errors for f in self):
            return None
        return tuple((f.name, tuple(f.data) if isinstance(f.data, list) else f.data)
                     for f in self if f is not self.start)

    @property
    def chosen_line(self) -> str:
        """Return who the chosen protocol is for, where it is used and its status (empty if it is unknown)."""
        chosen = self.known.get(self.protocol.data)
        return one_line(chosen, self.known) if chosen else ""

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        """Return the patient options given, as (option id, value); the core says whether the protocol allows them."""
        return tuple((f.short_name, f.data) for f in self.option_fields if f.data)

    @property
    def branches(self) -> tuple[str, ...]:
        """Return the chosen branches, each once, in the order this tool lists them."""
        chosen = set(self.branch.data or [])
        return tuple(b for b in self.paths if b in chosen)

    def error_map(self) -> dict[str, str]:
        """Return {parameter: 'Label: message'} for every field with an error."""
        return {f.name: gettext("%(label)s: %(message)s", label=f.label.text, message=f.errors[0])
                for f in self if f.errors}


def _paths(protocols: dict) -> dict[str, str]:
    """Return the paths the protocols offer, in data/branch_panels.csv order, with their checkbox labels."""
    offered = sorted({b.id: b for p in protocols.values() for b in p.branches}.values(), key=lambda b: b.rank)
    return {b.id: b.label or b.id for b in offered}


def option_ids(protocols: dict) -> tuple[str, ...]:
    """Return the id of every patient option the protocols declare, in the order they are first declared."""
    return remembered(("option ids",), protocols,
                      lambda: tuple(dict.fromkeys(o.id for p in protocols.values() for o in p.options)))


def guideline_names(protocols: dict) -> dict[str, str]:
    """Return every guideline the protocols follow after treatment (data/guidelines.csv), id to name."""
    return remembered(("guidelines",), protocols,
                      lambda: {g.id: g.name for p in protocols.values() for g in p.guidelines})


def params(protocols: dict) -> tuple[str, ...]:
    """Return every URL parameter of a timeline: its own, then the patient options the protocols declare."""
    return remembered(("params",), protocols, lambda: (*PARAMS, *option_ids(protocols)))


def _option_choices(option_id: str, protocols: dict, chosen) -> list[SelectChoice]:
    """Return the choices of an option's field: "not given" first (named as the chosen protocol draws it), then
    every value any protocol allows, except the one the chosen protocol draws when none is given."""
    specs = [p.option(option_id) for p in protocols.values() if p.option(option_id)]
    own: OptionSpec = (chosen.option(option_id) if chosen else None) or specs[0]
    default = own.value(own.default) if own.default else None
    empty = own.unset or (default.label if default else "") or gettext("As the protocol says")
    labels: dict[str, str] = {}
    for spec in specs:
        for value in spec.values:
            labels.setdefault(value.value, value.label or value.value)
    return [SelectChoice("", empty), *(SelectChoice(v, label) for v, label in labels.items()
                                       if not default or v != default.value)]


def _form_class(protocols: dict) -> type[TimelineForm]:
    """Return the timeline form with one select per patient option the protocols declare (named by its id)."""
    labels: dict[str, str] = {}
    for protocol in protocols.values():
        for option in protocol.options:
            labels.setdefault(option.id, option.name or option.id)
    return _form_with(tuple(labels.items()))


@cache
def _form_with(labels: tuple[tuple[str, str], ...]) -> type[TimelineForm]:
    fields = {name: SelectField(label, validate_choice=False, widget=Remembered(Select())) for name, label in labels}
    return type("TimelineForm", (TimelineForm,), fields) if fields else TimelineForm


def bind(args: MultiDict, protocols: dict, now: date, prefix: str = "",
         paths: dict[str, str] | None = None) -> TimelineForm:
    """Bind the form to query parameters, noting repeated and over-long ones first (fields named `prefix-x`)."""
    problems, first = {}, MultiDict()
    key = f"{prefix}-" if prefix else ""
    for name in params(protocols):
        values = args.getlist(name)
        if not values:
            continue
        if name in REPEATABLE:
            if len(values) > MAX_REPEATS:
                problems[name] = gettext("was given %(times)s times; the most is %(most)s.",
                                         times=len(values), most=MAX_REPEATS)
            values = values[:MAX_REPEATS]
        elif len(values) > 1:
            problems[name] = gettext("was given %(times)s times in the address; give it once.", times=len(values))
        longest = max(values, key=len)
        if len(longest) > MAX_LENGTH:
            problems[name] = gettext("is too long (%(length)s characters; the most is %(most)s).",
                                     length=len(longest), most=MAX_LENGTH)
        if name in ("delay", "started"):
            first[key + name] = ", ".join(v[:SHOWN_LENGTH] for v in values if v)
        elif name == "branch":
            for value in values:
                first.add(key + name, value[:SHOWN_LENGTH])
        else:
            first[key + name] = values[0][:SHOWN_LENGTH]
    return _form_class(protocols)(first, protocols, now, problems, key, paths)


class CustomForm(FlaskForm):
    """Upload or paste a protocol in the columns of data/phases.csv; a POST form, so it carries CSRF."""

    name = StringField(lazy_gettext("Name of the protocol (optional)"))
    start = StringField(lazy_gettext("Treatment start date (optional)"), widget=DateInput())
    csv_file = FileField(lazy_gettext("Upload the CSV file"))
    csv_text = TextAreaField(lazy_gettext("Or paste the CSV text"))
    milestones_file = FileField(lazy_gettext("Milestones CSV file (optional)"))
    milestones_text = TextAreaField(lazy_gettext("Or paste the milestones CSV text (optional)"))

    def validate_name(self, field: StringField) -> None:
        if len(field.data or "") > CUSTOM_NAME_LENGTH:
            raise ValidationError(gettext("is too long (%(length)s characters; the most is %(most)s).",
                                          length=len(field.data), most=CUSTOM_NAME_LENGTH))

    def validate_start(self, field: StringField) -> None:
        self.start_date = None
        if field.data:
            self.start_date = parse_iso_date(field.data, EARLIEST, _years_later(date.today(), 5))
