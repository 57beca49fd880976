"""Which arguments of a dispatch call are ORM model instances.

Celery's user guide ("Tasks" > "State") warns that Django model objects
should not be task arguments: the task gets the row as it was when sent, so
pass the primary key and fetch it again. This module decides, per function
scope, which local names hold a model instance. From Django's "Making
queries": a manager's ``get``/``create``/``first``/``last``/``latest``/
``earliest`` (and their async twins) return one instance,
``get_or_create``/``update_or_create`` an ``(instance, created)`` pair, and
iterating a queryset yields instances; ``get_object_or_404`` returns one, so
does ``request.user``, and inside a model's own methods so does ``self``. A
name also bound to anything else is not trusted to hold one.
"""

from __future__ import annotations

import ast

from taskaudit.extract.dispatch_target import terminal
from taskaudit.extract.scope import Scope

_MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
_GETTERS = frozenset({"get", "create", "first", "last", "latest", "earliest"})
_GETTERS |= {f"a{name}" for name in _GETTERS}
_PAIRS = frozenset({"get_or_create", "update_or_create", "aget_or_create", "aupdate_or_create"})
_NOT_ROWS = frozenset(
    {"values", "values_list", "count", "exists", "aggregate", "dates", "datetimes", "in_bulk"}
    | {"update", "delete", "explain", *_PAIRS}
)
_SHORTCUTS = frozenset({"get_object_or_404", "aget_object_or_404"})
_MODEL_BASES = frozenset({"django.db.models.Model", "django.db.models.base.Model"})
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def instance_text(node: ast.expr, instances: frozenset[str], model_self: str | None) -> str | None:
    """The source text of an argument that is a model instance, else None."""
    if isinstance(node, ast.Name) and (node.id in instances or node.id == model_self):
        return node.id
    return ast.unparse(node) if _is_request_user(node) else None


def is_model_base(base: ast.expr, scope: Scope, models: set[str]) -> bool:
    dotted = scope.dotted(base)
    if dotted is not None and (dotted in _MODEL_BASES or dotted.endswith(".models.Model")):
        return True
    if isinstance(base, ast.Name):
        return base.id in models
    return ast.unparse(base) == "models.Model"


def _is_request_user(node: ast.expr) -> bool:
    if not (isinstance(node, ast.Attribute) and node.attr == "user"):
        return False
    return terminal(node.value) == "request"


def _via_manager(node: ast.expr) -> bool:
    """A queryset chain that starts at a model manager and still yields model rows."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in _NOT_ROWS:
                return False
            if node.attr in _MANAGERS:
                return True
            node = node.value
        else:
            return False


def _manager_call(node: ast.expr, methods: frozenset[str]) -> bool:
    node = node.value if isinstance(node, ast.Await) else node
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    return node.func.attr in methods and _via_manager(node.func.value)


def _is_row(node: ast.expr) -> bool:
    node = node.value if isinstance(node, ast.Await) else node
    if isinstance(node, ast.Subscript):
        first = isinstance(node.slice, ast.Constant) and node.slice.value == 0
        return first and _manager_call(node.value, _PAIRS)
    if _is_request_user(node):
        return True
    if isinstance(node, ast.Call) and terminal(node.func) in _SHORTCUTS:
        return True
    return _manager_call(node, _GETTERS)


def _is_rows(node: ast.expr) -> bool:
    """Iterating this yields model instances (``X.objects.filter(...)``)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    return node.func.attr not in _GETTERS and _via_manager(node.func)


def _names(target: ast.expr) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, ast.Starred):
        return _names(target.value)
    if isinstance(target, ast.Tuple | ast.List):
        return {name for elt in target.elts for name in _names(elt)}
    return set()


def _bind(target: ast.expr, value: ast.expr, rows: set[str], other: set[str]) -> None:
    if isinstance(target, ast.Name):
        (rows if _is_row(value) else other).add(target.id)
        return
    if not isinstance(target, ast.Tuple | ast.List):
        other.update(_names(target))
        return
    pair = _manager_call(value, _PAIRS)
    same = isinstance(value, ast.Tuple | ast.List) and len(value.elts) == len(target.elts)
    for index, elt in enumerate(target.elts):
        if same and isinstance(value, ast.Tuple | ast.List):
            _bind(elt, value.elts[index], rows, other)
        elif pair and index == 0 and isinstance(elt, ast.Name):
            rows.add(elt.id)
        else:
            other.update(_names(elt))


def function_instances(
    node: ast.FunctionDef | ast.AsyncFunctionDef, inherited: frozenset[str], own: list[ast.AST]
) -> frozenset[str]:
    """Names bound only to model instances in this function (closures inherit the outer ones)."""
    rows: set[str] = set()
    arguments = node.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    other = {arg.arg for arg in [*every, arguments.vararg, arguments.kwarg] if arg is not None}
    for inner in own:
        if isinstance(inner, ast.Assign):
            for target in inner.targets:
                _bind(target, inner.value, rows, other)
        elif isinstance(inner, ast.AnnAssign | ast.NamedExpr) and inner.value is not None:
            _bind(inner.target, inner.value, rows, other)
        elif isinstance(inner, ast.AugAssign):
            other.update(_names(inner.target))
        elif isinstance(inner, ast.For | ast.AsyncFor):
            bucket = rows if isinstance(inner.target, ast.Name) and _is_rows(inner.iter) else other
            bucket.update(_names(inner.target))
        elif isinstance(inner, ast.withitem) and inner.optional_vars is not None:
            other.update(_names(inner.optional_vars))
        elif isinstance(inner, ast.ExceptHandler | ast.FunctionDef | ast.AsyncFunctionDef):
            other.update([inner.name] if inner.name else [])
        elif isinstance(inner, ast.ClassDef):
            other.add(inner.name)
        elif isinstance(inner, ast.Import | ast.ImportFrom):
            other.update((a.asname or a.name).split(".")[0] for a in inner.names)
    # A name also bound to something else may not hold the instance at the call.
    return frozenset((inherited - other - rows) | (rows - other))


def comprehension_instances(node: ast.expr, instances: frozenset[str]) -> frozenset[str]:
    result = set(instances)
    generators = node.generators if isinstance(node, COMPREHENSIONS) else []
    for generator in generators:
        result -= _names(generator.target)
        if isinstance(generator.target, ast.Name) and _is_rows(generator.iter):
            result.add(generator.target.id)
    return frozenset(result)
