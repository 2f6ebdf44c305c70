"""The README documents every address the app serves and every column an upload may have."""

import pytest

from tests.conftest import ROOT
from webapp.phases import COLUMNS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_route_is_in_the_readme(app):
    paths = {rule.rule.replace("<protocol_id>", "<protocol>") for rule in app.url_map.iter_rules()}
    undocumented = [p for p in paths if not p.startswith("/static") and p != "/favicon.ico" and f"`{p}" not in README
                    and f"GET {p}`" not in README]
    assert undocumented == []


@pytest.mark.parametrize("column", COLUMNS["phases.csv"])
def test_every_upload_column_is_documented(column):
    assert f"`{column}`" in README
