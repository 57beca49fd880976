"""Walking a task function's own code, the way Python scopes it.

A task body is the ``def`` a Celery decorator wraps (``@shared_task``,
``@app.task``) or a ``Task`` subclass's ``run`` method (Celery user guide,
"Tasks" and "Custom task classes"). What belongs to it lexically is its
statements minus the docstring; a nested ``class`` is a separate namespace,
and a nested ``def``/``lambda`` is separate code that some facts follow (the
calls a closure makes still run on the task's behalf) and others do not (an
``except`` inside a helper is the helper's, not the task's).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import TypeAlias

from taskaudit.core.location import Location
from taskaudit.extract.walk import children

Function: TypeAlias = ast.FunctionDef | ast.AsyncFunctionDef
Located: TypeAlias = ast.stmt | ast.expr | ast.excepthandler | ast.keyword | ast.arg

_CODE = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def body_statements(func: Function) -> list[ast.stmt]:
    """The function's statements without its docstring."""
    body = func.body
    first = body[0] if body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return body[1:]
    return list(body)


def own_nodes(stmts: Sequence[ast.stmt], *, into_functions: bool) -> Iterator[ast.AST]:
    """Every node under ``stmts`` in source pre-order; never inside a nested class."""
    # Iterative on purpose: real task bodies nest deeply enough to hurt recursion.
    stack: list[ast.AST] = list(reversed(stmts))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.ClassDef) or (isinstance(node, _CODE) and not into_functions):
            continue
        stack.extend(reversed(children(node)))


def statements(stmts: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement under ``stmts``; a nested def or class is one statement."""
    stack: list[ast.AST] = list(reversed(stmts))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.stmt):
            yield node
            if isinstance(node, _DEFINITIONS):
                continue
        inner = [
            child
            for child in children(node)
            if isinstance(child, ast.stmt | ast.excepthandler | ast.match_case)
        ]
        stack.extend(reversed(inner))


def location(node: Located, path: str) -> Location:
    return Location(path, node.lineno, node.col_offset + 1)
