"""QR codes of share addresses: the very modules and SVG that segno makes with a fixed mask, made fast (issue 13).

Every family's share address is its own, so no cache helps, and segno builds each symbol module by module in
Python (about 2 ms, and its SVG writer another 1). What depends only on the symbol's version, error level and
mask (function patterns, format and version information, the mask over the data modules, the order they are
filled in) is built once here, by segno's own functions, and kept; per address only the codewords are computed
(Reed-Solomon with one table per generator polynomial) and written into the kept symbol with numpy.
A text that segno would not encode as plain bytes (not ASCII, or all digits and capitals, or short enough for a
Micro QR code) is left to segno itself; tests/test_qr.py checks the two agree module for module.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import cache
from typing import NamedTuple
from xml.sax.saxutils import escape

import numpy as np
import segno
from segno import consts, encoder

# segno.make(text, error="m"): level M, raised to Q or H when the text fits those in the same version.
LEVELS = (consts.ERROR_LEVEL_M, consts.ERROR_LEVEL_Q, consts.ERROR_LEVEL_H)
SHORTEST = 24  # bytes: a shorter text may fit a Micro QR code, which segno then prefers
# segno encodes such a text as numbers or alphanumerics, not bytes (ISO/IEC 18004 table 5).
ALPHANUMERIC = re.compile(r"[0-9A-Z $%*+\-./:]*")
BYTE_MODE = 0b0100
PAD = b"\xec\x11"  # the pad codewords, alternately (ISO/IEC 18004 section 7.4.10)
MOVES = 4096  # path moves kept as text: a symbol has a few dozen kinds ("m1 0h1", "m-30 1h7")
# Kept symbols of share addresses alike but for their start dates (one per protocol, options and language), each with
# what changing a character at a place flips: a date needs at most 10 digits at 8 places. A flip is an integer of
# 4 to 20 bytes a module row: 0.3 KB for the print view's usual version 4 to 6, 1.1 KB for version 19 (QR_MAX_URL):
# some 4 MB, 14 MB at worst.
KEPT, FLIPS = 128, 100


class Layout(NamedTuple):
    """A symbol of one version, level and mask with every data bit 0, and where each data bit goes."""

    size: int
    blank: np.ndarray  # the modules, row after row
    order: np.ndarray  # the index in `blank` of each bit of the final message, in order


class _Moves(dict):
    """The path's relative moves as segno writes them ("m1 0h3"), by their numbers packed in one integer."""

    def __missing__(self, code: int) -> str:
        text = f"m{(code >> 18) - 1024} {(code >> 9) & 511}h{code & 511}"
        if len(self) < MOVES:
            self[code] = text
        return text


_MOVES = _Moves()
_kept: OrderedDict[tuple, _Kept] = OrderedDict()
_lock = threading.Lock()


def modules(text: str, mask: int) -> np.ndarray:
    """Return the modules (rows of 0 and 1) of segno.make(text, error="m", mask=mask)."""
    if not _plain(text):
        return np.array(segno.make(text, error="m", mask=mask).matrix, dtype=np.uint8)
    return _byte_modules(text.encode("ascii"), mask)


def svg(rows: np.ndarray, border: int, title: str) -> str:
    """Return what segno's svg_inline(omitsize=True, border=border, title=title) writes for these modules."""
    return _svg(len(rows), _bits(rows), border, title)


def inline_svg(text: str, mask: int, border: int, title: str, varying: tuple[int, int]) -> str:
    """Return svg(modules(text, mask), border, title); texts alike but for characters `varying` share a kept symbol.

    A share address differs from the last one of its protocol, options and language only in its start date: the
    symbol is the kept one with what each changed character flips (made once per character and place) flipped.
    """
    if not _plain(text):
        rows = modules(text, mask)
        return _svg(len(rows), _bits(rows), border, title)
    size, bits = _symbol(text, mask, varying)
    return _svg(size, bits, border, title)


def _plain(text: str) -> bool:
    """Say whether segno encodes the text as plain bytes in a QR code (what this module makes itself)."""
    return text.isascii() and len(text) >= SHORTEST and not ALPHANUMERIC.fullmatch(text)


def _byte_modules(data: bytes, mask: int) -> np.ndarray:
    version, error = _version(len(data))
    layout = _layout(version, error, mask)
    bits = np.unpackbits(np.frombuffer(_message(data, version, error), dtype=np.uint8))
    symbol = layout.blank.copy()
    symbol[layout.order[:bits.size]] ^= bits
    return symbol.reshape(layout.size, layout.size)


def _bits(rows: np.ndarray) -> int:
    """Return the modules as one integer: module (i, j) is bit i * (size + 1) + j, the other bits 0."""
    size = len(rows)
    padded = np.zeros((size, size + 1), dtype=np.uint8)  # a light column after each row: no run spans two rows
    padded[:, :size] = rows
    return int.from_bytes(np.packbits(padded.ravel(), bitorder="little").tobytes(), "little")


class _Kept(NamedTuple):
    """A symbol kept for texts alike but for some characters, and what changing one of them (place, to) flips."""

    text: str
    size: int
    bits: int
    flips: dict[tuple[int, str], int]


def _symbol(text: str, mask: int, varying: tuple[int, int]) -> tuple[int, int]:
    """Return the size and the bits (_bits) of the plain text's symbol, from the kept symbol of texts like it."""
    first, last = varying
    last = min(last, len(text))
    key = (text[:first], text[last:], len(text), mask)  # the same length: the same version, level and data places
    with _lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
    if kept is None:
        rows = _byte_modules(text.encode("ascii"), mask)
        kept = _Kept(text, len(rows), _bits(rows), {})
        with _lock:
            _kept[key] = kept
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
        return kept.size, kept.bits
    # For one version, level and mask the symbol is an affine function of the data bits (Reed-Solomon codes are
    # linear, placing and masking are fixed): changing some bytes flips what changing each alone flips.
    bits, was = kept.bits, kept.text
    for place in range(first, last):
        to = text[place]
        if to != was[place]:
            flip = kept.flips.get((place, to))
            if flip is None:
                data = (was[:place] + to + was[place + 1:]).encode("ascii")  # byte mode whatever segno would choose
                flip = _bits(_byte_modules(data, mask)) ^ kept.bits
                if len(kept.flips) < FLIPS:
                    kept.flips[(place, to)] = flip
            bits ^= flip
    return kept.size, bits


def _svg(size: int, bits: int, border: int, title: str) -> str:
    width = size + 1  # a row and its light column (_bits)
    changes = bits ^ (bits << 1)  # set where a module differs from the one before it (light before the first)
    flat = np.unpackbits(np.frombuffer(changes.to_bytes((width * size + 8) // 8, "little"), dtype=np.uint8),
                         bitorder="little")
    edges = np.flatnonzero(flat)  # the module index of each run's first dark and first light after
    starts, ends = edges[0::2], edges[1::2]
    rows = starts // width
    lines = rows[1:] - rows[:-1]
    # One path: each run a line from where the one before ended, as segno writes it (relative moves).
    codes = (starts[1:] - ends[:-1] - lines * width + 1024) << 18 | lines << 9 | (ends - starts)[1:]
    start = int(starts[0])
    first = f"M{start % width + border} {start // width + border + .5}h{int(ends[0]) - start}"
    path = first + "".join(map(_MOVES.__getitem__, codes.tolist()))  # a symbol is at most 177 modules wide
    width = size + 2 * border
    return (f'<svg viewBox="0 0 {width} {width}" class="segno"><title>{escape(title)}</title>'
            f'<path class="qrline" stroke="#000" d="{path}"/></svg>')


def _version(length: int) -> tuple[int, int]:
    """Return the smallest version that holds `length` bytes at level M, and the best level it holds them at."""
    for version in range(1, 41):
        bits = 4 + _count_bits(version) + 8 * length
        if consts.SYMBOL_CAPACITY[version][LEVELS[0]] >= bits:
            fitting = [level for level in LEVELS if consts.SYMBOL_CAPACITY[version][level] >= bits]
            return version, fitting[-1]
    raise segno.DataOverflowError(f"{length} bytes do not fit a QR code")


def _count_bits(version: int) -> int:
    return 8 if version < 10 else 16  # the byte mode's character count indicator


def _message(data: bytes, version: int, error: int) -> bytes:
    """Return the final message: data codewords in blocks, then error correction codewords, interleaved."""
    capacity = consts.SYMBOL_CAPACITY[version][error]
    count = _count_bits(version)
    length = 4 + count + 8 * len(data)
    value = ((BYTE_MODE << count | len(data)) << 8 * len(data)) | int.from_bytes(data, "big")
    # As segno writes it: a terminator of up to 4 zero bits, then 1 to 8 zero bits up to a byte boundary (a
    # whole zero byte when the terminator ends on one), then the pad codewords; what passes the capacity is cut.
    terminator = min(capacity - length, 4)
    padding = 8 - (length + terminator) % 8
    codewords = (value << terminator + padding).to_bytes((length + terminator + padding) // 8, "big")
    size = capacity // 8
    codewords = (codewords + PAD * (size // 2 + 1))[:size]
    blocks, corrections, start = [], [], 0
    for group in consts.ECC[version][error]:
        table = _generator_table(group.num_total - group.num_data)
        for _ in range(group.num_blocks):
            block = codewords[start:start + group.num_data]
            start += group.num_data
            blocks.append(block)
            corrections.append(_remainder(block, table, group.num_total - group.num_data))
    longest = max(len(block) for block in blocks)
    data_part = bytes(block[i] for i in range(longest) for block in blocks if i < len(block))
    return data_part + bytes(byte for column in zip(*corrections, strict=True) for byte in column)


def _remainder(block: bytes, table: tuple[int, ...], length: int) -> bytes:
    """Return the Reed-Solomon error correction codewords of `block`: its remainder by the generator polynomial."""
    keep, top, rest = (1 << 8 * length) - 1, 8 * (length - 1), 0
    for byte in block:
        rest = ((rest << 8) & keep) ^ table[(rest >> top) ^ byte]
    return rest.to_bytes(length, "big")


@cache  # one per number of error correction codewords a block has: a few dozen at most
def _generator_table(length: int) -> tuple[int, ...]:
    """Return, for each byte value, the generator polynomial times it (its coefficients as one big integer)."""
    exp, log, generator = consts.GALIOS_EXP, consts.GALIOS_LOG, consts.GEN_POLY[length]
    return (0, *(int.from_bytes(bytes(exp[log[value] + g] for g in generator), "big") for value in range(1, 256)))


@cache  # at most 40 versions by 3 levels for the one mask the print view uses: a few kilobytes each
def _layout(version: int, error: int, mask: int) -> Layout:
    """Return the symbol with every data bit 0 and the data modules' order, made by segno's own functions."""
    size = version * 4 + 17
    matrix = encoder.make_matrix(size, size)  # 0x2: a module not yet set
    encoder.add_finder_patterns(matrix, size, size)
    encoder.add_alignment_patterns(matrix, size, size)
    order = [i * size + j for i, j in _placement(size) if matrix[i][j] == 0x2]
    masked = encoder.get_data_mask_functions(False)[mask]
    for index in order:
        i, j = divmod(index, size)
        matrix[i][j] = int(masked(i, j))
    encoder.add_format_info(matrix, version, error, mask)
    encoder.add_version_info(matrix, version)
    return Layout(size, np.array(matrix, dtype=np.uint8).ravel(), np.array(order, dtype=np.intp))


def _placement(size: int):
    """Yield every module in the order data is placed: two-module columns, right to left, up and down in turn."""
    # segno's add_codewords (ISO/IEC 18004 section 7.7.3), for QR codes: the timing column 6 is skipped.
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(size):
            for j in (right, right - 1):
                upwards = ((right & 2) == 0) ^ (j < 6)
                yield (size - 1 - vertical if upwards else vertical), j
