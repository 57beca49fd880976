"""Rule conditions: from located YAML to a checked, compiled condition tree.

A condition is a mapping. Each entry is ``field: value`` (equality),
``field: {operator: operand, ...}``, or a combinator ``all: [...]``,
``any: [...]``, ``not: {...}``; several entries must all hold. Operands are
literals or ``{param: name}``. Everything is checked against the subject
schema here, so evaluation never meets an unknown field or a bad regex.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from taskaudit.core.location import Location
from taskaudit.rules.backtracking import backtracking_problem
from taskaudit.rules.conditions import AllOf, AnyOf, Compare, Condition, InField, Not
from taskaudit.rules.errors import Problems, did_you_mean
from taskaudit.rules.operators import OPERATORS, Operand, build_predicate, operand_problem
from taskaudit.rules.subjects import ITEM, FieldSpec
from taskaudit.rules.yamldoc import Node


@dataclass(frozen=True, slots=True)
class ConditionContext:
    """What a rule's conditions may refer to, and where their problems go."""

    rule_id: str
    subject: str
    fields: Mapping[str, FieldSpec]
    params: Mapping[str, Operand]
    problems: Problems
    origin: Location | None = None  # when set, every problem is reported here instead

    def error(self, where: Location | None, message: str) -> None:
        self.problems.add(self.origin or where or Location("?"), f"{self.rule_id}: {message}")


def show(value: Operand) -> str:
    """An operand as it would be written in YAML."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(show(item) for item in value) + "]"
    return repr(value)


def compile_condition(node: Node, context: ConditionContext) -> Condition | None:
    """The compiled condition, or None after reporting its problems to ``context``."""
    if not isinstance(node.value, dict) or not node.value:
        context.error(node.location, "a condition is a non-empty mapping")
        return None
    parts = [_entry(key, child, context) for key, child in node.value.items()]
    checked = [part for part in parts if part is not None]
    if len(checked) != len(parts):
        return None
    return checked[0] if len(checked) == 1 else AllOf(tuple(checked))


def _entry(key: str, child: Node, context: ConditionContext) -> Condition | None:
    if key == "not":
        inner = compile_condition(child, context)
        return None if inner is None else Not(inner)
    if key in {"all", "any"}:
        if not isinstance(child.value, tuple) or not child.value:
            context.error(child.location, f"'{key}' needs a non-empty list of conditions")
            return None
        branches = [compile_condition(item, context) for item in child.value]
        checked = tuple(branch for branch in branches if branch is not None)
        if len(checked) != len(branches):
            return None
        return AllOf(checked) if key == "all" else AnyOf(checked)
    spec = context.fields.get(key)
    if spec is None:
        hint = did_you_mean(key, context.fields)
        if key == ITEM:
            hint = "; 'item' is only defined in a rule with 'each:'"
        context.error(
            child.key_location, f"unknown field {key!r} for subject {context.subject!r}{hint}"
        )
        return None
    if not isinstance(child.value, dict) or set(child.value) == {"param"}:
        return _compare(key, spec, "eq", child, None, context)
    if not child.value:
        context.error(child.location, f"{key}: no operator given")
        return None
    tests = [
        _compare(key, spec, op, arg, arg.key_location, context) for op, arg in child.value.items()
    ]
    compares = [test for test in tests if test is not None]
    if len(compares) != len(tests):
        return None
    return compares[0] if len(compares) == 1 else AllOf(tuple(compares))


def _compare(
    field: str,
    spec: FieldSpec,
    name: str,
    arg: Node,
    op_at: Location | None,
    context: ConditionContext,
) -> Compare | InField | None:
    op = OPERATORS.get(name)
    if op is None:
        known = ", ".join(sorted(OPERATORS))
        context.error(op_at, f"{field}: unknown operator {name!r}; expected one of: {known}")
        return None
    if spec.type not in op.field_types:
        article = "an" if spec.type == "int" else "a"
        context.error(op_at, f"{field}: {name!r} does not apply to {article} {spec.type} field")
        return None
    if op.operand == "field":
        return _in_field(field, name, arg, context)
    resolved = _operand(arg, context)
    if resolved is None:
        return None
    operand, shown = resolved
    need = operand_problem(op, spec.type, operand)
    if need is not None:
        context.error(arg.location, f"{field}: {name!r} needs {need}, got {shown}")
        return None
    try:
        test = build_predicate(op, operand, spec.type)
    except re.error as error:
        context.error(arg.location, f"{field}: invalid regex {shown}: {error}")
        return None
    problem = (
        backtracking_problem(operand) if isinstance(operand, str) and name == "matches" else None
    )
    if problem is not None:
        context.error(arg.location, f"{field}: regex {shown} can take exponential time: {problem}")
        return None
    return Compare(field, name, operand, test, name == "is_set", spec.type)


def _in_field(field: str, name: str, arg: Node, context: ConditionContext) -> InField | None:
    other = arg.value if isinstance(arg.value, str) else ""
    spec = context.fields.get(other)
    if spec is None or spec.type != "list[str]":
        lists = sorted(k for k, s in context.fields.items() if s.type == "list[str]")
        hint = did_you_mean(other, lists) if other else ""
        context.error(arg.location, f"{field}: {name!r} needs the name of a list[str] field{hint}")
        return None
    return InField(field, other)


def _operand(arg: Node, context: ConditionContext) -> tuple[Operand, str] | None:
    value = arg.value
    if isinstance(value, dict):
        param = value.get("param")
        if set(value) != {"param"} or param is None or not isinstance(param.value, str):
            context.error(arg.location, "an operand is a value, a list, or {param: <name>}")
            return None
        if param.value not in context.params:
            hint = did_you_mean(param.value, context.params)
            context.error(param.location, f"unknown param {param.value!r}{hint}")
            return None
        bound = context.params[param.value]
        return bound, f"param {param.value!r} = {show(bound)}"
    if isinstance(value, tuple):
        items = [item.value for item in value]
        scalars = tuple(item for item in items if not isinstance(item, dict | tuple))
        if len(scalars) != len(items):
            context.error(arg.location, "a list operand holds plain values only")
            return None
        return scalars, show(scalars)
    return value, show(value)
