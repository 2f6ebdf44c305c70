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
