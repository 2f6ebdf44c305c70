"""The glossary, the questions page, "Which protocol is mine?" and presentation mode."""

from __future__ import annotations

from flask import (
    render_template,
    request,
)

from webapp import chart, presentation, registry
from webapp.formatting import chart_summary
from webapp.pagecache import memoised
from webapp.views.common import bad_request, bp, catalogue, valid_timeline
from webapp.views.navigation import page_url


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


@bp.get("/protocols")
@memoised
def protocols():
    """Help a family find their protocol: where the name is written, and every protocol by region, age and risk."""
    return render_template("protocols.html", regions=registry.by_region(catalogue().protocols))


@bp.get("/present")
@memoised
def present():
    """Show the journey as slides for teaching: every step rendered once, the address's step shown."""
    timeline = valid_timeline()
    schedule = timeline.schedule
    deck = presentation.steps(schedule)
    try:
        number = presentation.parse_step(request.args.getlist("step"), len(deck))
    except presentation.StepError as exc:
        return bad_request(str(exc), back=page_url("timeline.present", timeline.query(step='1')))
    # The slides have no list of the later steps below the chart: their mark's legend points to the timeline.
    figure = chart.figure(schedule, later_listed=False)
    urls = [page_url("timeline.present", timeline.query(step=str(step.number))) for step in deck]
    own = timeline.custom != ""
    panels = catalogue().panels
    return render_template(
        "present.html", timeline=timeline, schedule=schedule, deck=deck, current=deck[number - 1], figure=figure,
        steps_data=[{"url": url, **presentation.emphasis(figure, step.chosen(schedule))}
                    for step, url in zip(deck, urls, strict=True)],
        panels={} if own else {s.phase.id: panels[(schedule.protocol.id, s.phase.id)]
                               for s in deck if s.kind is presentation.Kind.PHASE},
        branch_panels=catalogue().branch_panels, urls=urls, own=own, kinds=presentation.Kind,
        timeline_url=page_url("timeline.index", timeline.query()), chart_summary=chart_summary(schedule),
    )
