"""What every view shares: the blueprint, the query read into a timeline, the data in the active language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import parse_qsl, urlencode

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    make_response,
    render_template,
    request,
)
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from webapp import custom, forms, fragments, i18n, origin, phase_table, reading
from webapp.formatting import replaced_text
from webapp.i18n import gettext as _
from webapp.remembered import remembered
from webapp.schedule import Options, Protocol, Schedule, ScheduleError, build
from webapp.views.navigation import compare_url, page_url, site_url

bp = Blueprint("timeline", __name__)


@dataclass
class Timeline:
    """The outcome of one query: what its fields read, the form, and the schedule when the query was valid."""

    reading: reading.Reading
    bound: Callable[[], forms.TimelineForm] = field(repr=False)  # the validated form, bound on first use
    schedule: Schedule | None
    today: date
    custom: str = ""  # the uploaded protocol carried in the address (see webapp/custom.py)
    problems: dict[str, str] = field(default_factory=dict)  # errors of parameters outside the form
    plain_query: str | None = field(default=None, repr=False, compare=False)
    _form: forms.TimelineForm | None = field(default=None, repr=False, compare=False)

    @property
    def form(self) -> forms.TimelineForm:
        """Return the bound, validated form (a page shows it; /schedule.json and /print need only `reading`)."""
        if self._form is None:
            self._form = self.bound()
        return self._form

    @property
    def form_bound(self) -> bool:
        """Say whether the form was bound: a plain, valid address is read without it (webapp/reading.py)."""
        return self._form is not None

    @property
    def ok(self) -> bool:
        return self.schedule is not None

    @property
    def help_protocol(self) -> str | None:
        """Return the protocol whose help groups the page shows; None for an uploaded one (its ALL is unknown)."""
        return None if self.custom or self.schedule is None else self.schedule.protocol.id

    def query(self, **changes) -> str:
        """Return the canonical query string of this timeline, with `changes` applied."""
        # While the timeline section is rendered to be kept (webapp/timeline_part.py), its start date is a stand-in;
        # only a fragment that fills hole "s" has it, so any other kept fragment links the real start.
        held = self.reading.has_start and fragments.held("s")
        if not changes and not held:  # a page links its own query a dozen times; the form does not change once read
            if self.plain_query is None:
                self.plain_query = self._query()
            return self.plain_query
        return self._query(held, **changes)

    def hidden_query(self) -> list[tuple[str, str]]:
        """Return the query as (name, value) pairs, for a form's hidden fields."""
        return parse_qsl(self.query())

    def _query(self, held: bool = False, **changes) -> str:
        read = self.reading
        params = {
            "start": (fragments.START if held else read.start) if read.has_start else "",
            "protocol": read.protocol,
            **{name: value or "" for name, value in read.options},
            "today": read.today or "",
            "branch": list(read.branches),
            "delay": [f"{phase}:{days}" for phase, days in read.delays],
            "started": [f"{phase}:{day.isoformat()}" for phase, day in read.started],
            "guideline": read.guideline or "",
        }
        if self.custom:
            params["custom"] = self.custom
        params.update(i18n.url_args())
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v}, doseq=True)

    def error_map(self) -> dict[str, str]:
        """Return {parameter: message} for the form's fields and the parameters outside it."""
        return {**self.form.error_map(), **self.problems}


def catalogue():
    """Return the data loaded and validated at start-up, in the active language."""
    return current_app.extensions["all_timeline.catalogues"][i18n.current()]


def read_timeline(args: MultiDict | None = None, prefix: str = "") -> Timeline:
    """Validate a query (the request's by default) and build its schedule; `prefix` names the form's fields."""
    now = date.today()
    args = request.args if args is None else args
    own, token, problems = read_custom(args)
    data = catalogue()
    protocols = {own.id: own} if own else data.protocols
    paths = remembered(("paths",), data, lambda: {  # data/branch_panels.csv; one dict, so its HTML is kept
        pid: panel.label for pid, panel in data.branch_panels.items()})

    def bound() -> forms.TimelineForm:
        form = forms.bind(args, protocols, now, prefix, paths)
        form.validate()
        return form

    timeline = Timeline(reading.read(args, protocols, now, paths), bound, None, now, token, problems)
    if timeline.reading is None:  # not plain, or not valid: the form reads it and words its errors
        timeline.reading = reading.of_form(timeline.form)
        valid = not any(f.errors for f in timeline.form)
    else:
        valid = True
    read = timeline.reading
    timeline.today = read.today_date or now
    if valid and not problems:
        try:
            options = Options(choices=read.choices, branches=read.branches, delays=read.delays,
                              started=read.started, as_of=read.today_date or now, guideline=read.guideline or "")
            timeline.schedule = build(protocols[read.protocol], read.start_date, options)
        except ScheduleError as exc:
            form, message = timeline.form, i18n.gettext(exc.template, **exc.params)
            for name in (exc.field, *(n for n in exc.also if getattr(form, n).data)):  # a given value it came from
                getattr(form, name).errors = [message]
    return timeline


def read_custom(args: MultiDict) -> tuple[Protocol | None, str, dict[str, str]]:
    """Read and re-check the uploaded protocol a query carries (parameter `custom`), if any."""
    tokens = args.getlist("custom")
    if not tokens:
        return None, "", {}
    again = _('Upload the CSV again on the “Your own protocol” page (/custom).')
    if len(tokens) > 1:
        return None, "", {"custom": _("custom: was given %(times)s times in the address; give it once.",
                                      times=len(tokens))}
    try:
        upload = custom.decode(tokens[0])
    except custom.TokenError as exc:
        return None, "", {"custom": _("custom: the uploaded protocol in this address cannot be read: %(problem)s.",
                                      problem=exc) + " " + again}
    protocol, errors = custom.parse(upload, catalogue().sources, catalogue().paths)
    if errors:
        return None, "", {"custom": _("custom: the uploaded protocol in this address has errors: %(problem)s",
                                      problem=errors[0]) + " " + again}
    # What comes after treatment does not depend on the protocol: an upload gets the same rows (US by default).
    guidelines = catalogue().guidelines
    protocol = replace(protocol, after=catalogue().after, guidelines=guidelines,
                       guideline=guidelines[0].id if guidelines else "")
    return protocol, tokens[0], {}


def sources(schedule: Schedule) -> list:
    """Return the sources the schedule cites, in the order the main page lists them."""
    data = catalogue()
    if data.protocols.get(schedule.protocol.id) is schedule.protocol:
        # The same for every page of a protocol and its paths: gathering them was about 35 us of /print (issue 13).
        cited = (schedule.protocol.id, schedule.options.branches)
        return list(remembered(("sources", *cited), data, lambda: [_known(data)[key] for key in data.cited(*cited)]))
    known = _known(data)
    keys = dict.fromkeys(k for spec in schedule.protocol.phases for k in (*schedule.protocol.sources, *spec.sources))
    keys.update(dict.fromkeys(k for spec in schedule.protocol.after for k in spec.sources))
    return [known[key] for key in keys if key in known]


def _known(data) -> dict:
    """Return every source a page may cite: the data's, and the one an uploaded protocol stands on."""
    return {**data.sources, custom.OWN.key: custom.OWN}


RECORD_PREFIX = "started-"  # one date field per phase in the "What actually happened" form


def recorded_query(timeline: Timeline, args: MultiDict) -> str | None:
    """Turn the form's `started-<phase>` dates into `started=<phase>:<date>`; None when the query has none.

    A field left at the date the page showed records nothing, so the rest stays re-projected by the protocol.
    """
    typed = [(k.removeprefix(RECORD_PREFIX), v.strip()[:forms.MAX_LENGTH]) for k, v in args.items(multi=True)
             if k.startswith(RECORD_PREFIX)]
    if not typed:
        return None
    recorded = {phase: day.isoformat() for phase, day in timeline.reading.started}
    shown = {p.id: p.start.isoformat() for p in timeline.schedule.phases} if timeline.ok else {}
    for phase_id, value in typed:
        if value and value != shown.get(phase_id):
            recorded[phase_id] = value
    return timeline.query(started=[f"{phase}:{day}" for phase, day in recorded.items()])


def actual_fields(timeline: Timeline) -> list:
    """Return the phases of the path begun by the as-of day whose first day a family may record."""
    schedule = timeline.schedule
    return [p for p in schedule.path if p.spec.after is not None and p.start <= timeline.today]


def replaced_sentence(schedule: Schedule) -> str:
    """Say, in the page's language, that the path drawn replaces the rest of the main road (empty if it does not)."""
    if schedule.replaced_by is None:
        return ""
    return replaced_text(schedule, catalogue().branch_panels[schedule.replaced_by].name)


def valid_timeline() -> Timeline:
    """Return the query's timeline, or stop with the form's 400 page: every bad field named, input kept."""
    timeline = read_timeline()
    if not timeline.ok:
        page = render_template("index.html", timeline=timeline, form=timeline.form, catalogue=catalogue())
        abort(make_response(page, 400))
    return timeline


def guide():
    """Return the family guide (help panels and glossary) loaded at start-up, in the active language."""
    return current_app.extensions["all_timeline.guides"][i18n.current()]


@bp.app_context_processor
def guide_context() -> dict:
    """Give every template the family guide, so its panels can appear on any page, and the site's link builder."""
    return {"guide": guide(), "catalogue": catalogue(), "site_url": site_url, "page_url": page_url,
            "compare_url": compare_url, "subscription": origin.subscription}


bp.add_app_template_global(phase_table.table_key, "table_key")
bp.add_app_template_global(phase_table.table_dates, "table_dates")


@bp.app_template_filter("link_terms")
def link_terms(text: str, skip: str | None = None):
    """Escape text and link the glossary terms in it to their entries."""
    if "glossary_url" not in g:  # one link per page, not one per linked text
        g.glossary_url = site_url("timeline.glossary")
    return guide().linker.link_to(text, g.glossary_url, skip)


def bad_request(message: str, back: str | None = None):
    """Render the error page for a 400 whose message names the field at fault."""
    return render_template("error.html", error=BadRequest(message), back_url=back), 400


def plan_fixed(args: list[tuple[str, str]]) -> tuple[str, ...]:
    """Return what a plan keeps as it is from one start to another: the address's names, its other values, the site's
    place (the language menu's links repeat every parameter, unknown ones too: a name may spell a date; review)."""
    return (*(k for k, _ in args), *(v for k, v in args if k != "start"), origin.public_base(),
            request.script_root)
