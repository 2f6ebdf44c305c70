"""Thin routes: parse the query, build the schedule, render it; the only module that knows HTTP."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, current_app, jsonify, render_template, request, send_from_directory
from werkzeug.datastructures import MultiDict

from webapp import chart, forms
from webapp.exports import records
from webapp.formatting import delay_text, difference_text, position_text
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
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v}, doseq=True)


def catalogue():
    """Return the data loaded and validated at start-up."""
    return current_app.extensions["all_timeline.catalogue"]


def read_timeline(args: MultiDict | None = None) -> Timeline:
    """Validate a query (the request's by default) and build its schedule (relative without a start)."""
    now = date.today()
    form = forms.bind(request.args if args is None else args, catalogue().protocols, now)
    schedule = None
    if form.validate():
        protocol = catalogue().protocols[form.protocol.data]
        try:
            options = Options(induction_weeks=form.induction, branches=form.branches, delays=form.delays)
            schedule = build(protocol, form.start_date, options)
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
    delays = ""
    if schedule.options.delays:
        undelayed = build(schedule.protocol, None if schedule.relative else schedule.start,
                          replace(schedule.options, delays=()))
        delays = delay_text(schedule, undelayed)
    return render_template(
        "index.html",
        **context,
        schedule=schedule,
        delay_sentence=delays,
        figure=chart.figure(schedule, None if schedule.relative else timeline.today),
        position=position,
        position_sentence=position_text(schedule, position) if position else "",
        panels=catalogue().panels,
        branch_panels=catalogue().branch_panels,
        facts=catalogue().facts_for(schedule.protocol.id),
    )


@bp.get("/compare")
def compare():
    """Show two scenarios, each given as a query string in `a` and `b`, on one time axis."""
    timelines, errors = {}, {}
    for name in ("a", "b"):
        values = request.args.getlist(name)
        if len(values) != 1 or len(values[0]) > 2000:
            errors[name] = (f"Scenario {name.upper()}: give `{name}` once, as the query of a timeline page "
                            "(for example start=2026-01-05&protocol=cog-hr).")
            continue
        timeline = read_timeline(MultiDict(parse_qsl(values[0], keep_blank_values=True)))
        if timeline.ok:
            timelines[name] = timeline
        else:
            errors.update({f"{name}.{field}": f"Scenario {name.upper()}: {message}"
                           for field, message in timeline.form.error_map().items()})
    if not errors and timelines["a"].schedule.relative != timelines["b"].schedule.relative:
        errors["b.start"] = "Scenario B: give both scenarios a start date, or neither (to compare Day numbers)."
    if errors:
        return render_template("compare.html", errors=errors, a=None, b=None), 400
    a, b = timelines["a"], timelines["b"]
    first = min(chart.span(a.schedule)[0], chart.span(b.schedule)[0])
    after_last = max(chart.span(a.schedule)[1], chart.span(b.schedule)[1])
    figures = [chart.figure(t.schedule, None if t.schedule.relative else t.today, (first, after_last))
               for t in (a, b)]
    return render_template("compare.html", errors={}, a=a, b=b, figures=figures,
                           difference=difference_text(a.schedule, b.schedule),
                           branch_panels=catalogue().branch_panels)


@bp.get("/schedule.json")
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
