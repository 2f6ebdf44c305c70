"""The app plus a static, pre-rendered copy of the timeline page: the browser's limit for the same chart and bundle."""

import gzip
from pathlib import Path

from tests.routes import ROUTES
from webapp import ROOT, create_app

PAGE = "/prerendered/timeline.html"
app = create_app()
folder = ROOT / "build" / "bench" / "prerendered"
folder.mkdir(parents=True, exist_ok=True)
html = app.test_client().get(ROUTES[0].url()).get_data()
target = Path(folder / "timeline.html")
if not target.exists() or target.read_bytes() != html:
    target.write_bytes(html)
    Path(f"{target}.gz").write_bytes(gzip.compress(html, mtime=0))
# WhiteNoise serves it from disk like any static file: no Flask, no template.
app.wsgi_app.add_files(str(folder), prefix="prerendered/")
