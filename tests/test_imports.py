"""Import rules from ../shared/architecture.md: one direction only, checked by parsing the code."""

import ast
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

FORBIDDEN = {
    "webapp/schedule.py": {"flask", "pandas", "plotly", "wtforms", "werkzeug", "jinja2", "numpy"},
    "webapp/choices.py": {"flask", "pandas", "plotly", "wtforms", "werkzeug", "jinja2", "numpy"},
    "webapp/protocol.py": {"flask", "pandas", "plotly", "wtforms", "werkzeug", "jinja2", "numpy", "webapp"},
    "webapp/journey.py": {"flask", "pandas", "plotly", "wtforms", "werkzeug", "jinja2", "numpy"},
    "webapp/phases.py": {"flask", "plotly", "wtforms", "werkzeug"},
    "webapp/chart.py": {"flask", "pandas", "wtforms", "werkzeug"},
    "webapp/formatting.py": {"flask", "pandas", "plotly", "wtforms"},
    "webapp/custom.py": {"flask", "flask_wtf", "plotly", "wtforms", "werkzeug"},
    "webapp/spreadsheet.py": {"flask", "flask_wtf", "pandas", "plotly", "wtforms", "werkzeug"},
    "webapp/glossary.py": {"flask", "pandas", "plotly", "wtforms", "werkzeug"},
    "webapp/guide.py": {"flask", "plotly", "wtforms", "werkzeug"},
    "webapp/i18n.py": {"flask", "flask_babel", "pandas", "plotly", "wtforms", "werkzeug"},
    "webapp/languages.py": {"flask", "pandas", "plotly", "wtforms", "werkzeug", "jinja2", "numpy"},
    "webapp/presentation.py": {"flask", "pandas", "wtforms", "werkzeug"},
    # The print view's key and holes, and its QR codes: pure, no request (issue 13).
    "webapp/print_part.py": {"flask", "pandas", "plotly", "wtforms", "werkzeug", "jinja2", "numpy"},
    "webapp/qr.py": {"flask", "pandas", "plotly", "wtforms", "werkzeug", "jinja2", "webapp"},
    # A kept page's fill plan: text and dates only, no request, no rendering (issue 13).
    "webapp/page_plan.py": {"flask", "pandas", "plotly", "wtforms", "werkzeug", "jinja2", "markupsafe", "numpy"},
    # Reading an address without binding the form: the form's own checks, no request machinery (issue 13).
    "webapp/reading.py": {"flask", "pandas", "plotly", "werkzeug", "jinja2", "numpy"},
    # Kept data and compiled templates between starts: no request, no rendering of their own.
    "webapp/datacache.py": {"flask", "plotly", "wtforms", "werkzeug", "jinja2"},
}
# The wall calendar's grid is pure too (issue 15): it imports only the standard library and the journey.


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(("module", "forbidden"), FORBIDDEN.items())
def test_module_keeps_its_import_rules(module, forbidden):
    tops = {name.split(".")[0] for name in imported(ROOT / module)}
    assert not tops & forbidden


@pytest.mark.parametrize("module", ["webapp/schedule.py", "webapp/choices.py", "webapp/journey.py",
                                    "webapp/protocol.py", "webapp/monthgrid.py", "webapp/shifts.py"])
def test_the_core_uses_only_the_standard_library(module):
    names = imported(ROOT / module)
    assert {n for n in names if n.startswith("webapp")} <= {"webapp.protocol", "webapp.journey", "webapp.choices",
                                                             "webapp.shifts"}
    tops = {n.split(".")[0] for n in names if not n.startswith("webapp")}
    assert tops <= set(sys.stdlib_module_names) | {"__future__"}


@pytest.mark.parametrize("path", sorted((ROOT / "webapp/exports").glob("*.py")), ids=lambda p: p.name)
def test_exports_do_not_know_http(path):
    assert not {name.split(".")[0] for name in imported(path)} & {"flask", "werkzeug"}


def test_nothing_imports_views_but_the_factory():
    for path in (ROOT / "webapp").rglob("*.py"):
        if path.parent.name == "views" or (path.name == "__init__.py" and path.parent.name == "webapp"):
            continue
        assert not any(name.startswith("webapp.views") for name in imported(path)), path


def test_only_the_views_know_http():
    for path in (ROOT / "webapp").rglob("*.py"):
        # fragments.py, like pagecache.py, keeps rendered output per request key: it reads the request.
        if path.parent.name == "views" or path.name in ("__init__.py", "forms.py", "assets.py", "pagecache.py",
                                                          "origin.py", "fragments.py"):
            continue
        assert not {name.split(".")[0] for name in imported(path)} & {"flask", "werkzeug"}, path
