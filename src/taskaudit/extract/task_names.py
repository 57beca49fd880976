"""What a ``Celery`` subclass's ``gen_task_name(self, name, module)`` returns, read statically.

``Celery.task``/``shared_task`` name a task without ``name=`` by calling the
app's ``gen_task_name(fun.__name__, fun.__module__)``, and
``register_task`` does the same with a Task class's ``__name__`` and
``__module__``; an explicit name never reaches it (measured on Celery 5.5.3
and 5.6.3). Projects override it to drop the module (``return name``) or to
reshape it. The method is read when its body is straight-line code — local
assignments, then ``return`` — over its two arguments, string literals,
``+``, f-strings, indexing and slicing, and a few pure ``str`` methods; a
``super().gen_task_name(name, module)`` is Celery's own rule. Anything else
(a branch, a lookup, a call into the project) is not readable, and the
autoname of every task of that app is then undecidable.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

# Pure str methods: their result depends only on the string and literal arguments.
STR_METHODS = frozenset({
    "split", "rsplit", "replace", "lower", "upper", "strip", "lstrip", "rstrip",
    "removeprefix", "removesuffix", "partition", "rpartition", "join", "title", "capitalize",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Arg:
    which: str  # "name" | "module"


@dataclass(frozen=True, slots=True)
class Const:
    value: str | int | None


@dataclass(frozen=True, slots=True)
class Concat:
    parts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Items:
    """A list or tuple display: ``".".join([module, name])``."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Method:
    target: Expr
    method: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Index:
    target: Expr
    lower: Expr | None
    upper: Expr | None
    single: bool  # ``x[i]``, not ``x[i:j]``


@dataclass(frozen=True, slots=True)
class CeleryDefault:
    """``super().gen_task_name(name, module)``: module path, a dot, the name."""


Expr = Arg | Const | Concat | Items | Method | Index | CeleryDefault


@dataclass(frozen=True, slots=True)
class NameRule:
    """The override's return value as an expression, or why it cannot be read."""

    expr: Expr | None
    why: str = ""  # when ``expr`` is None


class _Unreadable(Exception):
    pass


def read_name_rule(node: ast.FunctionDef) -> NameRule:
    params = [a.arg for a in node.args.posonlyargs + node.args.args]
    if len(params) != 3:
        return NameRule(None, "its parameters are not (self, name, module)")
    env: dict[str, Expr] = {params[1]: Arg("name"), params[2]: Arg("module")}
    body = node.body
    if body and _is_docstring(body[0]):
        body = body[1:]
    try:
        for stmt in body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target = stmt.targets[0]
                if not isinstance(target, ast.Name):
                    raise _Unreadable("it assigns to something other than a local name")
                env[target.id] = _expr(stmt.value, env)
            elif isinstance(stmt, ast.Return) and stmt.value is not None:
                return NameRule(_expr(stmt.value, env))
            else:
                raise _Unreadable(f"it is not straight-line code (`{type(stmt).__name__.lower()}`)")
    except _Unreadable as exc:
        return NameRule(None, str(exc))
    return NameRule(None, "it returns no value")


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _expr(node: ast.expr, env: dict[str, Expr]) -> Expr:
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    if isinstance(node, ast.Constant):
        value = node.value
        if value is None or (isinstance(value, str | int) and not isinstance(value, bool)):
            return Const(value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return Concat((_expr(node.left, env), _expr(node.right, env)))
    if isinstance(node, ast.JoinedStr):
        return Concat(tuple(_fstring_part(part, env) for part in node.values))
    if isinstance(node, ast.List | ast.Tuple):
        return Items(tuple(_expr(e, env) for e in node.elts))
    if isinstance(node, ast.Subscript):
        return _subscript(node, env)
    if isinstance(node, ast.Call) and not node.keywords:
        return _call(node, env)
    raise _Unreadable(f"it computes the name with `{ast.unparse(node)}`")


def _fstring_part(part: ast.expr, env: dict[str, Expr]) -> Expr:
    if isinstance(part, ast.FormattedValue):
        if part.conversion != -1 or part.format_spec is not None:
            raise _Unreadable("it formats a value with a conversion or a format spec")
        return _expr(part.value, env)
    return _expr(part, env)


def _subscript(node: ast.Subscript, env: dict[str, Expr]) -> Expr:
    target = _expr(node.value, env)
    index = node.slice
    if isinstance(index, ast.Slice):
        if index.step is not None:
            raise _Unreadable("it slices with a step")
        lower = _expr(index.lower, env) if index.lower else None
        upper = _expr(index.upper, env) if index.upper else None
        return Index(target, lower, upper, single=False)
    return Index(target, _int(index), None, single=True)


def _int(node: ast.expr) -> Expr:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = node.operand
        if isinstance(inner, ast.Constant) and type(inner.value) is int:
            return Const(-inner.value)
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return Const(node.value)
    raise _Unreadable("it indexes with a computed value")


def _call(node: ast.Call, env: dict[str, Expr]) -> Expr:
    func = node.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "gen_task_name"
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "super"
    ):
        given = [_expr(a, env) for a in node.args]
        if given == [Arg("name"), Arg("module")]:
            return CeleryDefault()
        raise _Unreadable("it passes other values to Celery's own `gen_task_name`")
    if isinstance(func, ast.Attribute) and func.attr in STR_METHODS:
        args = tuple(_int(a) if _is_int(a) else _expr(a, env) for a in node.args)
        return Method(_expr(func.value, env), func.attr, args)
    raise _Unreadable(f"it calls `{ast.unparse(func)}`")


def _is_int(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int


def evaluate(expr: Expr, name: str, module: str) -> str | None:
    """The name the rule gives ``module.name``; None when it does not produce a string."""
    try:
        value = _value(expr, name, module)
    except (TypeError, ValueError, IndexError, AttributeError):
        return None
    return value if isinstance(value, str) else None


_Value = str | int | None | list["_Value"] | tuple["_Value", ...]


def _value(expr: Expr, name: str, module: str) -> _Value:
    if isinstance(expr, Arg):
        return name if expr.which == "name" else module
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, CeleryDefault):
        return f"{module}.{name}" if module else name
    if isinstance(expr, Items):
        return [_value(p, name, module) for p in expr.parts]
    if isinstance(expr, Concat):
        parts = [_value(p, name, module) for p in expr.parts]
        if not all(isinstance(p, str) for p in parts):
            raise TypeError("not a string")
        return "".join(str(p) for p in parts)
    if isinstance(expr, Index):
        target = _value(expr.target, name, module)
        if not isinstance(target, str | list | tuple):
            raise TypeError("not indexable")
        lower = _value(expr.lower, name, module) if expr.lower else None
        if expr.single:
            if not isinstance(lower, int):
                raise TypeError("not an index")
            return target[lower]
        upper = _value(expr.upper, name, module) if expr.upper else None
        if not isinstance(lower, int | None) or not isinstance(upper, int | None):
            raise TypeError("not a slice")
        return target[lower:upper]
    target = _value(expr.target, name, module)
    if not isinstance(target, str):
        raise TypeError("not a string")
    args = [_value(a, name, module) for a in expr.args]
    result = getattr(str, expr.method)(target, *args)
    return list(result) if isinstance(result, list | tuple) else result
