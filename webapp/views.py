"""Thin routes: parse the query, build the schedule, render it; the only module that knows HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, current_app, jsonify, render_template, request, send_from_directory

from webapp import chart, forms
from webapp.exports import records
from webapp.formatting import position_text
from webapp.pagecache import memoised
from webapp.schedule import Options, Schedule, ScheduleError, build

bp = Blueprint("timeline", __name__)


@dataclass
class Timeline:
    """The outcome of one query: the bound form, and the schedule when the query was valid."""

    form: forms.TimelineForm
    schedule: Schedule | None
    today: date

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
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v})


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
@memoised
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
@memoised
def schedule_json():
    """Return the schedule of the query as JSON, or the field errors with a 400."""
    timeline = read_timeline()
    if not timeline.ok:
        return jsonify({"errors": timeline.form.error_map()}), 400
    return jsonify(records.to_dict(timeline.schedule))


@bp.get("/healthz")
def healthz():
    """Say that the app is up and its data loaded."""
    return jsonify({"status": "ok", "protocols": sorted(catalogue().protocols)})


@bp.get("/favicon.ico")
def favicon():
    """Serve the icon browsers ask for by default."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml")
