"""Kept texts split once into literal parts and holes: the join gives what one substitution pass gave."""

import random

import pytest

from webapp import skeleton
from webapp.skeleton import Skeleton, join, substitute

VALUES = {"a": "A<&>", "b": "", "s": "2024-02-29", "q": "?start=x&amp;y", "long-name": "L" * 50}


def _fill(text: str, start: bool) -> str:
    split = Skeleton(text).split(start)
    assert split is not None
    literals, names = split
    assert len(literals) == len(names) + 1
    return join(literals, [VALUES[name] for name in names])


@pytest.mark.parametrize("start", [True, False])
@pytest.mark.parametrize("text", [
    "", "plain text", "\x00a\x00", "x\x00a\x00y\x00b\x00z", "\x00a\x00\x00b\x00", "<a href=\"/?start=%00s%00\">",
    "link %2500s%2500 and %00s%2500 then \x00s\x00 and \x00q\x00", "%00s%00\x00a\x00%00s%00", "100%00 off",
])
def test_split_and_join_fill_as_one_substitution_pass(text, start):
    assert _fill(text, start) == substitute(text, VALUES, start)


def test_start_link_form_is_left_alone_when_the_start_is_not_a_hole():
    assert _fill("?start=%00s%00&\x00a\x00", False) == "?start=%00s%00&A<&>"
    assert _fill("?start=%00s%00&\x00a\x00", True) == "?start=2024-02-29&A<&>"


def test_random_texts_agree_with_substitution():
    pick = random.Random(13)
    atoms = ["x", "<td>", "\x00a\x00", "\x00b\x00", "\x00s\x00", "%00s%00", "%2500s%2500", "\x00q\x00", "%", "00"]
    for _ in range(500):
        text = "".join(pick.choice(atoms) for _ in range(pick.randint(0, 30)))
        for start in (True, False):
            assert _fill(text, start) == substitute(text, VALUES, start), text


def test_stand_in_spanning_the_start_link_form_is_not_split():
    # One pass pairs the two \x00 across the link form: the split cannot stand for it, so fill() substitutes.
    text = "\x00a%00s%00b\x00"
    assert Skeleton(text).split(True) is None
    assert Skeleton(text).split(False) == (("", ""), ("a%00s%00b",))


def test_split_is_made_once_per_start_flag():
    kept = Skeleton("x\x00a\x00y")
    assert kept.split(True) is kept.split(True)
    assert skeleton.START == "s"
