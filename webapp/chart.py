"""Build the Plotly Gantt figure (as plain JSON-ready dicts) from a Schedule; no Flask here."""

from __future__ import annotations

from datetime import date, timedelta

from webapp import chart_locale
from webapp.formatting import (
    SETTING_TEXT,
    after_when,
    clipped_text,
    end_window_text,
    gate_text,
    guideline_name,
    length_text,
    long_date,
    phase_dates,
    range_text,
    start_window_text,
)
from webapp.i18n import gettext, language, lazy_gettext
from webapp.schedule import AfterMark, Milestone, Phase, Schedule, add_months

# Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), darkest first so
# white-on-bar text and bar-on-white contrast stay readable.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
DAY_MS = 86_400_000
ROW_HEIGHT = 46
MARKERS = {
    "check": {"name": lazy_gettext("Check (test or scan)"), "symbol": "diamond", "size": 13, "color": "#000000"},
    "lp": {"name": lazy_gettext("Spinal tap (lumbar puncture)"), "symbol": "triangle-down", "size": 9,
           "color": "#595959"},
    "end": {"name": lazy_gettext("Planned end of treatment"), "symbol": "star", "size": 16, "color": "#000000"},
    "course": {"name": lazy_gettext("Drug course (first day)"), "symbol": "square", "size": 9, "color": "#000000"},
}
CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # An allow-list, not a remove-list: only what helps read a Gantt (save a picture, zoom in/out, reset).
    # plotly.js 4 added a "Share chart..." button (sendChartToCloud) that would post the chart to a server;
    # a new version's new buttons stay out until someone chooses them. Each button is a keyboard stop.
    "modeBarButtons": [["toImage"], ["zoomIn2d", "zoomOut2d", "resetScale2d"]],
    "toImageButtonOptions": {"filename": "all-timeline"},
}


def _x(day: date, schedule: Schedule, midday: bool = False) -> str | float:
    """Place a day on the x axis: an ISO date string (plotly.js #1956), or a Day number."""
    if schedule.relative:
        return schedule.day_number(day) + (0.5 if midday else 0)
    return f"{day.isoformat()} 12:00" if midday else day.isoformat()


def _hover(phase: Phase, relative: bool) -> str:
    uncertain = range_text(phase)
    dates = gettext("%(dates)s (both days included)", dates=phase_dates(phase, relative))
    return (
        f"<b>{phase.name}</b><br>{dates}"
        f"<br>{length_text(phase.days)}{'; ' + uncertain if uncertain else ''}"
        + (f"<br><i>{start_window_text(phase, relative)}</i>" if phase.may_start_between else "")
        + f"<br>{SETTING_TEXT[phase.spec.setting]}<br>{phase.spec.summary}"
        + (f"<br><i>{gate_text(phase)}</i>" if phase.spec.gate else "")
        + (f"<br><i>{clipped_text(phase)}</i>" if phase.clipped_days else "")
        + (f"<br>{_planned_line(phase, relative)}" if _moved(phase) else "")
    )


def _moved(phase: Phase) -> bool:
    return phase.planned_start is not None and (phase.planned_start, phase.planned_end) != (phase.start, phase.end)


def _planned_line(phase: Phase, relative: bool) -> str:
    planned = Phase(phase.spec, phase.planned_start, phase.planned_end, 0, 0)
    return gettext("planned %(planned)s / actual %(actual)s", planned=phase_dates(planned, False),
                   actual=phase_dates(phase, False)) if not relative else ""


def _first_plan(schedule: Schedule) -> dict | None:
    """Draw the first plan of each moved phase as a faint outlined bar behind the journey (issue 11)."""
    moved = [p for p in schedule.phases if _moved(p)]
    if not moved or schedule.relative:
        return None
    return {
        "type": "bar",
        "orientation": "h",
        "name": gettext("First plan"),
        "y": [p.name for p in moved],
        "base": [p.planned_start.isoformat() for p in moved],
        "x": [((p.planned_end - p.planned_start).days + 1) * DAY_MS for p in moved],
        "width": 0.8,
        "marker": {"color": "rgba(0, 0, 0, 0.04)", "line": {"color": "#595959", "width": 1.5}},
        "hovertext": [f"<b>{p.name}</b><br>{_planned_line(p, False)}" for p in moved],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _bars(schedule: Schedule, phases: list[Phase], track: str) -> dict:
    # A bar spans from the start of its first day to the end of its last (inclusive) day.
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": [p.name for p in phases],
        "base": [_x(p.start, schedule) for p in phases],
        "x": [p.days if schedule.relative else p.days * DAY_MS for p in phases],
        "customdata": [[p.id] for p in phases],
        "hovertext": [_hover(p, schedule.relative) for p in phases],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    if track == "main":
        trace.update(name=gettext("Treatment phases"), showlegend=False, marker={
            "color": [PALETTE[i % len(PALETTE)] for i in range(len(phases))],
            "line": {"color": "#1a1a1a", "width": 1},
        })
    else:
        # Branch rows are possible paths, not the main road: hatched in the path's own colour
        # (data/branch_panels.csv), each in its own legend entry.
        # An uploaded protocol's own branch rows have no path row: they keep their track id, in black.
        path = schedule.protocol.branch(track)
        colour, short = (path.colour, path.short) if path else ("#000000", track)
        always = track in schedule.protocol.always
        name = short if always else gettext("%(path)s (possible path)", path=short)
        trace.update(name=name, showlegend=True, marker={
            "color": "#ffffff",
            "line": {"color": colour, "width": 2},
            "pattern": {"shape": "/", "fgcolor": colour, "bgcolor": "#ffffff", "solidity": 0.35},
        })
    return trace


def _uncertain(schedule: Schedule) -> list[Phase]:
    """Return the phases whose end the sources give as a range, their own or the sum of those before (UNCERTAIN)."""
    return [p for p in schedule.phases if p.end_window[0] != p.end_window[1]]


def _range_hover(phase: Phase, relative: bool) -> str:
    said = [text for text in (range_text(phase), end_window_text(phase, relative)) if text]
    return f"<b>{phase.name}</b><br>{'<br>'.join(said)}"


def _start_windows(schedule: Schedule) -> dict | None:
    """Draw a faint band from the earliest to the latest first day of each phase the ranges before it move."""
    moving = [p for p in schedule.phases if p.may_start_between]
    if not moving:
        return None
    return {
        "type": "bar",
        "orientation": "h",
        "name": gettext("May start between (earliest to latest)"),
        "y": [p.name for p in moving],
        "base": [_x(p.start_window[0], schedule) for p in moving],
        "x": [((p.start_window[1] - p.start_window[0]).days + 1) * (1 if schedule.relative else DAY_MS)
              for p in moving],
        # Wider than the bar it lies on, and a faint white wash: the bar's first days read as "maybe later".
        "width": 0.8,
        "marker": {"color": "rgba(255, 255, 255, 0.45)", "line": {"color": "#595959", "width": 1}},
        "hovertext": [f"<b>{p.name}</b><br>{start_window_text(p, schedule.relative)}" for p in moving],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _row_labels(schedule: Schedule, uncertain: list[Phase]) -> dict:
    """Name every row, uncertain ones marked in words: the band alone would say it by shade (issue 10)."""
    uncertain = {p.name for p in uncertain}
    rows = list(dict.fromkeys(p.name for p in schedule.phases))
    return {"tickmode": "array", "tickvals": rows,
            "ticktext": [gettext("%(name)s (uncertain end)", name=row) if row in uncertain else row for row in rows]}


def _ranges(schedule: Schedule, uncertain: list[Phase]) -> dict | None:
    """Draw each uncertain end (`uncertain`: _uncertain's) as a thin dark band from the earliest to the latest end."""
    if not uncertain:
        return None
    earliest = [p.end_window[0] + timedelta(days=1) for p in uncertain]
    latest = [p.end_window[1] + timedelta(days=1) for p in uncertain]
    return {
        "type": "bar",
        "orientation": "h",
        "name": gettext("Uncertain end (earliest to latest)"),
        "y": [p.name for p in uncertain],
        "base": [_x(day, schedule) for day in earliest],
        "x": [(b - a).days * (1 if schedule.relative else DAY_MS) for a, b in zip(earliest, latest, strict=True)],
        "width": 0.22,
        "marker": {"color": "rgba(26, 26, 26, 0.6)"},
        "hovertext": [_range_hover(p, schedule.relative) for p in uncertain],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _open_ends(schedule: Schedule, view_end: date) -> dict | None:
    """Draw on each phase with no planned end as a thin band from the day after its end to the view's edge."""
    going_on = [p for p in schedule.phases if p.spec.open_end and p.end + timedelta(days=1) < view_end]
    if not going_on:
        return None
    label = gettext("Goes on, with no planned end")
    return {
        "type": "bar",
        "orientation": "h",
        "name": label,
        "y": [p.name for p in going_on],
        "base": [_x(p.end + timedelta(days=1), schedule) for p in going_on],
        "x": [(view_end - p.end - timedelta(days=1)).days * (1 if schedule.relative else DAY_MS) for p in going_on],
        "width": 0.3,
        "marker": {"color": "#ffffff", "line": {"color": "#595959", "width": 1},
                   "pattern": {"shape": ".", "fgcolor": "#595959", "bgcolor": "#ffffff", "solidity": 0.3}},
        "hovertext": [f"<b>{p.name}</b><br>{label}" for p in going_on],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _milestone_trace(schedule: Schedule, kind: str, items: list[Milestone]) -> dict:
    names = {p.id: p.name for p in schedule.phases}
    style = MARKERS[kind]
    labelled = kind not in ("lp", "course")  # frequent marks: named in hover and table, not on the chart
    # Alternate labels above and below the row so neighbouring milestones do not overprint; labels run
    # rightwards from their marker (into the chart, away from the row names), the end label leftwards.
    side = "left" if kind == "end" else "right"
    seen: dict[str, int] = {}
    positions = []
    for m in items:
        seen[m.phase] = seen.get(m.phase, -1) + 1
        positions.append(f"{'top' if seen[m.phase] % 2 == 0 else 'bottom'} {side}")
    if schedule.relative:
        def when(m: Milestone) -> str:
            return gettext("Day %(day)s", day=m.day)
    else:
        def when(m: Milestone) -> str:
            return gettext("%(date)s (Day %(day)s)", date=long_date(m.date), day=m.day)
    trace = {
        "type": "scatter",
        "mode": "markers+text" if labelled else "markers",
        "name": str(style["name"]),
        "x": [_x(m.date, schedule, midday=True) for m in items],
        "y": [names[m.phase] for m in items],
        "marker": {"symbol": style["symbol"], "size": style["size"], "color": style["color"],
                   "line": {"color": "#ffffff", "width": 1}},
        "hovertext": [f"<b>{m.label}</b><br>{when(m)}" for m in items],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "cliponaxis": False,
    }
    if labelled:
        trace["text"] = [m.spec.short for m in items]
        trace["textposition"] = positions
        trace["textfont"] = {"size": 12, "color": "#1a1a1a"}
    return trace


AFTER_COLOUR = "#595959"


# How far past the drawn end of treatment the chart runs for the steps after it (issue 15): the vaccines-again
# steps, 3 months (US) or 6 months (UK, Australia) after chemotherapy (S112, data/after_milestones.csv). Later steps
# (follow-up clinics 2 to 5 years on, live vaccines 2 years after a transplant when that is later) would squeeze the
# treatment into a corner of a printed page: they get a mark at the chart's edge, and the list below dates them.
AFTER_IN_VIEW_MONTHS = 6


def _after_cut(drawn_end: date) -> date:
    """Return the last day a step after treatment may fall on to be drawn: six months past the drawn end."""
    return add_months(drawn_end, AFTER_IN_VIEW_MONTHS)


def _after_in_view(schedule: Schedule, cut: date) -> list:
    """Return the steps after treatment the chart draws: those of the first months after the drawn end (to `cut`)."""
    return [m for m in schedule.after_dated if (m.latest or m.date) <= cut]


def _after_later(schedule: Schedule, cut: date) -> list:
    """Return the dated steps after treatment that fall beyond the chart's view (after `cut`; listed below it)."""
    return [m for m in schedule.after_dated if (m.latest or m.date) > cut]


def after_row() -> str:
    """Return the name of the chart's last row: life after treatment (in the page's language)."""
    return gettext("After treatment")


def _after_hover(schedule: Schedule, mark: AfterMark) -> str:
    sources = ", ".join(mark.spec.sources)
    return (f"<b>{mark.label}</b><br>{after_when(mark, schedule)}<br>{mark.spec.what}"
            f"<br><i>{gettext('Sources: %(keys)s. Your team decides.', keys=sources)}</i>")


def _after_traces(schedule: Schedule, marks: list) -> list[dict]:
    """Draw life after treatment (`marks`: the steps in view) on its own last row: a band, a mark per step, ranges."""
    if not marks:
        return []
    row = after_row()
    first = schedule.path_end + timedelta(days=1)
    last = max(m.latest or m.date for m in marks) + timedelta(days=1)
    unit = 1 if schedule.relative else DAY_MS
    band = {
        "type": "bar", "orientation": "h", "name": after_row(),
        "y": [row], "base": [_x(first, schedule)], "x": [(last - first).days * unit], "width": 0.45,
        "marker": {"color": "#ffffff", "line": {"color": AFTER_COLOUR, "width": 1},
                   "pattern": {"shape": ".", "fgcolor": "#b3b3b3", "bgcolor": "#ffffff", "solidity": 0.1}},
        "hovertext": [gettext("After treatment: the dates follow the guidance chosen (%(guideline)s). Your team "
                              "decides.", guideline=guideline_name(schedule))],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    traces = [band]
    ranged = [m for m in marks if m.uncertain]
    if ranged:
        traces.append({
            "type": "bar", "orientation": "h", "name": gettext("After treatment: the sources give a range"),
            "y": [row] * len(ranged), "base": [_x(m.date, schedule) for m in ranged],
            "x": [((m.latest - m.date).days + 1) * unit for m in ranged], "width": 0.22,
            "marker": {"color": "rgba(26, 26, 26, 0.6)"},
            "hovertext": [_after_hover(schedule, m) for m in ranged],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
    traces.append({
        # Marks without labels: the row's name says what they are, hover names each step and the panel below dates
        # them; labels here took the lanes the planned end's and the checks' labels need (labels.js hid those).
        "type": "scatter", "mode": "markers", "name": gettext("Step after treatment"),
        "x": [_x(m.date, schedule, midday=True) for m in marks], "y": [row] * len(marks),
        "marker": {"symbol": "circle", "size": 12, "color": "#ffffff", "line": {"color": "#1a1a1a", "width": 2}},
        "hovertext": [_after_hover(schedule, m) for m in marks],
        # Clipped: only steps inside the view are drawn (AFTER_IN_VIEW_MONTHS); none may draw outside it.
        "hovertemplate": "%{hovertext}<extra></extra>", "cliponaxis": True,
    })
    return traces


def _later_trace(schedule: Schedule, later: list, edge: date, listed: bool) -> dict | None:
    """Mark, at the chart's right edge of the after-treatment row, the steps that come `later` than the view.

    `listed`: the page dates those steps in a list below the chart (presentation mode has no such list).
    """
    if not later:
        return None
    name = (gettext("Later steps (dated in the list below)") if listed
            else gettext("Later steps (dated on the whole timeline)"))
    return {
        "type": "scatter", "mode": "markers", "name": name,
        "x": [_x(edge, schedule)], "y": [after_row()],
        "marker": {"symbol": "arrow-bar-right", "size": 12, "color": "#1a1a1a",
                   "line": {"color": "#1a1a1a", "width": 2}},
        "hovertext": [f"<b>{name}</b>" + "".join(f"<br>{m.label}<br><i>{after_when(m, schedule)}</i>" for m in later)],
        "hovertemplate": "%{hovertext}<extra></extra>", "cliponaxis": False,
    }


def today_marks(schedule: Schedule, today: date) -> tuple[list[dict], list[dict]]:
    """Draw 'today' as a shape plus an annotation (add_vline + annotation breaks on dates, plotly.py #3065)."""
    if schedule.relative or not schedule.start <= today <= schedule.end:
        return [], []
    return marks_on(today, schedule.day_number(today))


def marks_on(today: date, day: int) -> tuple[list[dict], list[dict]]:
    """Draw 'today' on a dated chart where it is Day `day`: today_marks() but for the schedule it reads."""
    x = f"{today.isoformat()} 12:00"  # _x(today, schedule, midday=True) of a dated schedule
    shape = {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
             "line": {"color": "#B00020", "width": 2, "dash": "dash"}}
    note = {"xref": "x", "yref": "paper", "x": x, "y": 1, "yanchor": "bottom", "showarrow": False,
            "text": gettext("Today, Day %(day)s", day=day),
            "font": {"color": "#B00020", "size": 12}}
    return [shape], [note]


def span(schedule: Schedule) -> tuple[date, date]:
    """Return the first day and the day after the last drawn day (latest ends included)."""
    last = max(max(p.end, p.end_window[1]) for p in schedule.phases)
    return schedule.start, last + timedelta(days=1)


def figure(schedule: Schedule, today: date | None = None, x_span: tuple[date, date] | None = None,
           after: bool = True, later_listed: bool = True) -> dict:
    """Return the figure as a dict with `data`, `layout` and `config`, ready for plotly.js.

    `after`: add the last row, life after treatment (a comparison leaves it out: its rows are the scenarios').
    `later_listed`: the page lists the steps after treatment that fall beyond the view, below the chart.
    """
    tracks = list(dict.fromkeys(p.track for p in schedule.phases))
    plan = _first_plan(schedule)
    data = [plan] if plan else []  # first, so the journey's bars are drawn over it
    data += [_bars(schedule, [p for p in schedule.phases if p.track == track], track) for track in tracks]
    windows = _start_windows(schedule)
    if windows:
        data.append(windows)  # after the bars: the rows keep the bars' order (plotly orders categories as met)
    uncertain = _uncertain(schedule)
    bands = _ranges(schedule, uncertain)
    if bands:
        data.append(bands)
    for kind in MARKERS:
        items = [m for m in schedule.milestones if m.spec.kind == kind]
        if items:
            data.append(_milestone_trace(schedule, kind, items))
    drawn = span(schedule)  # once: the view, the steps after treatment drawn and those beyond it all start from it
    cut = _after_cut(drawn[1])
    in_view = _after_in_view(schedule, cut) if after else []
    later = _after_traces(schedule, in_view)
    data += later
    shapes, notes = today_marks(schedule, today) if today else ([], [])
    first, after_last = x_span or drawn
    if later:
        # Treatment stays readable: the view runs on to the steps of the first months after the end (vaccines
        # again, 3 to 12 months after it in data/after_milestones.csv), not to follow-up years later, which the
        # panel and table date and a double-click (plotly's autorange) brings into view.
        near = [m.latest or m.date for m in in_view]
        after_last = max(after_last, max(near) + timedelta(days=1))
    pad = timedelta(days=max(7, (after_last - first).days // 40))
    edge = _later_trace(schedule, _after_later(schedule, cut), after_last + 2 * pad, later_listed) if later else None
    if edge:
        # The mark sits on the view's right edge, two pads clear of the last step drawn so the two do not touch.
        data.append(edge)
    view_end = after_last + (2 * pad if edge else pad)
    going_on = _open_ends(schedule, view_end)
    if going_on:
        data.append(going_on)
    if schedule.relative:
        xaxis = {"type": "linear", "title": {"text": gettext("Day of treatment (Day 1 = first day)")},
                 "tickprefix": gettext("Day") + " ",
                 "range": [schedule.day_number(first - pad), schedule.day_number(view_end)],
                 "zeroline": False}
    else:
        xaxis = {"type": "date", "tickformat": language().chart_months,
                 "range": [(first - pad).isoformat(), view_end.isoformat()]}
    xaxis.update({"showgrid": True, "gridcolor": "#d9d9d9", "automargin": True, "fixedrange": False})
    rows = len(schedule.phases) + (1 if later else 0)
    labels = _row_labels(schedule, uncertain)
    if later:
        labels["tickvals"].append(after_row())
        labels["ticktext"].append(after_row())
    layout = {
        "xaxis": xaxis,
        # Gantt rows read top-down in time order (as Plotly Express does for timelines).
        "yaxis": {"autorange": "reversed", "type": "category", "automargin": True, "fixedrange": True,
                  "title": {"text": ""}, **labels},
        "height": 150 + ROW_HEIGHT * rows,
        "margin": {"l": 10, "r": 20, "t": 56, "b": 60},
        # Between the bars, a lane for the milestone labels (static/js/labels.js puts them there).
        "bargap": 0.45,
        "barmode": "overlay",
        "hovermode": "closest",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "yref": "container", "y": 0, "yanchor": "bottom"},
        "shapes": shapes,
        "annotations": notes,
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13,
                 "color": "#1a1a1a"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }
    # plotly.js's words (mode bar, notes) and month names in the page's language: webapp/chart_locale.py.
    return {"data": data, "layout": layout, "config": {**CONFIG, **chart_locale.config()}}


def _scenario_rows(schedule: Schedule) -> list[str]:
    """Return a schedule's row names in the order `figure` draws them: the main road, then each path."""
    tracks = dict.fromkeys(p.track for p in schedule.phases)
    return [p.name for track in tracks for p in schedule.phases if p.track == track]


def comparison_figure(scenarios: list[tuple[str, Schedule]]) -> dict:
    """Return one figure with every scenario's rows ('A · Induction') on one shared time axis."""
    first = min(span(s)[0] for _, s in scenarios)
    after_last = max(span(s)[1] for _, s in scenarios)
    data, rows, texts, shapes, legend = [], [], [], [], set()
    for index, (letter, schedule) in enumerate(scenarios):
        part = figure(schedule, None, (first, after_last), after=False)
        if not index:
            layout, config = part["layout"], part["config"]  # the x axis is the same in every part
        name = letter.upper()
        # No-break spaces keep "A · " with the name when a phone wraps long row names (static/js/timeline.js).
        label = {row: f"{name}\u00a0·\u00a0{row}" for row in _scenario_rows(schedule)}
        top = len(rows)
        rows.extend(label.values())
        # Each part names its own rows ("(uncertain end)" too): the combined axis needs them with the letter.
        ticks = dict(zip(part["layout"]["yaxis"]["tickvals"], part["layout"]["yaxis"]["ticktext"], strict=True))
        texts.extend(f"{name}\u00a0·\u00a0{ticks.get(row, row)}" for row in label)
        for trace in part["data"]:
            trace = {**trace, "y": [label[y] for y in trace["y"]]}
            if trace["type"] == "bar" and trace.get("showlegend"):
                # A path belongs to its scenario: "B: If transplant (possible path)".
                trace["name"] = gettext("%(letter)s: %(name)s", letter=name, name=trace["name"])
            elif trace.get("showlegend") is not False:
                # Milestones and uncertain ends mean the same in every scenario: one legend entry each.
                trace.update(legendgroup=trace["name"], showlegend=trace["name"] not in legend)
                legend.add(trace["name"])
            data.append(trace)
        # Every other scenario sits on a grey band, and a line separates scenarios, so rows group visibly.
        if index % 2:
            shapes.append({"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": top - 0.5,
                           "y1": len(rows) - 0.5, "fillcolor": "#f0f0f0", "line": {"width": 0}, "layer": "below"})
        if index:
            shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": top - 0.5,
                           "y1": top - 0.5, "line": {"color": "#595959", "width": 1}})
    layout["yaxis"].update(categoryorder="array", categoryarray=rows, tickvals=rows, ticktext=texts)
    layout.update(height=150 + ROW_HEIGHT * len(rows), shapes=shapes, annotations=[])
    return {"data": data, "layout": layout, "config": config}
