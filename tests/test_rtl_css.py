"""Issue 14: the style sheets mirror for Arabic by using logical properties only (no physical left or right)."""

import re
from pathlib import Path

import pytest

CSS = sorted((Path(__file__).resolve().parent.parent / "static" / "css").glob("*.css"))
# A declaration that names a physical side: `margin-left`, `left:`, `text-align: right`, `float: left`, `clear: right`.
PHYSICAL = re.compile(r"(?:(?:margin|padding|border|inset|scroll-margin|scroll-padding)-(?:left|right)\b[\w-]*\s*:"
                      r"|(?<![\w-])(?:left|right)\s*:"
                      r"|(?:text-align|float|clear|caption-side)\s*:\s*(?:left|right)\b)")


def declarations(text: str) -> str:
    """Return the style sheet without its comments (which may say 'left to right')."""
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


@pytest.mark.parametrize("sheet", CSS, ids=lambda path: path.name)
def test_no_style_sheet_names_a_physical_side(sheet):
    found = PHYSICAL.findall(declarations(sheet.read_text(encoding="utf-8")))
    assert found == [], f"{sheet.name}: use logical properties (margin-inline-start, inset-inline-end...): {found}"


def test_the_check_finds_a_physical_side():
    assert PHYSICAL.findall(declarations(".a { margin-left: 1em; text-align: right } /* left to right */"
                                         " .b { left: 0 }")) == ["margin-left:", "text-align: right", "left:"]
    assert PHYSICAL.findall(".a { margin-inline-start: 1em; text-align: start; inset-inline-end: 0 }") == []
