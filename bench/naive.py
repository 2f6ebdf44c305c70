"""The naive reference page, the tutorials' way: px.timeline + fig.to_html(include_plotlyjs=True) per request."""

from datetime import date, timedelta

import pandas as pd
import plotly.express as px
from flask import Flask, request

from webapp import create_app
from webapp.schedule import build

catalogue = create_app({"PAGE_CACHE_SIZE": 0}).extensions["all_timeline.catalogue"]
app = Flask(__name__)


@app.get("/")
def timeline():
    """Build the figure from scratch and inline the whole plotly.js into the page."""
    protocol = catalogue.protocols[request.args.get("protocol", "cog-sr")]
    schedule = build(protocol, date.fromisoformat(request.args.get("start", "2026-01-05")))
    frame = pd.DataFrame(
        [{"Phase": p.name, "Start": p.start, "Finish": p.end + timedelta(days=1)} for p in schedule.phases]
    )
    figure = px.timeline(frame, x_start="Start", x_end="Finish", y="Phase", color="Phase")
    figure.update_yaxes(autorange="reversed")
    return figure.to_html(include_plotlyjs=True)
