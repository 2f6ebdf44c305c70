"""Arabic chart text in real Chromium: each line of a row name or legend entry reads right to left, brackets and all."""

import pytest

from tests.charts import wait_for_chart

pytestmark = pytest.mark.browser

QUERY = "start=2026-01-05&protocol=cog-hr&branch=hsct&lang=ar"
# For every drawn line with Arabic and no Latin letters (whose own left-to-right run would move the glyphs): its
# first visible character in reading order and whether that glyph is the line's rightmost, as right to left wants.
LINES = """() => {
    const found = [];
    document.querySelectorAll('#chart .ytick text, #chart .legendtext').forEach(text => {
        const lines = text.querySelectorAll('tspan.line');
        (lines.length ? Array.from(lines) : [text]).forEach(line => {
            const words = line.textContent;
            if (!/[\\u0600-\\u06ff]/.test(words) || /[A-Za-z]/.test(words)) return;
            const centres = [];
            for (let i = 0; i < line.getNumberOfChars(); i++) {
                const box = line.getExtentOfChar(i);
                if (box.width > 0.5) centres.push(box.x + box.width / 2);  // the invisible marks have no width
            }
            found.push([words, centres[0] >= Math.max(...centres) - 0.5]);
        });
    });
    return found;
}"""


# A phone wraps the names (timeline.js, print.js): each wrapped line is its own piece of SVG text, which Chromium
# orders left to right; a desktop draws them on one line (checked too, it read right already).
@pytest.mark.parametrize(("path", "size"), [("/", "phone"), ("/print", "phone"), ("/", "desktop")])
def test_arabic_row_names_and_legend_read_right_to_left(page, phone, live_server, path, size):
    watched = page if size == "desktop" else phone
    watched.page.goto(f"{live_server}{path}?{QUERY}")
    wait_for_chart(watched.page)
    lines = watched.page.evaluate(LINES)
    assert len(lines) >= 10, lines
    # "في حال الزراعة:" ends with its colon at the left, "(الانغراس)" has its brackets around the word.
    assert [words for words, rightmost_first in lines if not rightmost_first] == []
    watched.assert_clean()
