"""The glossary, the questions page, "Which protocol is mine?" and presentation mode."""

from __future__ import annotations

from flask import (
    render_template,
    request,
    url_for,
)

from webapp import chart, presentation, registry
from webapp.formatting import chart_summary
from webapp.pagecache import memoised
from webapp.views.common import bad_request, bp, catalogue, valid_timeline


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
    """Show one phase per step in large type for teaching; the step lives in the address."""
    timeline = valid_timeline()
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
