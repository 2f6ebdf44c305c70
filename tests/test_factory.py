"""The app factory and the production entry point."""

import os
import subprocess
import sys

from tests.conftest import ROOT, edit
from webapp import create_app


def test_config_from_test_config():
    assert create_app({"TESTING": True}).testing


def test_secret_key_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ALL_TIMELINE_SECRET_KEY", "from-env")
    assert create_app().config["SECRET_KEY"] == "from-env"


def test_bad_data_stops_start_up_with_file_line_column_and_fix(data_dir):
    edit(data_dir / "phases.csv", ",induction,,,4,,,weeks,", ",induction,,,4,,,fortnights,")
    env = {**os.environ, "ALL_TIMELINE_DATA_DIR": str(data_dir)}
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "ALL Timeline cannot start: the data files have problems." in result.stderr
    assert ("data/phases.csv, line 3, column 'unit': 'fortnights' is not a unit. "
            "Fix: use one of days, weeks, months, years.") in result.stderr
    assert "Traceback" not in result.stderr


SECURITY = [
    ("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
     "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
     "form-action 'self'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
]


def test_the_security_headers_come_once_each_after_the_views_own(client):
    healthz = client.get("/healthz")
    assert list(healthz.headers) == [("Content-Type", "application/json"), ("Content-Length", "270"), *SECURITY]
    missing = client.get("/nope")
    assert list(missing.headers)[2:] == SECURITY
    refused = client.post("/healthz")
    assert [k for k, _ in refused.headers] == ["Allow", "Content-Type", "Content-Length", *(k for k, _ in SECURITY)]
    assert sorted(refused.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"]


def test_a_views_own_security_header_wins_and_is_not_doubled():
    app = create_app({"TESTING": True})

    @app.get("/own")
    def own():
        return "own", 200, {"referrer-policy": "same-origin", "X-Content-Type-Options": "nosniff"}

    headers = list(app.test_client().get("/own").headers)
    assert headers == [("referrer-policy", "same-origin"), ("X-Content-Type-Options", "nosniff"),
                       ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "3"),
                       SECURITY[0], SECURITY[3], SECURITY[4]]


def test_the_entry_point_freezes_what_it_loaded_out_of_the_collector():
    code = "import gc, wsgi; print(gc.get_freeze_count() > 10000, len(gc.get_objects(2)) < 1000)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "True"], result.stderr[-2000:]


def test_the_language_menu_links_this_page_in_every_language(app):
    with app.test_request_context("/print?start=2026-01-05&lang=fr&protocol=cog-sr"):
        app.preprocess_request()
        context = {}
        app.update_template_context(context)
        links = [url for _, url in context["language_menu"]]
    assert links == ["/print?start=2026-01-05&protocol=cog-sr"] + [
        f"/print?start=2026-01-05&protocol=cog-sr&lang={code}" for code in ("es", "fr", "pt", "ar", "zh")]
