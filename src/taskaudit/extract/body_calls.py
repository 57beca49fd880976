"""Calls a task body makes to functions that may be the project's, and what each controls.

Linking follows these calls into the functions they reach (``body_helpers``,
``taskaudit.link.helpers``). A call is worth following when:

- it hands the bound task on (``handle_retry(self, ...)``, ``task=self``): the
  callee may call ``.retry(...)`` on it, which is a retry of this task;
- side effects lie where its result controls them, so that a lock the callee
  takes (or an ``.exists()`` check it returns) would guard them.

Where a lock taken by a helper covers a side effect (an inline guard still
counts anywhere in the body; a helper's must be placed):

- ``with helper(...):`` covers the ``with`` body;
- ``if helper(...):`` (alone or in an ``and``) covers the ``if`` body;
- ``if not helper(...): return`` (or ``continue``, ``raise``) covers the rest
  of the block after the ``if``; a negated test covers its ``else`` branch;
- a plain statement (``qs = helper()``, ``helper(key)``) covers the rest of
  its block (the statements after it, and what they nest) for a row lock
  only: a ``select_for_update()`` queryset locks its rows for the rest of the
  transaction, while a ``SET NX`` or ``cache.add`` whose answer nobody tests
  excludes nothing.

Side effects before the call, in a branch the call does not control, or
after its block ends are not covered. A helper's ``.exists()`` check covers
the rest of the block after ``if helper(...): return``, like an inline one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from taskaudit.core.location import Location, location_of
from taskaudit.extract.body_helpers import callee_name
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import walk

_EXITS = (ast.Return, ast.Continue, ast.Raise)
_SIMPLE = (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr)
_Span = tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class HelperCall:
    location: Location
    callee: str  # dotted through the module's imports; a function of this module qualified
    task_at: int | str | None  # where the bound task is passed: position, keyword; None: not
    controls: tuple[Location, ...] = ()  # side effects a lock taken by the callee covers
    after_exit: tuple[Location, ...] = ()  # side effects after `if callee(...): return`
    follows: tuple[Location, ...] = ()  # side effects after it in its block (a row lock's)


def helper_calls(
    own: Sequence[ast.stmt],
    calls: Sequence[ast.Call],
    effects: Sequence[tuple[ast.Call, Location]],
    scope: Scope,
    local: frozenset[str],
    task_param: str | None,
    path: str,
) -> tuple[HelperCall, ...]:
    """The calls of ``calls`` worth following, with the side effects ``effects`` each controls."""
    spans: dict[int, tuple[list[_Span], ...]] = {}
    if effects:
        for call, role, span in _regions(own):
            spans.setdefault(id(call), ([], [], []))[role].append(span)
    found = []
    for call in calls:
        task_at = _task_at(call, task_param)
        controls, after_exit, follows = (
            _inside(effects, role) for role in spans.get(id(call), ([], [], []))
        )
        if task_at is None and not (controls or after_exit or follows):
            continue
        callee = callee_name(call.func, scope, local)
        # A class is constructed, not a helper run: only functions are summarised.
        if callee is not None and not callee.rpartition(".")[2][:1].isupper():
            location = location_of(call, path)
            found.append(HelperCall(location, callee, task_at, controls, after_exit, follows))
    return tuple(found)


def _task_at(call: ast.Call, task_param: str | None) -> int | str | None:
    if task_param is None:
        return None
    for position, arg in enumerate(call.args):
        if isinstance(arg, ast.Name) and arg.id == task_param:
            return position
    for keyword in call.keywords:
        if keyword.arg and isinstance(keyword.value, ast.Name) and keyword.value.id == task_param:
            return keyword.arg
    return None


def _inside(
    effects: Sequence[tuple[ast.Call, Location]], spans: list[_Span]
) -> tuple[Location, ...]:
    return tuple(
        location
        for call, location in effects
        if any(start <= (call.lineno, call.col_offset) < end for start, end in spans)
    )


def _span(block: Sequence[ast.stmt]) -> _Span | None:
    if not block:
        return None
    last = block[-1]
    end = (last.end_lineno or last.lineno, last.end_col_offset or 0)
    return (block[0].lineno, block[0].col_offset), end


# Roles: 0 = what a lock taken by the call covers, 1 = what follows its early exit,
# 2 = what follows it in its block (covered by a row lock only).
def _regions(block: Sequence[ast.stmt]) -> Iterator[tuple[ast.Call, int, _Span]]:
    for index, stmt in enumerate(block):
        rest = _span(block[index + 1 :])
        if isinstance(stmt, ast.With | ast.AsyncWith):
            body = _span(stmt.body)
            for item in stmt.items:
                yield from _each(_calls(item.context_expr), 0, body)
        elif isinstance(stmt, ast.If):
            yield from _if_regions(stmt, rest)
        elif isinstance(stmt, _SIMPLE):
            yield from _each(_calls(stmt), 2, rest)
        for inner in _blocks(stmt):
            yield from _regions(inner)


def _if_regions(stmt: ast.If, rest: _Span | None) -> Iterator[tuple[ast.Call, int, _Span]]:
    exits = isinstance(stmt.body[-1], _EXITS)
    test = stmt.test
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        negated = _tested(test.operand)
        yield from _each(negated, 0, _span(stmt.orelse))
        if exits:
            yield from _each(negated, 0, rest)
        return
    tested = _tested(test)
    yield from _each(tested, 0, _span(stmt.body))
    if exits:
        yield from _each(tested, 1, rest)


def _tested(test: ast.expr) -> list[ast.Call]:
    """Calls whose truth the test takes: ``f()``, ``f() and g()``, ``(x := f())``."""
    if isinstance(test, ast.NamedExpr):
        test = test.value
    if isinstance(test, ast.Await):
        test = test.value
    if isinstance(test, ast.Call):
        return [test]
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return [call for value in test.values for call in _tested(value)]
    return []


def _each(
    calls: list[ast.Call], role: int, span: _Span | None
) -> Iterator[tuple[ast.Call, int, _Span]]:
    if span is not None:
        for call in calls:
            yield call, role, span


def _calls(node: ast.AST) -> list[ast.Call]:
    return [sub for sub in walk(node) if isinstance(sub, ast.Call)]


def _blocks(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    for name in ("body", "orelse", "finalbody"):
        block = getattr(stmt, name, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            yield block
    for handler in getattr(stmt, "handlers", ()):
        yield handler.body
    for case in getattr(stmt, "cases", ()):
        yield case.body
