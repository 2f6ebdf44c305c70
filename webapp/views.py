"""Thin routes: parse the query, build the schedule, render it; the only module that knows HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urlencode

import segno
from flask import Blueprint, abort, current_app, jsonify, render_template, request, send_from_directory
from markupsafe import Markup

from webapp import chart, forms
from webapp.exports import ics, identity, pdf, records, table
from webapp.formatting import position_text
from webapp.schedule import Options, Schedule, ScheduleError, build

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

    def query(self, **changes: str) -> str:
        """Return the canonical query string of this timeline, with `changes` applied."""
        form = self.form
        params = {
            "start": form.start.data if form.has_start else "",
            "protocol": form.protocol.data,
            "induction_weeks": form.induction_weeks.data or "",
            "today": form.today.data or "",
        }
        if self.custom:
            params["custom"] = self.custom
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v})

    def error_map(self) -> dict[str, str]:
        """Return {parameter: message} for the form's fields and the parameters outside it."""
        return {**self.form.error_map(), **self.problems}


def catalogue():
    """Return the data loaded and validated at start-up."""
    return current_app.extensions["all_timeline.catalogue"]


def read_timeline() -> Timeline:
    """Validate the query string and build its schedule (relative when there is no start)."""
    now = date.today()
    form = forms.bind(request.args, catalogue().protocols, now)
    schedule = None
    if form.validate():
        protocol = catalogue().protocols[form.protocol.data]
        try:
            schedule = build(protocol, form.start_date, Options(induction_weeks=form.induction))
        except ScheduleError as exc:
            getattr(form, exc.field).errors = [exc.message]
    return Timeline(form, schedule, form.today_date or now)


@bp.get("/")
def index():
    """Show the form and the timeline its query describes (a teaching view without a start date)."""
    timeline = read_timeline()
    context = {"timeline": timeline, "form": timeline.form, "catalogue": catalogue()}
    if not timeline.ok:
        return render_template("index.html", **context), 400
    schedule = timeline.schedule
    position = None if schedule.relative else schedule.position(timeline.today)
    return render_template(
        "index.html",
        **context,
        schedule=schedule,
        figure=chart.figure(schedule, None if schedule.relative else timeline.today),
        position=position,
        position_sentence=position_text(schedule, position) if position else "",
        panels=catalogue().panels,
        facts=catalogue().facts_for(schedule.protocol.id),
    )


@bp.get("/schedule.json")
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


QR_MAX_URL = 1200  # longer addresses make QR codes too dense to scan from paper


def _share_url(timeline: Timeline) -> str:
    return f"{request.host_url}?{timeline.query(today='')}"


def _qr_svg(url: str) -> Markup | None:
    """Return the address as an inline SVG QR code (segno), or None when it is too long to scan."""
    if len(url) > QR_MAX_URL:
        return None
    svg = segno.make(url, error="m").svg_inline(omitsize=True, border=2, title="QR code of this schedule's address")
    return Markup(svg)  # segno escapes the title and writes only path data


def _sources(schedule: Schedule) -> list:
    """Return the sources the schedule cites, in the order the main page lists them."""
    known = catalogue().sources
    if (schedule.protocol.id, schedule.phases[0].id) in catalogue().panels:
        return [known[key] for key in catalogue().cited(schedule.protocol.id)]
    keys = dict.fromkeys(k for spec in schedule.protocol.phases for k in (*schedule.protocol.sources, *spec.sources))
    return [known[key] for key in keys if key in known]


def _valid_timeline() -> Timeline:
    """Return the query's timeline, or stop with a 400 page that names every bad parameter."""
    timeline = read_timeline()
    if not timeline.ok:
        messages = [f"{name}: {message}" for name, message in timeline.error_map().items()]
        abort(400, description="Please check the address. " + " ".join(messages))
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
    )


@bp.get("/print")
def print_view():
    """Show the schedule as a printable document: chart, dated tables, notes lines, sources."""
    return _print_html(_valid_timeline())


@bp.get("/schedule.csv")
def schedule_csv():
    """Return the schedule as a CSV table, one row per phase and milestone."""
    schedule = _valid_timeline().schedule
    return _download(table.to_csv(schedule), "text/csv; charset=utf-8", schedule, "csv")


@bp.get("/schedule.ics")
def schedule_ics():
    """Return the dated schedule as an iCalendar file; the teaching view has no dates to add."""
    schedule = _valid_timeline().schedule
    try:
        body = ics.to_ics(schedule, datetime.now(UTC).replace(microsecond=0))
    except ics.UndatedError as exc:
        abort(400, description=f"start: {exc}")
    return _download(body, "text/calendar; charset=utf-8", schedule, "ics")


def printer() -> pdf.Printer:
    """Return this process's PDF printer, starting it on first use (it keeps one Chromium warm)."""
    if "all_timeline.printer" not in current_app.extensions:
        current_app.extensions["all_timeline.printer"] = pdf.Printer(
            current_app.static_folder, current_app.static_url_path
        )
    return current_app.extensions["all_timeline.printer"]


@bp.get("/schedule.pdf")
def schedule_pdf():
    """Return the print view as a PDF on A4 (default) or US Letter paper (paper=letter)."""
    timeline = _valid_timeline()
    paper = request.args.get("paper", "a4")
    if paper not in pdf.PAPERS:
        abort(400, description=f"paper: “{paper[:20]}” is not a paper size: choose a4 or letter.")
    try:
        body = printer().pdf(_print_html(timeline), paper)
    except pdf.PrintError:
        current_app.logger.exception("PDF printing failed")
        abort(503, description="The PDF could not be made just now. Use the print view and your browser's "
                               "Print command (Ctrl+P) instead; it gives the same pages.")
    return _download(body, "application/pdf", timeline.schedule, "pdf")
