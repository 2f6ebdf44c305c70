"""Thin routes: parse the query, build the schedule, render it; the only module that knows HTTP."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlencode

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from webapp import chart, custom, forms, i18n, presentation
from webapp.exports import ics, identity, pdf, records, table
from webapp.formatting import chart_summary, delay_text, difference_text, position_text
from webapp.i18n import gettext as _
from webapp.pagecache import memoised
from webapp.schedule import Options, Protocol, Schedule, ScheduleError, build

bp = Blueprint("timeline", __name__)


@dataclass
class Timeline:
    """The outcome of one query: the bound form, and the schedule when the query was valid."""

    form: forms.TimelineForm
    schedule: Schedule | None
    today: date
    custom: str = ""  # the uploaded protocol carried in the address (see webapp/custom.py)
    problems: dict[str, str] = field(default_factory=dict)  # errors of parameters outside the form

    @property
    def ok(self) -> bool:
        return self.schedule is not None

    def query(self, **changes) -> str:
        """Return the canonical query string of this timeline, with `changes` applied."""
        form = self.form
        params = {
            "start": form.start.data if form.has_start else "",
            "protocol": form.protocol.data,
            "induction_weeks": form.induction_weeks.data or "",
            "today": form.today.data or "",
            "branch": list(form.branches),
            "delay": [f"{phase}:{days}" for phase, days in form.delays],
        }
        if self.custom:
            params["custom"] = self.custom
        if i18n.current() != i18n.DEFAULT:
            params["lang"] = i18n.current()
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v}, doseq=True)

    def error_map(self) -> dict[str, str]:
        """Return {parameter: message} for the form's fields and the parameters outside it."""
        return {**self.form.error_map(), **self.problems}


def catalogue():
    """Return the data loaded and validated at start-up, in the active language."""
    return current_app.extensions["all_timeline.catalogues"][i18n.current()]


def read_timeline(args: MultiDict | None = None) -> Timeline:
    """Validate a query (the request's by default) and build its schedule (relative without a start)."""
    now = date.today()
    args = request.args if args is None else args
    own, token, problems = read_custom(args)
    protocols = {own.id: own} if own else catalogue().protocols
    form = forms.bind(args, protocols, now)
    schedule = None
    if form.validate() and not problems:
        protocol = protocols[form.protocol.data]
        try:
            options = Options(induction_weeks=form.induction, branches=form.branches, delays=form.delays)
            schedule = build(protocol, form.start_date, options)
        except ScheduleError as exc:
            getattr(form, exc.field).errors = [i18n.gettext(exc.template, **exc.params)]
    return Timeline(form, schedule, form.today_date or now, token, problems)


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
    protocol, errors = custom.parse(upload, catalogue().sources)
    if errors:
        return None, "", {"custom": _("custom: the uploaded protocol in this address has errors: %(problem)s",
                                      problem=errors[0]) + " " + again}
    return protocol, tokens[0], {}


@bp.get("/")
@memoised
def index():
    """Show the form and the timeline its query describes (a teaching view without a start date)."""
    timeline = read_timeline()
    context = {"timeline": timeline, "form": timeline.form, "catalogue": catalogue()}
    if not timeline.ok:
        return render_template("index.html", **context), 400
    schedule = timeline.schedule
    position = None if schedule.relative else schedule.position(timeline.today)
    delays = ""
    if schedule.options.delays:
        undelayed = build(schedule.protocol, None if schedule.relative else schedule.start,
                          replace(schedule.options, delays=()))
        delays = delay_text(schedule, undelayed)
    return render_template(
        "custom_timeline.html" if timeline.custom else "index.html",
        **context,
        sources=_sources(schedule),
        schedule=schedule,
        delay_sentence=delays,
        figure=chart.figure(schedule, None if schedule.relative else timeline.today),
        position=position,
        position_sentence=position_text(schedule, position) if position else "",
        chart_summary=chart_summary(schedule, position),
        panels=catalogue().panels,
        branch_panels=catalogue().branch_panels,
        facts=catalogue().facts_for(schedule.protocol.id),
    )


@bp.get("/compare")
@memoised
def compare():
    """Show two scenarios, each given as a query string in `a` and `b`, on one time axis."""
    timelines, errors = {}, {}
    for name in ("a", "b"):
        values = request.args.getlist(name)
        if len(values) != 1 or len(values[0]) > 2000:
            errors[name] = _("Scenario %(name)s: give `%(param)s` once, as the query of a timeline page "
                             "(for example start=2026-01-05&protocol=cog-hr).", name=name.upper(), param=name)
            continue
        timeline = read_timeline(MultiDict(parse_qsl(values[0], keep_blank_values=True)))
        if timeline.ok:
            timelines[name] = timeline
        else:
            errors.update({f"{name}.{field}": _("Scenario %(name)s: %(message)s", name=name.upper(), message=message)
                           for field, message in timeline.error_map().items()})
    if not errors and timelines["a"].schedule.relative != timelines["b"].schedule.relative:
        undated = "a" if timelines["a"].schedule.relative else "b"
        errors[f"{undated}.start"] = _("Scenario %(name)s has no start date and the other has one: give both "
                                       "scenarios a start date, or neither (to compare Day numbers).",
                                       name=undated.upper())
    if errors:
        typed = {name: request.args.get(name, "")[:2000] for name in ("a", "b")}
        invalid = {key.split(".")[0] for key in errors}
        return render_template("compare.html", errors=errors, a=None, b=None, typed=typed, invalid=invalid), 400
    a, b = timelines["a"], timelines["b"]
    first = min(chart.span(a.schedule)[0], chart.span(b.schedule)[0])
    after_last = max(chart.span(a.schedule)[1], chart.span(b.schedule)[1])
    figures = [chart.figure(t.schedule, None if t.schedule.relative else t.today, (first, after_last))
               for t in (a, b)]
    return render_template("compare.html", errors={}, a=a, b=b, figures=figures,
                           difference=difference_text(a.schedule, b.schedule),
                           branch_panels=catalogue().branch_panels)


@bp.get("/schedule.json")
@memoised
def schedule_json():
    """Return the schedule of the query as JSON, or the field errors with a 400."""
    timeline = read_timeline()
    if not timeline.ok:
        return jsonify({"errors": timeline.error_map()}), 400
    return jsonify(records.to_dict(timeline.schedule))


@bp.get("/healthz")
def healthz():
    """Say that the app is up and its data loaded."""
    return jsonify({"status": "ok", "protocols": sorted(catalogue().protocols)})


@bp.get("/favicon.ico")
def favicon():
    """Serve the icon browsers ask for by default."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml")


QR_MAX_URL = 600  # longer addresses need QR codes too dense to scan from a 32 mm square on paper


def _share_url(timeline: Timeline) -> str:
    return f"{request.host_url}?{timeline.query(today='')}"


def _qr_svg(url: str) -> Markup | None:
    """Return the address as an inline SVG QR code (segno), or None when it is too long to scan."""
    if len(url) > QR_MAX_URL:
        return None
    svg = segno.make(url, error="m").svg_inline(omitsize=True, border=2, title=_("QR code of this schedule's address"))
    return Markup(svg)  # segno escapes the title and writes only path data


def _sources(schedule: Schedule) -> list:
    """Return the sources the schedule cites, in the order the main page lists them."""
    known = {**catalogue().sources, custom.OWN.key: custom.OWN}
    if catalogue().protocols.get(schedule.protocol.id) is schedule.protocol:
        return [known[key] for key in catalogue().cited(schedule.protocol.id, schedule.options.branches)]
    keys = dict.fromkeys(k for spec in schedule.protocol.phases for k in (*schedule.protocol.sources, *spec.sources))
    return [known[key] for key in keys if key in known]


def _valid_timeline() -> Timeline:
    """Return the query's timeline, or stop with the form's 400 page: every bad field named, input kept."""
    timeline = read_timeline()
    if not timeline.ok:
        page = render_template("index.html", timeline=timeline, form=timeline.form, catalogue=catalogue())
        abort(make_response(page, 400))
    return timeline


def _download(body: str | bytes, mimetype: str, schedule: Schedule, extension: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{identity.filename(schedule, extension)}"'
    return response


def _print_html(timeline: Timeline) -> str:
    schedule = timeline.schedule
    share = _share_url(timeline)
    return render_template(
        "print.html",
        schedule=schedule,
        figure=chart.figure(schedule),
        generated=date.today(),
        sources=_sources(schedule),
        share_url=share,
        qr=_qr_svg(share),
        custom=bool(timeline.custom),
        query=timeline.query(),
        footer_css=_footer_css(),
    )


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ") + '"'


def _footer_css() -> Markup:
    """Return the printed pages' footer rules in the page's language (CSS cannot call gettext)."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = re.split(r"(%\(pages?\)s)", _("Page %(page)s of %(pages)s"))
    page_of = " ".join(counters.get(part) or _css_string(part) for part in parts if part)
    return Markup(f"@page {{ @bottom-left {{ content: {_css_string(records.disclaimer())}; }} "
                  f"@bottom-right {{ content: {page_of}; }} }}")


@bp.get("/print")
@memoised
def print_view():
    """Show the schedule as a printable document: chart, dated tables, notes lines, sources."""
    return _print_html(_valid_timeline())


@bp.get("/schedule.csv")
@memoised
def schedule_csv():
    """Return the schedule as a CSV table, one row per phase and milestone."""
    schedule = _valid_timeline().schedule
    return _download(table.to_csv(schedule), "text/csv; charset=utf-8", schedule, "csv")


@bp.get("/schedule.ics")
@memoised
def schedule_ics():
    """Return the dated schedule as an iCalendar file; the teaching view has no dates to add."""
    schedule = _valid_timeline().schedule
    try:
        body = ics.to_ics(schedule, datetime.now(UTC).replace(microsecond=0))
    except ics.UndatedError as exc:
        abort(400, description=_("start: %(problem)s", problem=exc))
    return _download(body, "text/calendar; charset=utf-8", schedule, "ics")


def printer() -> pdf.Printer:
    """Return this process's PDF printer (made by create_app; it starts Chromium on first use)."""
    return current_app.extensions["all_timeline.printer"]


@bp.get("/schedule.pdf")
@memoised
def schedule_pdf():
    """Return the print view as a PDF on A4 (default) or US Letter paper (paper=letter)."""
    timeline = _valid_timeline()
    paper = request.args.get("paper", "a4")
    if paper not in pdf.PAPERS:
        abort(400, description=_("paper: “%(value)s” is not a paper size: choose a4 or letter.", value=paper[:20]))
    try:
        body = printer().pdf(_print_html(timeline), paper)
    except pdf.PrintError:
        current_app.logger.exception("PDF printing failed")
        abort(503, description=_("The PDF could not be made just now. Use the print view and your browser's "
                                 "Print command (Ctrl+P) instead; it gives the same pages."))
    return _download(body, "application/pdf", timeline.schedule, "pdf")


@bp.route("/custom", methods=["GET", "POST"])
def custom_upload():
    """Take a clinician's own protocol as a CSV; check every row; show it, storing nothing."""
    form = forms.CustomForm()
    errors: list[str] = []
    if request.method == "POST":
        if not form.validate():
            if form.csrf_token.errors:
                errors.append(_("This form has expired or was not sent from this page (its security token is "
                                "missing or wrong). Reload the page and send it again."))
        else:
            text, errors = _uploaded_text(form)
            if not errors:
                upload = custom.Upload(custom.normalise(text), (form.name.data or "").strip(), date.today())
                protocol, errors = custom.parse(upload, catalogue().sources)
            if not errors:
                token = custom.encode(upload)
                if len(token) > custom.MAX_TOKEN:
                    errors.append(_("The protocol is too large to carry in a link (%(length)s characters after "
                                    "packing; the most is %(most)s). Fix: shorten the summary and note texts.",
                                    length=len(token), most=custom.MAX_TOKEN))
            if not errors:
                lang = "" if i18n.current() == i18n.DEFAULT else i18n.current()
                query = urlencode({k: v for k, v in (("start", form.start.data), ("protocol", protocol.id),
                                                     ("custom", token), ("lang", lang)) if v})
                return redirect(url_for("timeline.index") + "?" + query, code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("custom.html", form=form, errors=errors, catalogue=catalogue()), status


def _uploaded_text(form: forms.CustomForm) -> tuple[str, list[str]]:
    """Return the CSV text from the file or the text box (exactly one), or what is wrong."""
    file, pasted = form.csv_file.data, (form.csv_text.data or "").strip()
    has_file = file is not None and getattr(file, "filename", "")
    if has_file and pasted:
        return "", [_("csv_file: give the CSV once: either upload a file or paste the text, not both.")]
    if not has_file and not pasted:
        return "", [_("csv_file: choose a CSV file to upload, or paste the CSV text.")]
    if not has_file:
        return pasted, []
    try:
        return file.read().decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return "", [_("csv_file: the file is not UTF-8 text. Fix: in your spreadsheet, save it as “CSV UTF-8”.")]


@bp.get("/custom/template-<protocol_id>.csv")
@memoised
def custom_template(protocol_id: str):
    """Return a built-in protocol in the upload format, as the starting point for one's own."""
    protocol = catalogue().protocols.get(protocol_id)
    if protocol is None:
        abort(404)
    response = current_app.response_class(custom.template_csv(protocol), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="all-timeline-template-{protocol.id}.csv"'
    return response


def guide():
    """Return the family guide (help panels and glossary) loaded at start-up, in the active language."""
    return current_app.extensions["all_timeline.guides"][i18n.current()]


@bp.app_context_processor
def guide_context() -> dict:
    """Give every template the family guide, so its panels can appear on any page."""
    return {"guide": guide(), "catalogue": catalogue()}


@bp.app_template_filter("link_terms")
def link_terms(text: str, skip: str | None = None):
    """Escape text and link the glossary terms in it to their entries."""
    glossary_url = url_for("timeline.glossary", lang=None if i18n.current() == i18n.DEFAULT else i18n.current())
    return guide().linker.link(text, lambda term: f"{glossary_url}#term-{term.id}", skip)


def bad_request(message: str, back: str | None = None):
    """Render the error page for a 400 whose message names the field at fault."""
    return render_template("error.html", error=BadRequest(message), back_url=back), 400


@bp.get("/glossary")
@memoised
def glossary():
    """Explain the words the timeline uses, in plain language."""
    return render_template("glossary.html")


@bp.get("/questions")
@memoised
def questions():
    """Show the questions for the care team and the warning signs, ready to print."""
    return render_template("questions.html")


@bp.get("/present")
@memoised
def present():
    """Show one phase per step in large type for teaching; the step lives in the address."""
    timeline = _valid_timeline()
    schedule = timeline.schedule
    try:
        step = presentation.parse_step(request.args.getlist("step"), schedule)
    except presentation.StepError as exc:
        return bad_request(str(exc), back=f"{url_for('.present')}?{timeline.query(step='1')}")
    figure = presentation.highlight(chart.figure(schedule), schedule, step.phase.id)

    def step_url(number: int | None) -> str | None:
        return None if number is None else f"{url_for('.present')}?{timeline.query(step=str(number))}"

    return render_template(
        "present.html", timeline=timeline, schedule=schedule, step=step, figure=figure,
        panel=catalogue().panels[(schedule.protocol.id, step.phase.id)],
        urls={"previous": step_url(step.previous), "next": step_url(step.next), "first": step_url(1),
              "last": step_url(step.total), "timeline": f"{url_for('.index')}?{timeline.query()}"},
        chart_summary=chart_summary(schedule),
    )
