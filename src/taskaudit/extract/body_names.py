"""Naming the calls a task body makes, so that rules can match them by pattern.

A callee is written the way it resolves: through the module's imports
(``requests.post``, ``apps.billing.models.Invoice.objects.create``), through a
local name bound from a constructor in the same function
(``client = httpx.Client()`` then ``client.post`` is ``httpx.Client.post``;
``with requests.Session() as s`` likewise), else as written
(``self.client.post``). Arguments are dropped from chained calls
(``Invoice.objects.filter(...).update`` is ``<...>.objects.filter().update``).
Names bound by ``import`` inside the function are the module scope's business:
``Scope`` already collects imports at any depth.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from taskaudit.extract.body_walk import Function
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import own_nodes

# Lower-case functions that build a client object, and the type they build.
# Anything called with a capitalised leaf (``httpx.Client()``) is a constructor already.
FACTORIES: Mapping[str, str] = {
    "requests.session": "requests.Session",
    "requests.sessions.session": "requests.Session",
    "boto3.client": "boto3.client",
    "boto3.resource": "boto3.resource",
    "redis.from_url": "redis.Redis",
    "django_redis.get_redis_connection": "redis.Redis",
}
_NAMED_BINDERS = (
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
    ast.ExceptHandler, ast.MatchAs, ast.MatchStar,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BodyNamer:
    scope: Scope
    local: frozenset[str] = frozenset()
    types: Mapping[str, str] = field(default_factory=dict)  # local name -> constructed type

    def callee(self, call: ast.Call) -> str:
        return self.expr(call.func)

    def expr(self, node: ast.expr) -> str:
        if isinstance(node, ast.Name):
            if node.id in self.local:
                return self.types.get(node.id, node.id)
            return self.scope.imports.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            return f"{self.expr(node.value)}.{node.attr}"
        if isinstance(node, ast.Call):
            built = self.constructed(node)
            return built if built is not None else f"{self.expr(node.func)}()"
        if isinstance(node, ast.Subscript):
            return f"{self.expr(node.value)}[]"
        if isinstance(node, ast.Await):
            return self.expr(node.value)
        return "?"

    def constructed(self, call: ast.Call) -> str | None:
        """The type ``call`` builds: a class reached through a non-local name, or a factory."""
        root = call.func
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name) or root.id in self.local:
            return None
        dotted = self.expr(call.func)
        if dotted in FACTORIES:
            return FACTORIES[dotted]
        return dotted if dotted.rpartition(".")[2][:1].isupper() else None


def build_namer(func: Function, scope: Scope) -> BodyNamer:
    nodes = list(own_nodes(func.body, into_functions=True))
    local = frozenset(_parameters(func.args)) | frozenset(
        name for node in nodes for name in _bound_by(node)
    )
    probe = BodyNamer(scope, local)
    typed: dict[ast.expr, str] = {}
    for target, value in _constructor_bindings(nodes):
        built = probe.constructed(value)
        if built is not None:
            typed[target] = built
    kinds: dict[str, set[str]] = {}
    for node in nodes:
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            kinds.setdefault(node.id, set()).add(typed.get(node, ""))
    for name in _parameters(func.args):
        kinds.setdefault(name, set()).add("")
    # A name rebound to different things has no single type: keep it as written.
    types = {name: next(iter(k)) for name, k in kinds.items() if len(k) == 1 and "" not in k}
    return BodyNamer(scope, local, types)


def _parameters(args: ast.arguments) -> Iterator[str]:
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
        if arg is not None:
            yield arg.arg


def _bound_by(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        yield node.id
    elif isinstance(node, ast.arg):
        yield node.arg
    elif isinstance(node, ast.MatchMapping) and node.rest:
        yield node.rest
    elif isinstance(node, _NAMED_BINDERS) and node.name:
        yield node.name


def _constructor_bindings(nodes: list[ast.AST]) -> Iterator[tuple[ast.expr, ast.Call]]:
    """``x = Ctor()``, ``x: T = Ctor()``, ``(x := Ctor())`` and ``with Ctor() as x``."""
    for node in nodes:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    yield target, node.value
        elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and isinstance(node.value, ast.Call):
            if isinstance(node.target, ast.Name):
                yield node.target, node.value
        elif (
            isinstance(node, ast.withitem)
            and isinstance(node.context_expr, ast.Call)
            and isinstance(node.optional_vars, ast.Name)
        ):
            yield node.optional_vars, node.context_expr
