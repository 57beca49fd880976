"""The closed set of comparison operators a rule condition may use.

Each operator states which field types it applies to and what operand it
takes, so a rule is type-checked against the subject schema when it is
loaded; at evaluation an operator is a pre-built predicate over one field
value. ``glob`` follows ``fnmatch.fnmatchcase`` (``*`` also crosses dots),
the matching Celery itself uses for glob keys in ``task_routes``
(https://docs.celeryq.dev/en/stable/userguide/routing.html).
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


@dataclass(frozen=True, slots=True)
class Operator:
    name: str
    field_types: frozenset[str]
    operand: str  # "value" | "values" | "number" | "regex" | "globs" | "item" | "items" | "bool"
    doc: str


OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        Operator("eq", frozenset(FIELD_TYPES), "value", "equal to the operand"),
        Operator("ne", frozenset(FIELD_TYPES), "value", "not equal to the operand"),
        Operator("in", _SCALAR_TYPES, "values", "one of the listed values"),
        Operator("not_in", _SCALAR_TYPES, "values", "none of the listed values"),
        Operator("lt", _ORDERED, "number", "set and less than the operand"),
        Operator("le", _ORDERED, "number", "set and less than or equal to the operand"),
        Operator("gt", _ORDERED, "number", "set and greater than the operand"),
        Operator("ge", _ORDERED, "number", "set and greater than or equal to the operand"),
        Operator("matches", frozenset({"str"}), "regex", "set and `re.search` finds the regex"),
        Operator("glob", frozenset({"str"}), "globs", "set and matches a glob (or any of a list)"),
        Operator("contains", frozenset({"list[str]"}), "item", "set and holds the string"),
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
    if kind == "value":
        return None if operand is None or fits(operand, field_type) else f"{field_type} or null"
    if kind == "values":
        ok = isinstance(operand, tuple) and all(v is None or fits(v, field_type) for v in operand)
        return None if ok else f"a list of {field_type}"
    if kind == "number":
        return None if fits(operand, "float") else "a number"
    if kind in {"regex", "item"}:
        return None if isinstance(operand, str) else "a string"
    if kind == "bool":
        return None if isinstance(operand, bool) else "true or false"
    if kind == "globs" and isinstance(operand, str):
        return None
    ok = isinstance(operand, tuple) and bool(operand) and fits(operand, "list[str]")
    return None if ok else "a non-empty list of strings"


_ORDER: dict[str, Callable[[float, float], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}


def build_predicate(op: Operator, operand: Operand) -> Predicate:
    """A predicate over a decided value; raises ``re.error`` for a bad regex."""
    name = op.name
    if name == "eq":
        return lambda v: v == operand
    if name == "ne":
        return lambda v: v != operand
    if name in {"in", "not_in"}:
        assert isinstance(operand, tuple)
        wanted, negate = frozenset(operand), name == "not_in"
        return lambda v: (v in wanted) != negate
    if name in _ORDER:
        assert isinstance(operand, int | float)
        compare, bound = _ORDER[name], operand
        return lambda v: isinstance(v, int | float) and compare(v, bound)
    if name == "matches":
        assert isinstance(operand, str)
        regex = re.compile(operand)
        return lambda v: isinstance(v, str) and regex.search(v) is not None
    if name == "glob":
        globs = (operand,) if isinstance(operand, str) else operand
        assert isinstance(globs, tuple)
        whole = re.compile("|".join(fnmatch.translate(str(g)) for g in globs))
        return lambda v: isinstance(v, str) and whole.match(v) is not None
    if name in {"contains", "contains_any"}:
        items = frozenset(operand if isinstance(operand, tuple) else (operand,))
        return lambda v: isinstance(v, tuple) and not items.isdisjoint(v)
    if name == "is_empty":
        return lambda v: (v is None or v == "" or v == ()) == operand
    return lambda v: (v is not None) == operand
