"""The share address's QR code (issue 13): module for module and byte for byte the symbol segno makes, only faster."""

from datetime import date, timedelta

import numpy as np
import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st
from segno import consts

from webapp import qr

MASK = 3  # the print view's (webapp/views/downloads.py QR_MASK)
SHARE = "https://timeline.example.org/?start=2026-01-05&protocol=cog-sr&lang=es&branch=hsct"


def _segno(text: str):
    return segno.make(text, error="m", mask=MASK)


def _address(length: int) -> str:
    """Return a share-like address of exactly `length` characters."""
    return (SHARE + "&delay=induction:7" * (length // 18 + 1))[:length]


def _longest(version: int) -> int:
    """Return how many bytes `version` holds at level M (a 4-bit mode and the character count come first)."""
    count = 8 if version < 10 else 16
    return (consts.SYMBOL_CAPACITY[version][consts.ERROR_LEVEL_M] - 4 - count) // 8


# Every version a share address can need (QR_MAX_URL is 600 characters: version 19), and the largest.
@pytest.mark.parametrize("version", [*range(1, 21), 40])
def test_each_version_at_its_longest_text_and_one_byte_more_is_segnos_symbol(version):
    for length in (_longest(version), _longest(version) + 1)[:2 if version < 40 else 1]:
        text, expected = _address(length), _segno(_address(length))
        assert expected.version == version + (length > _longest(version))
        assert np.array_equal(qr.modules(text, MASK), np.array(expected.matrix)), length


def test_level_raised_to_q_as_segno_raises_it():
    # A text that leaves room in its version gets a stronger level (segno's boost_error): both must agree. H never
    # comes up: a version holds fewer bytes at H than the version below it holds at M.
    levels = set()
    for length in range(24, 160):
        expected = _segno(_address(length))
        levels.add(expected.error)
        assert np.array_equal(qr.modules(_address(length), MASK), np.array(expected.matrix)), length
    assert levels == {"M", "Q"}


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=700))
def test_any_printable_address_is_segnos_symbol_and_svg(text):
    expected = _segno(text)
    rows = qr.modules(text, MASK)
    assert np.array_equal(rows, np.array(expected.matrix))
    assert qr.svg(rows, border=2, title="t") == expected.svg_inline(omitsize=True, border=2, title="t")


@pytest.mark.parametrize("text", [
    "HTTPS://TIMELINE.EXAMPLE.ORG/PRINT",  # digits and capitals only: segno's alphanumeric mode
    "https://例え.jp/?start=2026-01-05&protocol=cog-sr&lang=zh",  # not ASCII: segno picks the byte encoding
    "http://x/?protocol=t-all",  # short enough for a Micro QR code
    "",
])
def test_texts_not_in_plain_byte_mode_are_left_to_segno(text):
    assert np.array_equal(qr.modules(text, MASK), np.array(_segno(text).matrix))


@pytest.mark.parametrize("border", [0, 2, 4])
def test_svg_is_segnos_to_the_byte_with_its_title_escaped(border):
    title = 'Código QR de la dirección <de este plan> & "más"'
    expected = _segno(SHARE).svg_inline(omitsize=True, border=border, title=title)
    got = qr.svg(qr.modules(SHARE, MASK), border=border, title=title)
    assert got == expected
    assert got.startswith(f'<svg viewBox="0 0 {37 + 2 * border} {37 + 2 * border}" class="segno"><title>Código QR de '
                          "la dirección &lt;de este plan&gt; &amp; \"más\"</title><path class=\"qrline\" stroke=\"#000\"")


def test_a_text_too_long_for_any_version_is_refused_as_segno_refuses_it():
    with pytest.raises(segno.DataOverflowError):
        qr.modules(_address(_longest(40) + 1), MASK)


def _dated(day) -> tuple[str, tuple[int, int]]:
    text = SHARE.replace("2026-01-05", day.isoformat())
    at = text.index("?start=") + len("?start=")
    return text, (at, at + 10)


def test_addresses_alike_but_for_their_start_date_are_segnos_symbols_from_the_kept_one():
    # The first address is kept; each later one flips what its changed digits flip (made once per digit and place).
    days = [date(2022, 1, 1) + timedelta(days=n) for n in range(0, 3000, 11)]
    for day in days:
        text, varying = _dated(day)
        assert qr.inline_svg(text, MASK, 2, "t", varying) == _segno(text).svg_inline(omitsize=True, border=2, title="t")


@pytest.mark.parametrize("text", [
    SHARE.replace("2026-01-05", "2026-01-0a"),  # any character in the span, not only digits
    SHARE.replace("2026-01-05", "2026-01-0é"),  # not ASCII: left to segno
    "HTTPS://X.ORG/?START=2026-01-05&PROTOCOL=COG-SR",  # digits and capitals: segno's alphanumeric mode
])
def test_a_changed_span_of_any_kind_is_segnos_symbol(text):
    qr.inline_svg(SHARE, MASK, 2, "t", (36, 46))  # the kept symbol of the address with the span at its place
    assert qr.inline_svg(text, MASK, 2, "t", (36, 46)) == _segno(text).svg_inline(omitsize=True, border=2, title="t")


def test_a_span_past_the_end_of_texts_of_other_lengths_is_segnos_symbol():
    # Texts alike before the span but of other lengths need other versions: never flipped from one another.
    for text in (SHARE[:40], SHARE[:41], SHARE[:38] + "x", SHARE[:80]):
        expected = _segno(text).svg_inline(omitsize=True, border=2, title="t")
        assert qr.inline_svg(text, MASK, 2, "t", (36, 46)) == expected, text
