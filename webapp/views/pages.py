"""The timeline page, the comparison of scenarios, the JSON schedule and the health check."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import (
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from webapp import chart, comparison, forms, fragments, origin, timeline_part
from webapp.exports import records
from webapp.formatting import (
    chart_summary,
    delays_sentence,
    difference_text,
    end_window_sentence,
    length_of_path,
    option_lines,
    position_text,
    recorded_text,
)
from webapp.i18n import gettext as _
from webapp.pagecache import memoised
from webapp.views import figures
from webapp.views.common import (
    actual_fields,
    bp,
    catalogue,
    plan_fixed,
    read_timeline,
    recorded_query,
    replaced_sentence,
    sources,
)
from webapp.views.navigation import page_url

PLAIN_FORM = "plain"  # the layout key of a form never bound: the address's values decide it (see _layout_key)


@bp.get("/")
@memoised
def index():
    """Show the form and the timeline its query describes (a teaching view without a start date)."""
    timeline = read_timeline()
    recorded = recorded_query(timeline, request.args)
    if recorded is not None:
        return redirect(page_url("timeline.index", recorded), 303)
    if not timeline.ok:
        return render_template("index.html", timeline=timeline, form=timeline.form, catalogue=catalogue()), 400
    schedule = timeline.schedule
    position = None if schedule.relative else schedule.position(timeline.today)
    fields = [] if schedule.relative else actual_fields(timeline)
    # What a kept page's own holes need; the rest (the bound form, the sources, the panels) only a render reads.
    context = {
        "timeline": timeline, "schedule": schedule, "recorded_sentence": recorded_text(schedule),
        "actual_fields": fields, "today": None if schedule.relative else timeline.today,
        "position": position, "position_sentence": position_text(schedule, position) if position else "",
    }
    args = list(request.args.items(multi=True))
    layout = None if timeline.custom else _layout_key(timeline)
    planned = timeline_part.plan_key(timeline, args, origin.cache_key(), layout, bool(fields))
    context["planned"] = planned and (*planned, args)
    if planned is not None:  # most pages: the kept page's plan for the kept schedule this one is moved from
        plan = fragments.planned("index.html", planned[1], planned[0])
        if plan:
            return fragments.filled(plan, schedule.start, _own_holes(context, _blocks(context)))
    # The section's notes: holes of the kept section (webapp/timeline_part.py), by the names its templates use.
    sentences = {"replaced": replaced_sentence(schedule), "delay": delays_sentence(schedule),
                 "recorded": context["recorded_sentence"], "chart_summary": chart_summary(schedule, position),
                 "end_window": end_window_sentence(schedule)}
    lines = option_lines(schedule)
    section_key = timeline_part.key(timeline, args, origin.cache_key(), sentences, lines, fields)
    context.update(timeline_key=section_key, timeline_holes=timeline_part.holes(timeline, sentences))

    def rendered() -> dict:
        """Return the whole template context: the page is rendered, not filled."""
        return {
            **context, "figure": chart.figure(schedule, context["today"]), "form": timeline.form,
            "catalogue": catalogue(), "sources": sources(schedule),
            "delay_sentence": sentences["delay"], "replaced_sentence": sentences["replaced"], "option_lines": lines,
            "chart_summary": sentences["chart_summary"], "end_window_sentence": sentences["end_window"],
            "panels": catalogue().panels, "branch_panels": catalogue().branch_panels,
            "facts": catalogue().facts_for(schedule.protocol.id),
        }

    if timeline.custom:
        return render_template("custom_timeline.html", **rendered())
    # The whole page is kept per section and form (issue 13): what the day shown, the start and the query change
    # is written into its holes.
    key = None if section_key is None or layout is None else (section_key, layout, position is not None)
    if key is None:
        return fragments.page("index.html", key, rendered, {})
    holes = _page_holes(context, key)
    figure = figures.pieces(schedule, ("index.html", *key)) if planned is not None and plan is None else None
    planning = None if figure is None else fragments.Planning(
        planned[1], planned[0], schedule, OWN_HOLES, plan_fixed(args), {"figure": figure})
    return fragments.page("index.html", key, rendered, holes, planning)


# A planned page's holes made per request (_own_holes): the day shown's, the chart's today line, the form's start,
# the sentences that may hold a day that does not move with the start (the day shown's; a delay's undelayed end).
OWN_HOLES = frozenset(("now", "actual", "form-start", "chart_summary", "delay", "recorded", figures.LINE, figures.NOTE))


def _layout_key(timeline) -> Hashable | None:
    """Return what the page's form shows but its start; None when a field has an error (the page is not kept).

    A plain address is read without binding the form (webapp/reading.py), which then has no errors and shows
    the address's values but its start: the section's key holds them, so the form need not be bound to say so.
    """
    if timeline.form_bound:
        return timeline.form.layout_key()
    return PLAIN_FORM


def _blocks(context: dict) -> Callable[[], dict]:
    """Return a call giving the template names a kept fragment is rendered with: what render_template adds too."""
    def blocks() -> dict:
        names = dict(context)
        current_app.update_template_context(names)  # the language menu, the guide
        return names
    return blocks


def _own_holes(context: dict, blocks: Callable[[], dict]) -> dict:
    """Return a kept page's holes that are this request's own (OWN_HOLES), by hole name."""
    schedule, position = context["schedule"], context["position"]
    return {"now": _now(context, blocks) if position else "",
            "actual": _actual_dates(context, blocks) if context["actual_fields"] else "",
            "form-start": timeline_part.form_start(context["timeline"]),
            "chart_summary": chart_summary(schedule, position), "delay": delays_sentence(schedule),
            "recorded": context["recorded_sentence"], **figures.today_marks(schedule, context["today"])}


def _page_holes(context: dict, key: tuple) -> dict:
    """Return a kept timeline page's per-request parts by hole name: the section's, the chart, the form's start."""
    blocks = dict(context)
    current_app.update_template_context(blocks)  # what render_template adds: the language menu, the guide

    holes = dict(context["timeline_holes"])
    holes.update(figure=figures.json(context["schedule"], ("index.html", *key), context["today"]),
                 now=_now(context, lambda: blocks) if context["position"] else "",
                 actual=_actual_dates(context, lambda: blocks) if context["actual_fields"] else "",
                 menu=Markup(fragments.kept("_language_menu.html", (), lambda: blocks, {  # each link: the query
                     f"lm-{row.code}": url for row, url in blocks["language_menu"]})),
                 **{"form-start": timeline_part.form_start(context["timeline"])})
    return holes


@bp.get("/compare")
@memoised
def compare():
    """Show 2 to 4 scenarios (`a` to `d`, each a timeline query) on one time axis, under the picker that chose them."""
    options = tuple(forms.option_ids(catalogue().protocols))
    picked = comparison.from_picker(request.args, options)
    if picked is not None:  # the picker's own fields: carry them in the address as a, b, c, d
        return redirect(url_for(".compare", **picked))
    letters = comparison.given(request.args)
    timelines, pickers, errors = {}, {}, {}
    for letter in letters:
        try:
            args = comparison.scenario_args(letter, request.args.getlist(letter), options)
        except comparison.ScenarioError as exc:
            errors[exc.field] = str(exc)
            pickers[letter] = read_timeline(MultiDict(exc.readable), letter).form
            continue
        timeline = read_timeline(MultiDict(args), letter)
        pickers[letter] = timeline.form
        if timeline.ok:
            timelines[letter] = timeline
        errors.update({field: _("Scenario %(name)s: %(message)s", name=letter.upper(), message=message)
                       for field, message in timeline.error_map().items()})
    errors.update(_scenario_problems(letters, timelines))
    for letter in comparison.LETTERS:
        if letter not in pickers:
            pickers[letter] = read_timeline(MultiDict(), letter).form
    for key, message in errors.items():  # show each problem beside its control too, unless the form already does
        letter, _sep, name = key.partition("-")
        if name and not getattr(pickers[letter], name).errors:
            getattr(pickers[letter], name).errors = [message]
    for letter in comparison.LETTERS[2:]:
        form = pickers[letter].protocol
        form.choices = [SelectChoice("", _("Leave scenario %(name)s out", name=letter.upper())), *form.choices]
        if letter not in letters:
            form.data = ""
    examples = [(e.title, url_for(".compare", **e.args()),
                 url_for(".compare", **e.args(comparison.EXAMPLE_START)))
                for e in comparison.EXAMPLES]
    context = {"pickers": pickers, "errors": errors, "examples": examples, "example_start": comparison.EXAMPLE_START,
               "branch_panels": catalogue().branch_panels}
    if errors or len(letters) < 2:
        return render_template("compare.html", **context, scenarios=[]), 400 if errors else 200
    scenarios = [(letter, timelines[letter]) for letter in letters]
    first = scenarios[0][1].schedule
    return render_template(
        "compare.html", **context, scenarios=scenarios,
        figure=chart.comparison_figure([(letter, t.schedule) for letter, t in scenarios]),
        lengths={letter: length_of_path(t.schedule) for letter, t in scenarios},
        differences={letter: difference_text(first, t.schedule, letter) for letter, t in scenarios[1:]},
    )


def _scenario_problems(letters: list[str], timelines: dict) -> dict[str, str]:
    """Return the errors of the comparison as a whole: A missing, only one scenario, dated with undated."""
    if letters and "a" not in letters:
        return {"a-protocol": _("Scenario A: every other scenario is measured against scenario A; choose it.")}
    if len(letters) == 1:
        second = comparison.LETTERS[1]
        return {f"{second}-protocol": _("Scenario %(name)s: choose a second scenario to compare with scenario A.",
                                        name=second.upper())}
    if "a" not in timelines:
        return {}
    dated = not timelines["a"].schedule.relative
    for letter, timeline in timelines.items():
        if timeline.schedule.relative == dated:
            message = (_("Scenario %(name)s has no start date and scenario A has one: give every scenario a start "
                         "date, or none (to compare Day numbers).", name=letter.upper()) if dated else
                       _("Scenario %(name)s has a start date and scenario A has none: give every scenario a start "
                         "date, or none (to compare Day numbers).", name=letter.upper()))
            return {f"{letter}-start": message}
    return {}


@bp.get("/schedule.json")
@memoised
def schedule_json():
    """Return the schedule of the query as JSON, or the field errors with a 400."""
    timeline = read_timeline()
    if not timeline.ok:
        return jsonify({"errors": timeline.error_map()}), 400
    provider = current_app.json
    if provider.compact is False or (provider.compact is None and current_app.debug):  # indented, as jsonify does
        return jsonify(records.to_dict(timeline.schedule))
    # The same text jsonify writes, made faster: most of it is kept per protocol and options (issue 13).
    return current_app.response_class(f"{records.to_json(timeline.schedule)}\n", mimetype=provider.mimetype)


@bp.get("/healthz")
def healthz():
    """Say that the app is up and its data loaded."""
    return jsonify({"status": "ok", "protocols": sorted(catalogue().protocols)})


@bp.get("/favicon.ico")
def favicon():
    """Serve the icon browsers ask for by default."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml")


def _now(context: dict, blocks: Callable[[], dict]) -> Markup:
    """Return where the day shown falls, kept per kind of day and language with its sentence and numbers as holes."""
    position, schedule = context["position"], context["schedule"]
    holes = {"position": context["position_sentence"], "pct": position.percent_done, "total": schedule.total_days,
             "day": schedule.day_number(position.today) if position.when == "during" else ""}
    return Markup(fragments.kept("_now.html", (position.when, bool(context["timeline"].custom)), blocks, holes))


def _actual_dates(context: dict, blocks: Callable[[], dict]) -> Markup:
    """Return the recorded-dates form, kept per phases shown and language with the query and its dates as holes.

    A planned page's (see index) is filled from the form's own plan for those phases: only the day shown is its own.
    """
    timeline, fields = context["timeline"], context["actual_fields"]
    key = (tuple((p.id, p.name) for p in fields), bool(context["recorded_sentence"]))
    own = {"recorded": context["recorded_sentence"], "as-of": timeline.today.isoformat()}
    planning, planned = None, context.get("planned")
    if planned is not None:
        plan = fragments.planned("_actual_dates.html", (planned[1], key), planned[0], fragments.FRAGMENT_PLANS)
        if plan:
            return Markup(fragments.filled(plan, timeline.schedule.start, own))
        if plan is None:
            planning = fragments.Planning((planned[1], key), planned[0], timeline.schedule, frozenset(own),
                                          plan_fixed(planned[2]), {})
    hidden = "".join(f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
                     for name, value in timeline.hidden_query())
    holes = {**own, "hidden": Markup(hidden), "s": timeline.schedule.start.isoformat(),
             **{f"as-{p.id}": p.start.isoformat() for p in fields}}
    return Markup(fragments.kept("_actual_dates.html", key, blocks, holes, planning))
