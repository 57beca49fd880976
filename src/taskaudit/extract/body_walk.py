"""A task function's own statements, the way Python scopes them.

A task body is the ``def`` a Celery decorator wraps (``@shared_task``,
``@app.task``) or a ``Task`` subclass's ``run`` method (Celery user guide,
"Tasks" and "Custom task classes"). What belongs to it lexically is its
statements minus the docstring; its nodes are walked with ``walk.own_nodes``
(an ``except`` inside a nested helper is the helper's, not the task's).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import TypeAlias

from taskaudit.extract.walk import children

Function: TypeAlias = ast.FunctionDef | ast.AsyncFunctionDef

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
