"""A module's ``Scope``, built: its imports, top-level definitions and constants.

A module-level ``NAME = value`` whose value evaluates statically is a
constant other expressions of the module can use (``_RETRY = {...}`` then
``@shared_task(**_RETRY)``); the evaluation needs the scope built so far, so
bindings are read in order, each seeing the ones above it. A binding under
``if``/``try``/``for``/``while`` may not run, and its value is ``Unknown``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from taskaudit.core.values import Unknown, Value
from taskaudit.extract.literal import static_value
from taskaudit.extract.scope import Scope, collect_imports


def build_scope(tree: ast.Module, module: str, is_package: bool) -> Scope:
    """Imports, top-level definitions and top-level constant bindings of a module."""
    bare = Scope(module=module, is_package=is_package)
    imports = collect_imports(tree, bare)
    # Top-level defs, classes and assigned names are this module's own objects.
    definitions = frozenset(
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    ) | frozenset(target for target, _, _ in module_assignments(tree))
    constants: dict[str, Value] = {}
    for target, value_node, conditional in module_assignments(tree):
        current = Scope(module, is_package, imports, definitions, constants)
        value = static_value(value_node, current)
        # A binding under `if`/`try` may not run: the name's value is unknowable.
        constants[target] = Unknown("assigned conditionally") if conditional else value
    return Scope(module, is_package, imports, definitions, constants)


def module_assignments(tree: ast.Module) -> Iterator[tuple[str, ast.expr, bool]]:
    """Top-level ``NAME = value`` bindings in order, flagging those under if/try/with."""
    yield from _assignments(tree.body, conditional=False)


def _assignments(body: list[ast.stmt], conditional: bool) -> Iterator[tuple[str, ast.expr, bool]]:
    for stmt in body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    yield target.id, stmt.value, conditional
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
            yield stmt.target.id, stmt.value, conditional
        elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            # `X |= {...}` rebinds X: keeping the first value would be a guess.
            name = stmt.target.id
            combined = ast.BinOp(ast.Name(name, ast.Load()), stmt.op, stmt.value)
            yield name, ast.fix_missing_locations(ast.copy_location(combined, stmt)), conditional
        elif isinstance(stmt, ast.If | ast.For | ast.While):
            yield from _assignments(stmt.body, True)
            yield from _assignments(stmt.orelse, True)
        elif isinstance(stmt, ast.Try | ast.TryStar):
            yield from _assignments(stmt.body, True)
            for handler in stmt.handlers:
                yield from _assignments(handler.body, True)
            yield from _assignments(stmt.orelse, True)
            yield from _assignments(stmt.finalbody, conditional)
        elif isinstance(stmt, ast.With):
            yield from _assignments(stmt.body, conditional)
