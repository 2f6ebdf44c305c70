"""The timeline page, the comparison of two paths, the JSON schedule and the health check."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qsl

from flask import (
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.datastructures import MultiDict

from webapp import chart
from webapp.exports import records
from webapp.formatting import chart_summary, delay_text, difference_text, position_text, recorded_text
from webapp.i18n import gettext as _
from webapp.pagecache import memoised
from webapp.schedule import build
from webapp.views.common import (
    actual_fields,
    bp,
    catalogue,
    read_timeline,
    recorded_query,
    replaced_sentence,
    sources,
)


@bp.get("/")
@memoised
def index():
    """Show the form and the timeline its query describes (a teaching view without a start date)."""
    timeline = read_timeline()
    recorded = recorded_query(timeline, request.args)
    if recorded is not None:
        return redirect(f"{url_for('.index')}?{recorded}", 303)
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
        sources=sources(schedule),
        schedule=schedule,
        delay_sentence=delays,
        replaced_sentence=replaced_sentence(schedule),
        recorded_sentence=recorded_text(schedule),
        actual_fields=[] if schedule.relative else actual_fields(timeline),
        hidden_query=parse_qsl(timeline.query()),
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
