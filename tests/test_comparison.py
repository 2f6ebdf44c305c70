"""Reading scenario queries strictly, the picker's fields into a..d, and the ready-made examples."""

import pytest
from werkzeug.datastructures import MultiDict

from webapp.comparison import EXAMPLES, ScenarioError, from_picker, given, scenario_args


def test_a_scenario_query_is_read_into_its_parameters_without_lang():
    args = scenario_args("b", ["start=2026-01-05&protocol=cog-hr&branch=hsct&branch=tki&lang=es"])
    assert args == [("start", "2026-01-05"), ("protocol", "cog-hr"), ("branch", "hsct"), ("branch", "tki")]


@pytest.mark.parametrize(
    ("letter", "values", "field", "kept"),
    [
        ("a", ["cog-hr"], "a", []),  # a protocol's name alone is not a query
        ("c", ["protocol=cog-sr&step=2"], "c", [("protocol", "cog-sr")]),
        ("b", ["start=2026-01-05"], "b-protocol", [("start", "2026-01-05")]),
        ("b", ["protocol="], "b-protocol", [("protocol", "")]),
        ("d", ["protocol=cog-sr", "protocol=cog-hr"], "d", []),
        ("a", ["protocol=cog-sr&" + "x" * 2000], "a", []),
    ],
)
def test_a_scenario_that_cannot_be_read_names_its_field_and_keeps_what_it_can(letter, values, field, kept):
    with pytest.raises(ScenarioError) as caught:
        scenario_args(letter, values)
    assert caught.value.field == field
    assert caught.value.readable == kept
    assert str(caught.value).startswith(f"Scenario {letter.upper()}: ")


def test_the_picker_fields_become_one_query_per_scenario_left_out_ones_dropped():
    args = MultiDict([("a-protocol", "cog-sr"), ("a-start", ""), ("b-protocol", "cog-hr"), ("b-branch", "hsct"),
                      ("c-protocol", ""), ("c-start", "2026-01-05"), ("d-protocol", "general"),
                      ("d-induction_weeks", "6"), ("lang", "es")])
    assert from_picker(args, ("sex", "induction_weeks")) == {"a": "protocol=cog-sr", "b": "protocol=cog-hr&branch=hsct",
                                 "d": "protocol=general&induction_weeks=6"}


def test_an_address_with_a_and_b_is_not_the_picker():
    args = MultiDict([("a", "protocol=cog-sr"), ("b", "protocol=cog-hr"), ("lang", "es")])
    assert from_picker(args) is None
    assert given(args) == ["a", "b"]


def test_examples_are_undated_or_dated_from_one_start():
    standard_high = EXAMPLES[0]
    assert standard_high.args() == {"a": "protocol=cog-sr", "b": "protocol=cog-hr"}
    assert standard_high.args("2026-01-05") == {"a": "start=2026-01-05&protocol=cog-sr",
                                                "b": "start=2026-01-05&protocol=cog-hr"}
    assert [e.scenarios[1] for e in EXAMPLES[1:]] == ["protocol=cog-hr&branch=hsct", "protocol=cog-hr&branch=car-t"]
