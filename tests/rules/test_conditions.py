"""Three-valued (Kleene) logic: True, False, and None for "undecidable"."""

from __future__ import annotations

import itertools

import pytest

from taskaudit.rules import UNDECIDABLE, FieldValue, Undecidable
from taskaudit.rules.conditions import AllOf, AnyOf, Compare, Not, Truth, both
from taskaudit.rules.operators import OPERATORS, build_predicate

VALUES: dict[Truth, FieldValue] = {True: True, False: False, None: UNDECIDABLE}
TRUTHS: tuple[Truth, ...] = (True, False, None)


def is_true(field: str) -> Compare:
    return Compare(field, "eq", True, build_predicate(OPERATORS["eq"], True, "bool"))


def fields(a: Truth, b: Truth) -> dict[str, FieldValue]:
    return {"a": VALUES[a], "b": VALUES[b]}


ALL_TABLE = {
    (True, True): True,
    (True, False): False,
    (True, None): None,
    (False, True): False,
    (False, False): False,
    (False, None): False,
    (None, True): None,
    (None, False): False,
    (None, None): None,
}
ANY_TABLE = {
    (True, True): True,
    (True, False): True,
    (True, None): True,
    (False, True): True,
    (False, False): False,
    (False, None): None,
    (None, True): True,
    (None, False): None,
    (None, None): None,
}


@pytest.mark.parametrize(("a", "b"), list(itertools.product(TRUTHS, TRUTHS)))
def test_all_truth_table(a: Truth, b: Truth) -> None:
    assert AllOf((is_true("a"), is_true("b"))).evaluate(fields(a, b)) is ALL_TABLE[a, b]


@pytest.mark.parametrize(("a", "b"), list(itertools.product(TRUTHS, TRUTHS)))
def test_any_truth_table(a: Truth, b: Truth) -> None:
    assert AnyOf((is_true("a"), is_true("b"))).evaluate(fields(a, b)) is ANY_TABLE[a, b]


@pytest.mark.parametrize(("a", "b"), list(itertools.product(TRUTHS, TRUTHS)))
def test_both_is_the_same_conjunction(a: Truth, b: Truth) -> None:
    assert both(a, b) is ALL_TABLE[a, b]


def test_not_swaps_true_and_false_and_keeps_unknown() -> None:
    negated = Not(is_true("a"))
    assert [negated.evaluate(fields(a, True)) for a in TRUTHS] == [False, True, None]


def test_a_comparison_on_an_undecidable_field_is_unknown_whatever_the_operator() -> None:
    value = {"n": Undecidable("os.environ lookup")}
    for name, operand, kind in (
        ("eq", 1, "int"),
        ("ne", 1, "int"),
        ("gt", 1, "int"),
        ("in", (1, 2), "int"),
        ("is_empty", True, "int"),
    ):
        test = Compare("n", name, operand, build_predicate(OPERATORS[name], operand, kind))
        assert test.evaluate(value) is None, name


def test_is_set_decides_on_an_undecidable_field_it_exists() -> None:
    test = Compare("n", "is_set", True, build_predicate(OPERATORS["is_set"], True, "int"), True)
    assert [test.evaluate({"n": v}) for v in (UNDECIDABLE, None, 0)] == [True, False, True]


def test_a_missing_field_reads_as_null_not_as_unknown() -> None:
    assert is_true("a").evaluate({}) is False
    assert Not(is_true("a")).evaluate({}) is True


def test_blame_names_only_the_fields_that_left_the_answer_unknown() -> None:
    tree = AllOf((AnyOf((is_true("a"), is_true("b"))), Not(is_true("c")), is_true("d")))
    values: dict[str, FieldValue] = {"a": UNDECIDABLE, "b": False, "c": UNDECIDABLE, "d": True}
    assert tree.evaluate(values) is None
    assert tree.blame(values) == frozenset({"a", "c"})
