from __future__ import annotations

import pytest

from taskaudit.rules import FieldValue
from taskaudit.rules.operators import OPERATORS, Operand, build_predicate, operand_problem

QUEUE_LISTS: list[FieldValue] = [None, (), ("default",), ("heavy-io", "default"), ("light",)]


def holds(name: str, operand: Operand, field_type: str, values: list[FieldValue]) -> list[bool]:
    test = build_predicate(OPERATORS[name], operand, field_type)
    return [test(value) for value in values]


@pytest.mark.parametrize(
    ("name", "operand", "field_type", "values", "expected"),
    [
        ("eq", "pull", "str", ["pull", "push", None], [True, False, False]),
        ("eq", None, "str", ["pull", None, ""], [False, True, False]),
        ("ne", "pull", "str", ["pull", "push", None], [False, True, True]),
        ("in", ("a", None), "str", ["a", None, "b"], [True, True, False]),
        ("not_in", ("a", "b"), "str", ["a", "c", None], [False, True, True]),
        ("lt", 40, "int", [39, 40, None], [True, False, False]),
        ("le", 40, "int", [40, 41, None], [True, False, False]),
        ("gt", 40, "int", [41, 40, None], [True, False, False]),
        ("ge", 2.5, "float", [2.5, 2.4, None], [True, False, False]),
        ("matches", r"\.tasks\.", "str", ["a.tasks.b", "tasks", None], [True, False, False]),
        ("matches", "^pull$", "str", ["pull", "pull2"], [True, False]),
        ("glob", "apps.*", "str", ["apps.sync.pull", "apps", "xapps.a"], [True, False, False]),
        ("glob", ("a?", "b*"), "str", ["ab", "abc", "b", None], [True, False, True, False]),
        ("is_empty", True, "str", [None, "", "x"], [True, True, False]),
        ("is_empty", False, "list[str]", [None, (), ("x",)], [False, False, True]),
        ("is_set", True, "bool", [None, False, True], [False, True, True]),
        ("is_set", False, "bool", [None, False], [True, False]),
    ],
)
def test_scalar_semantics(
    name: str, operand: Operand, field_type: str, values: list[FieldValue], expected: list[bool]
) -> None:
    assert holds(name, operand, field_type, values) == expected


# On a list field: eq/in/glob/matches hold when any element does; ne/not_in when none does.
@pytest.mark.parametrize(
    ("name", "operand", "expected"),
    [
        ("eq", "default", [False, False, True, True, False]),
        ("ne", "default", [True, True, False, False, True]),
        ("eq", None, [True, False, False, False, False]),
        ("in", ("light", "heavy-io"), [False, False, False, True, True]),
        ("not_in", ("light", "heavy-io"), [True, True, True, False, False]),
        ("glob", "heavy*", [False, False, False, True, False]),
        ("glob", ("heavy*", "li*"), [False, False, False, True, True]),
        ("matches", "ault$", [False, False, True, True, False]),
        ("contains", "default", [False, False, True, True, False]),
        ("contains_any", ("light", "nope"), [False, False, False, False, True]),
    ],
)
def test_list_semantics(name: str, operand: Operand, expected: list[bool]) -> None:
    assert holds(name, operand, "list[str]", QUEUE_LISTS) == expected


def test_glob_star_crosses_dots_like_celery_task_routes() -> None:
    assert holds("glob", "apps.*", "str", ["apps.sync.tasks.pull"]) == [True]


def test_glob_is_case_sensitive_and_whole_name() -> None:
    assert holds("glob", "Apps.*", "str", ["apps.x", "Apps.x"]) == [False, True]
    assert holds("glob", "pull", "str", ["pull_all"]) == [False]


@pytest.mark.parametrize(
    ("name", "field_type", "operand", "problem"),
    [
        ("eq", "bool", "yes", "bool or null"),
        ("eq", "float", 1, None),
        ("eq", "int", 1.5, "int or null"),
        ("eq", "int", True, "int or null"),
        ("in", "str", "a", "a list of str"),
        ("in", "list[str]", ("a",), None),
        ("eq", "list[str]", ("a",), "str or null (a list field is compared element by element)"),
        ("gt", "int", "3", "a number"),
        ("matches", "str", 3, "a string"),
        ("glob", "str", (), "a string or a non-empty list of strings"),
        ("contains_any", "list[str]", "a", "a non-empty list of strings"),
        ("is_set", "str", "yes", "true or false"),
    ],
)
def test_operand_problems(
    name: str, field_type: str, operand: Operand, problem: str | None
) -> None:
    assert operand_problem(OPERATORS[name], field_type, operand) == problem
