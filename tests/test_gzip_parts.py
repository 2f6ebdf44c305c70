"""Gzip from kept parts: long parts deflated once, the rest per request; one valid gzip stream of the body."""

import gzip
import random
import struct
import zlib

import pytest

from webapp import gzip_parts


def _page(pick: random.Random, parts: int) -> tuple[tuple[str, ...], list[str]]:
    literals = tuple("".join(pick.choice("<td>é日 abc\n") for _ in range(pick.choice((0, 5, 300, 3000, 9000))))
                     for _ in range(parts + 1))
    values = [pick.choice(("", "Mon, 5 Jan 2026", "x" * 2500, "الاثنين")) for _ in range(parts)]
    return literals, values


@pytest.mark.parametrize("seed", range(20))
def test_parts_gzip_to_the_body(seed):
    pick = random.Random(seed)
    literals, values = _page(pick, pick.randint(0, 12))
    body = "".join(x for pair in zip(literals, [*values, ""], strict=True) for x in pair).encode()
    packed = gzip_parts.compress(gzip_parts.prepare(literals), literals, values, body, 3)
    assert gzip.decompress(packed) == body
    assert packed[:3] == b"\x1f\x8b\x08" and packed[-8:] == struct.pack("<II", zlib.crc32(body), len(body))


def test_long_parts_are_deflated_once_and_runs_gather_the_rest():
    short, long = "a" * (gzip_parts.LONG - 1), "b" * gzip_parts.LONG
    # Items: short, value 0, long, value 1, short, value 2, short.
    first, deflated, rest = gzip_parts.prepare((short, long, short, short))
    assert (first, rest) == ((0, 2), (3, 7))
    assert zlib.decompressobj(-15).decompress(deflated) == long.encode()
    assert gzip_parts.prepare((long,))[1:] == ()


def test_a_page_of_one_literal_is_one_stream():
    body = "<p>" * 5000
    packed = gzip_parts.compress(gzip_parts.prepare((body,)), (body,), [], body.encode(), 3)
    assert gzip.decompress(packed) == body.encode()
    assert len(packed) < len(gzip.compress(body.encode(), 1))
