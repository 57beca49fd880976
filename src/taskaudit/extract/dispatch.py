"""Where tasks are sent: ``delay``/``apply_async``/signatures/``send_task`` and their context.

Reads Celery's calling API ("Calling Tasks" and "Canvas" in Celery's docs:
``delay``, ``apply_async``, ``s``, ``si``, ``signature``, ``send_task``, and
5.4's ``delay_on_commit``/``apply_async_on_commit``) with the Django
transaction around each call ("Database transactions" in Django's docs:
``transaction.atomic`` as context manager or decorator, ``on_commit``).
Each site says whether it is lexically inside an atomic block, whether it is
deferred until commit, and which arguments are ORM model instances.

This module walks the code and keeps the context; which task a call sends
and with which options is ``dispatch_target``'s, and which names hold model
instances is ``dispatch_instances``'s.

A ``def`` nested in ``with atomic():`` is not atomic: its body runs when it
is called, usually after the block ended. A lambda body counts as running
where it is written, unless the lambda is handed to ``on_commit``.
"""

from __future__ import annotations

import ast
from bisect import bisect_left
from dataclasses import dataclass, replace

from taskaudit.core.location import Location, location_of
from taskaudit.core.values import Unknown, Value
from taskaudit.extract.dispatch_instances import (
    COMPREHENSIONS,
    comprehension_instances,
    function_instances,
    instance_text,
    is_model_base,
)
from taskaudit.extract.dispatch_target import (
    DEFERRED_BY_CELERY,
    DISPATCH,
    Targets,
    argument_nodes,
    candidate_lines,
    module_apps,
    terminal,
)
from taskaudit.extract.literal import static_value
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import children, own_nodes

_ATOMIC = "django.db.transaction.atomic"
_METHOD_DECORATOR = "django.utils.decorators.method_decorator"


@dataclass(frozen=True, slots=True)
class DispatchSite:
    location: Location  # the call
    # delay | apply_async | delay_on_commit | apply_async_on_commit | send_task | signature | s | si
    method: str
    target: str | None  # dotted path of the task object dispatched, when resolvable
    target_name: str | Unknown | None  # the literal task name of a by-name dispatch
    queue: Value | None  # call-site ``queue=``; None when absent
    in_atomic: bool
    atomic_using: Value | None  # ``using=`` of the innermost atomic block
    deferred: bool  # runs on commit: on_commit callable or *_on_commit
    function: str | None  # qualified name of the enclosing def
    instance_args: tuple[str, ...]  # argument source texts that are ORM model instances


@dataclass(frozen=True, slots=True)
class _Ctx:
    prefix: str
    function: str | None = None
    atomic: tuple[Value, ...] = ()  # ``using=`` of each enclosing atomic, innermost last
    deferred: bool = False
    instances: frozenset[str] = frozenset()
    model_self: str | None = None
    in_model: bool = False
    commit_names: frozenset[str] = frozenset()  # nested defs handed to on_commit by name


def extract_dispatch(tree: ast.Module, scope: Scope, path: str) -> tuple[DispatchSite, ...]:
    lines = candidate_lines(tree, scope)
    if not lines:
        return ()
    walker = _Walker(tree, scope, path, lines)
    own = _scope_nodes(tree.body)
    walker.body(tree.body, _Ctx(scope.module, commit_names=_commit_names(own, scope)))
    return tuple(sorted(walker.sites, key=lambda site: (site.location, site.method)))


class _Walker:
    def __init__(self, tree: ast.Module, scope: Scope, path: str, lines: list[int]) -> None:
        self.scope, self.path, self.lines = scope, path, lines
        self.targets = Targets(scope, module_apps(tree, scope))
        self.sites: list[DispatchSite] = []
        self.models: set[str] = set()

    def body(self, statements: list[ast.stmt], ctx: _Ctx) -> None:
        for statement in statements:
            if self.holds(statement):
                self.node(statement, ctx)

    def holds(self, node: ast.stmt) -> bool:
        """Whether a statement can matter: it spans a candidate call, or may declare a model.

        Every class is entered, since a model class declared here makes its
        subclasses models too (``is_model_base``); its statements are filtered.
        """
        if isinstance(node, ast.ClassDef):
            return True
        start = node.lineno
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.decorator_list:
            start = min(start, *(d.lineno for d in node.decorator_list))
        at = bisect_left(self.lines, start)
        return at < len(self.lines) and self.lines[at] <= (node.end_lineno or node.lineno)

    def node(self, node: ast.AST, ctx: _Ctx) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self.function(node, ctx)
        elif isinstance(node, ast.ClassDef):
            self.klass(node, ctx)
        elif isinstance(node, ast.With | ast.AsyncWith):
            usings = list(ctx.atomic)
            for item in node.items:
                self.node(item.context_expr, ctx)
                usings.extend(self.atomic(item.context_expr, bare=False))
            self.body(node.body, replace(ctx, atomic=tuple(usings)))
        elif isinstance(node, ast.If) and _is_type_checking(node.test, self.scope):
            self.body(node.orelse, ctx)
        elif isinstance(node, ast.Call):
            self.call(node, ctx)
        else:
            if isinstance(node, COMPREHENSIONS):
                ctx = replace(ctx, instances=comprehension_instances(node, ctx.instances))
            for child in children(node):
                if not isinstance(child, ast.stmt) or self.holds(child):
                    self.node(child, ctx)

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: _Ctx) -> None:
        for outer in [*node.decorator_list, node.args]:
            self.node(outer, ctx)
        name = f"{ctx.prefix}.{node.name}" if ctx.prefix else node.name
        params = [arg.arg for arg in [*node.args.posonlyargs, *node.args.args]]
        plain = not any(
            self.scope.dotted(d) in ("staticmethod", "classmethod") for d in node.decorator_list
        )
        model_self = params[0] if ctx.in_model and params and plain else ctx.model_self
        if not (ctx.in_model and plain) and model_self in params:
            model_self = None
        inherited = ctx.instances if ctx.function else frozenset()
        own = _scope_nodes(node.body)
        inner = _Ctx(
            prefix=name,
            function=name,
            atomic=tuple(u for d in node.decorator_list for u in self.atomic(d, bare=True)),
            deferred=ctx.deferred or node.name in ctx.commit_names,
            instances=function_instances(node, inherited, own),
            model_self=model_self,
            commit_names=_commit_names(own, self.scope),
        )
        self.body(node.body, inner)

    def klass(self, node: ast.ClassDef, ctx: _Ctx) -> None:
        for outer in [*node.decorator_list, *node.bases, *node.keywords]:
            self.node(outer, ctx)
        is_model = any(is_model_base(base, self.scope, self.models) for base in node.bases)
        if is_model:
            self.models.add(node.name)
        name = f"{ctx.prefix}.{node.name}" if ctx.prefix else node.name
        inner = replace(ctx, prefix=name, in_model=is_model, model_self=None)
        commit_names = _commit_names(_scope_nodes(node.body), self.scope)
        self.body(node.body, replace(inner, commit_names=commit_names))

    def atomic(self, node: ast.expr, *, bare: bool) -> tuple[Value, ...]:
        """``(using,)`` when ``node`` opens an atomic block (decorators may omit the call)."""
        if isinstance(node, ast.Call):
            func = self.scope.dotted(node.func)
            if func == _METHOD_DECORATOR and node.args:
                return self.atomic(node.args[0], bare=True)
            if func != _ATOMIC:
                return ()
            using = next((kw.value for kw in node.keywords if kw.arg == "using"), None)
            if using is None and node.args:
                using = node.args[0]
            return (static_value(using, self.scope) if using is not None else None,)
        return (None,) if bare and self.scope.dotted(node) == _ATOMIC else ()

    def call(self, node: ast.Call, ctx: _Ctx) -> None:
        if terminal(node.func) == "on_commit":
            self.on_commit(node, ctx)
            return
        found = self.targets.classify(node)
        if found is None:
            for child in children(node):
                self.node(child, ctx)
            return
        self.record(node, *found, ctx)

    def on_commit(self, node: ast.Call, ctx: _Ctx) -> None:
        self.node(node.func, ctx)
        callee = node.args[0] if node.args else None
        for kw in node.keywords:
            if kw.arg == "func" and callee is None:
                callee = kw.value
            else:
                self.node(kw.value, ctx)
        for rest in node.args[1:]:
            self.node(rest, ctx)
        later = replace(ctx, deferred=True)
        if callee is None:
            return
        target, args, keywords = callee, list[ast.expr](), list[ast.keyword]()
        partial = (
            isinstance(callee, ast.Call) and self.scope.dotted(callee.func) == "functools.partial"
        )
        if isinstance(callee, ast.Call) and partial and callee.args:
            target, args, keywords = callee.args[0], callee.args[1:], callee.keywords
        if isinstance(target, ast.Attribute) and target.attr in DISPATCH:
            bound = ast.copy_location(ast.Call(func=target, args=args, keywords=keywords), target)
            self.record(bound, target.attr, target.value, later)
        else:
            self.node(callee, later)

    def record(self, node: ast.Call, method: str, receiver: ast.expr | None, ctx: _Ctx) -> None:
        sent = self.targets.resolve(node, method, receiver)
        instances: list[str] = []
        for index, (call, step) in enumerate(sent.calls):
            is_name_call = sent.named and index == 0
            for arg in argument_nodes(call, step, skip_name=is_name_call):
                text = instance_text(arg, ctx.instances, ctx.model_self)
                if text is not None and text not in instances:
                    instances.append(text)
            for child in [*call.args, *(kw.value for kw in call.keywords)]:
                self.node(child, ctx)
        if not sent.named and sent.base is not None:
            self.node(sent.base, ctx)
        self.sites.append(
            DispatchSite(
                location=location_of(node, self.path),
                method=method,
                target=sent.target,
                target_name=sent.target_name,
                queue=sent.queue,
                in_atomic=bool(ctx.atomic),
                atomic_using=ctx.atomic[-1] if ctx.atomic else None,
                deferred=ctx.deferred or method in DEFERRED_BY_CELERY,
                function=ctx.function,
                instance_args=tuple(instances),
            )
        )


def _scope_nodes(body: list[ast.stmt]) -> list[ast.AST]:
    """One scope's nodes: a comprehension binds its own names, so it is not entered either."""
    return list(own_nodes(body, into_functions=False, into_comprehensions=False))


def _commit_names(own: list[ast.AST], scope: Scope) -> frozenset[str]:
    """Nested functions handed to ``on_commit`` by name, among one scope's nodes."""
    names: set[str] = set()
    for node in own:
        if not (isinstance(node, ast.Call) and terminal(node.func) == "on_commit"):
            continue
        callee = node.args[0] if node.args else None
        callee = callee or next((kw.value for kw in node.keywords if kw.arg == "func"), None)
        if isinstance(callee, ast.Call) and scope.dotted(callee.func) == "functools.partial":
            callee = callee.args[0] if callee.args else None
        if isinstance(callee, ast.Name):
            names.add(callee.id)
    return frozenset(names)


def _is_type_checking(test: ast.expr, scope: Scope) -> bool:
    if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
        return True
    return scope.dotted(test) in ("typing.TYPE_CHECKING", "typing_extensions.TYPE_CHECKING")
