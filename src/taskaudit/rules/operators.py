"""The closed set of comparison operators a rule condition may use.

Each operator states which field types it applies to and what operand it
takes, so a rule is type-checked against the subject schema when it is
loaded; at evaluation an operator is a pre-built predicate over one field
value. ``glob`` follows ``fnmatch.fnmatchcase`` (``*`` also crosses dots),
the matching Celery itself uses for glob keys in ``task_routes``
(https://docs.celeryq.dev/en/stable/userguide/routing.html).

On a ``list[str]`` field, ``eq``/``in``/``matches``/``glob`` hold when *any*
element does, and ``ne``/``not_in`` are their negations (no element does):
the catalog asks "does a queue match ``heavy*``", never "is the list equal".
``contains``/``contains_any`` stay list membership.
"""

from __future__ import annotations

import fnmatch
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

from taskaudit.rules.subjects import FIELD_TYPES, FieldValue

Operand: TypeAlias = str | int | float | bool | tuple[str | int | float | bool | None, ...] | None
Predicate: TypeAlias = Callable[[FieldValue], bool]

_SCALAR_TYPES = frozenset({"str", "int", "float", "bool"})
_ORDERED = frozenset({"int", "float"})
_TEXT = frozenset({"str", "list[str]"})
LIST = "list[str]"


@dataclass(frozen=True, slots=True)
class Operator:
    name: str
    field_types: frozenset[str]
    # "value" | "values" | "number" | "regex" | "globs" | "item" | "items" | "bool" | "field"
    operand: str
    doc: str


OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        Operator("eq", frozenset(FIELD_TYPES), "value", "equal to the operand"),
        Operator("ne", frozenset(FIELD_TYPES), "value", "not equal to the operand"),
        Operator("in", frozenset(FIELD_TYPES), "values", "one of the listed values"),
        Operator("not_in", frozenset(FIELD_TYPES), "values", "none of the listed values"),
        Operator("lt", _ORDERED, "number", "set and less than the operand"),
        Operator("le", _ORDERED, "number", "set and less than or equal to the operand"),
        Operator("gt", _ORDERED, "number", "set and greater than the operand"),
        Operator("ge", _ORDERED, "number", "set and greater than or equal to the operand"),
        Operator("matches", _TEXT, "regex", "set and `re.search` finds the regex"),
        Operator("glob", _TEXT, "globs", "set and matches a glob (or any of a list)"),
        Operator("contains", frozenset({"list[str]"}), "item", "set and holds the string"),
        Operator(
            "in_field",
            frozenset({"str"}),
            "field",
            "set and an element of the named list field (`item: {in_field: make.targets}`)",
        ),
        Operator("contains_any", frozenset({"list[str]"}), "items", "set and holds any string"),
        Operator("is_empty", frozenset(FIELD_TYPES), "bool", 'null, `""` or `[]` (or not)'),
        Operator("is_set", frozenset(FIELD_TYPES), "bool", "not null (or null)"),
    )
}


def fits(value: object, field_type: str) -> bool:
    if field_type == "bool":
        return isinstance(value, bool)
    if field_type == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if field_type == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if field_type == "str":
        return isinstance(value, str)
    return isinstance(value, tuple) and all(isinstance(item, str) for item in value)


def operand_problem(op: Operator, field_type: str, operand: Operand) -> str | None:
    """What ``op`` needs on a field of ``field_type`` when ``operand`` is not it, else None."""
    kind = op.operand
    each = ""
    if field_type == LIST and kind in {"value", "values"}:
        each, field_type = " (a list field is compared element by element)", "str"
    if kind == "value":
        ok = operand is None or fits(operand, field_type)
        return None if ok else f"{field_type} or null{each}"
    if kind == "values":
        ok = isinstance(operand, tuple) and all(v is None or fits(v, field_type) for v in operand)
        return None if ok else f"a list of {field_type}{each}"
    if kind == "number":
        return None if fits(operand, "float") else "a number"
    if kind in {"regex", "item"}:
        return None if isinstance(operand, str) else "a string"
    if kind == "bool":
        return None if isinstance(operand, bool) else "true or false"
    if kind == "globs" and isinstance(operand, str):
        return None
    ok = isinstance(operand, tuple) and bool(operand) and fits(operand, LIST)
    return (
        None if ok else ("a string or " if kind == "globs" else "") + "a non-empty list of strings"
    )


_ORDER: dict[str, Callable[[float, float], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}


def _element_test(name: str, operand: Operand) -> Predicate:
    """The positive test on one value; ``ne``/``not_in`` are built by negating it."""
    if name in {"eq", "ne"}:
        return lambda v: v == operand
    if name in {"in", "not_in"}:
        assert isinstance(operand, tuple)
        wanted = frozenset(operand)
        return lambda v: v in wanted
    if name in _ORDER:
        assert isinstance(operand, int | float)
        compare, bound = _ORDER[name], operand
        return lambda v: isinstance(v, int | float) and compare(v, bound)
    if name == "matches":
        assert isinstance(operand, str)
        regex = re.compile(operand)
        return lambda v: isinstance(v, str) and regex.search(v) is not None
    globs = (operand,) if isinstance(operand, str) else operand
    assert isinstance(globs, tuple)
    whole = re.compile("|".join(fnmatch.translate(str(g)) for g in globs))
    return lambda v: isinstance(v, str) and whole.match(v) is not None


def build_predicate(op: Operator, operand: Operand, field_type: str) -> Predicate:
    """A predicate over a decided value; raises ``re.error`` for a bad regex."""
    name = op.name
    if name in {"contains", "contains_any"}:
        items = frozenset(operand if isinstance(operand, tuple) else (operand,))
        return lambda v: isinstance(v, tuple) and not items.isdisjoint(v)
    if name == "is_empty":
        return lambda v: (v is None or v == "" or v == ()) == operand
    if name == "is_set":
        return lambda v: (v is not None) == operand
    test = _element_test(name, operand)
    if field_type == LIST:
        scalar = test

        def test(v: FieldValue) -> bool:
            if isinstance(v, tuple):
                # map, not a generator expression: no generator frame per call.
                return any(map(scalar, v))
            return scalar(v)

    if name in {"ne", "not_in"}:
        positive = test
        return lambda v: not positive(v)
    return test
