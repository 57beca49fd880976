"""Where tasks are sent: ``delay``/``apply_async``/signatures/``send_task`` and their context.

Reads Celery's calling API ("Calling Tasks" and "Canvas" in Celery's docs:
``delay``, ``apply_async``, ``s``, ``si``, ``signature``, ``send_task``, and
5.4's ``delay_on_commit``/``apply_async_on_commit``) with the Django
transaction around each call ("Database transactions" in Django's docs:
``transaction.atomic`` as context manager or decorator, ``on_commit``).
Each site says whether it is lexically inside an atomic block, whether it is
deferred until commit, and which arguments are ORM model instances (Celery's
Django guide: pass primary keys, not objects).

A ``def`` nested in ``with atomic():`` is not atomic: its body runs when it
is called, usually after the block ended. A lambda body counts as running
where it is written, unless the lambda is handed to ``on_commit``.
"""

from __future__ import annotations

import ast
from bisect import bisect_left
from dataclasses import dataclass, replace

from taskaudit.celery.spellings import APP_NAMES, CELERY_CLASSES, SIGNATURE_FUNCTIONS
from taskaudit.core.location import Location, location_of
from taskaudit.core.values import Dict, Ref, Unknown, Value
from taskaudit.extract.literal import evaluate
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import children, module_nodes, own_nodes

_DISPATCH = frozenset({"delay", "apply_async", "delay_on_commit", "apply_async_on_commit"})
_DEFERRED_BY_CELERY = frozenset({"delay_on_commit", "apply_async_on_commit"})
_TASK_ARGS = frozenset({"delay", "delay_on_commit", "s", "si"})  # every argument is the task's
_WITH_OPTIONS = frozenset({"apply_async", "apply_async_on_commit", "send_task", "signature", "set"})
_CHAIN = frozenset({"s", "si", "signature", "subtask", "set", "clone"})
_ATOMIC = "django.db.transaction.atomic"
_METHOD_DECORATOR = "django.utils.decorators.method_decorator"
_NOT_A_TASK = (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple, ast.Dict, ast.Set)


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
    lines = _call_lines(tree, scope)
    if not lines:
        return ()
    walker = _Walker(tree, scope, path, lines)
    own = _scope_nodes(tree.body)
    walker.body(tree.body, _Ctx(scope.module, commit_names=_commit_names(own, scope)))
    return tuple(sorted(walker.sites, key=lambda site: (site.location, site.method)))


_CALLED = _DISPATCH | _WITH_OPTIONS | _CHAIN | {"send_task", "on_commit"}
_SIGNATURE_LEAVES = frozenset(name.rpartition(".")[2] for name in SIGNATURE_FUNCTIONS)


def _call_lines(tree: ast.Module, scope: Scope) -> list[int]:
    """Sorted lines of every call that could send a task or defer one to commit.

    Most modules have none; in the others the walk only enters the statements
    whose lines hold one (``_Walker.holds``), since walking every node of a
    large module for two calls dominated extraction time.
    """
    lines: set[int] = set()
    for node in module_nodes(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in _CALLED or name in _SIGNATURE_LEAVES:
                lines.add(node.lineno)
            elif isinstance(func, ast.Name) and scope.dotted(func) in SIGNATURE_FUNCTIONS:
                lines.add(node.lineno)  # ``from celery import signature as sig``
    return sorted(lines)


class _Walker:
    def __init__(self, tree: ast.Module, scope: Scope, path: str, lines: list[int]) -> None:
        self.scope, self.path, self.lines = scope, path, lines
        self.sites: list[DispatchSite] = []
        self.models: set[str] = set()
        self.apps = {
            target.id
            for stmt in tree.body
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)
            if scope.dotted(stmt.value.func) in CELERY_CLASSES
            for target in stmt.targets
            if isinstance(target, ast.Name)
        }

    def body(self, statements: list[ast.stmt], ctx: _Ctx) -> None:
        for statement in statements:
            if self.holds(statement):
                self.node(statement, ctx)

    def holds(self, node: ast.stmt) -> bool:
        """Whether a statement can matter: it spans a candidate call, or may declare a model.

        Every class is entered, since a model class declared here makes its
        subclasses models too (``_is_model_base``); its statements are filtered.
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
            if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
                ctx = replace(ctx, instances=_comprehension_instances(node, ctx.instances))
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
            instances=_function_instances(node, inherited, own),
            model_self=model_self,
            commit_names=_commit_names(own, self.scope),
        )
        self.body(node.body, inner)

    def klass(self, node: ast.ClassDef, ctx: _Ctx) -> None:
        for outer in [*node.decorator_list, *node.bases, *node.keywords]:
            self.node(outer, ctx)
        is_model = any(_is_model_base(base, self.scope, self.models) for base in node.bases)
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
            return (evaluate(using, self.scope) if using is not None else None,)
        return (None,) if bare and self.scope.dotted(node) == _ATOMIC else ()

    def call(self, node: ast.Call, ctx: _Ctx) -> None:
        if _terminal(node.func) == "on_commit":
            self.on_commit(node, ctx)
            return
        found = self.classify(node)
        if found is None:
            for child in children(node):
                self.node(child, ctx)
            return
        self.record(node, *found, ctx)

    def classify(self, node: ast.Call) -> tuple[str, ast.expr | None] | None:
        """The dispatch method and the receiver to unchain (None: a by-name dispatch)."""
        func = node.func
        if isinstance(func, ast.Attribute):
            method, receiver = func.attr, func.value
            is_task = not isinstance(receiver, _NOT_A_TASK)
            if method in _DISPATCH or (method in ("s", "si") and is_task):
                return method, receiver
            if method == "signature":
                return (method, None) if self.by_name(node) else (method, receiver)
            if method == "send_task" and self.app_like(receiver):
                return method, None
        if self.scope.dotted(func) in SIGNATURE_FUNCTIONS:
            return "signature", None
        return None

    def by_name(self, node: ast.Call) -> bool:
        func = node.func
        if self.scope.dotted(func) in SIGNATURE_FUNCTIONS:
            return True
        if not (isinstance(func, ast.Attribute) and func.attr == "signature"):
            return False
        first = node.args[0] if node.args else None
        named = isinstance(first, ast.Constant) and isinstance(first.value, str)
        return named or self.app_like(func.value)

    def app_like(self, node: ast.expr) -> bool:
        leaf = _terminal(node)
        if leaf is None:
            return False
        dotted = self.scope.dotted(node)
        return (
            leaf in APP_NAMES or leaf in self.apps or bool(dotted and dotted.startswith("celery."))
        )

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
        if isinstance(target, ast.Attribute) and target.attr in _DISPATCH:
            bound = ast.copy_location(ast.Call(func=target, args=args, keywords=keywords), target)
            self.record(bound, target.attr, target.value, later)
        else:
            self.node(callee, later)

    def record(self, node: ast.Call, method: str, receiver: ast.expr | None, ctx: _Ctx) -> None:
        calls, base = [node], receiver
        while isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute):
            if base.func.attr not in _CHAIN or (
                base.func.attr == "signature" and self.by_name(base)
            ):
                break
            calls.insert(0, base)
            base = base.func.value
        named = receiver is None or (isinstance(base, ast.Call) and self.by_name(base))
        if named and receiver is not None and isinstance(base, ast.Call):
            calls.insert(0, base)
        kind = method if receiver is None else "signature"
        target, target_name = self.target(calls[0], kind) if named else (self.dotted(base), None)
        queue: Value | None = None
        instances: list[str] = []
        for index, call in enumerate(calls):
            step = method if call is node else _method(call)
            if step in _WITH_OPTIONS:
                queue = _queue(call, step, self.scope, queue)
            is_name_call = named and index == 0
            for arg in _argument_nodes(call, step, skip_name=is_name_call):
                text = self.instance(arg, ctx)
                if text is not None and text not in instances:
                    instances.append(text)
            for child in [*call.args, *(kw.value for kw in call.keywords)]:
                self.node(child, ctx)
        if not named and base is not None:
            self.node(base, ctx)
        self.sites.append(
            DispatchSite(
                location=location_of(node, self.path),
                method=method,
                target=target,
                target_name=target_name,
                queue=queue,
                in_atomic=bool(ctx.atomic),
                atomic_using=ctx.atomic[-1] if ctx.atomic else None,
                deferred=ctx.deferred or method in _DEFERRED_BY_CELERY,
                function=ctx.function,
                instance_args=tuple(instances),
            )
        )

    def dotted(self, node: ast.expr | None) -> str | None:
        return self.scope.dotted(node) if isinstance(node, ast.Name | ast.Attribute) else None

    def target(self, call: ast.Call, method: str) -> tuple[str | None, str | Unknown | None]:
        keys = ("name",) if method == "send_task" else ("varies", "task")
        given = call.args[0] if call.args else None
        given = given or next((kw.value for kw in call.keywords if kw.arg in keys), None)
        if given is None:
            return None, Unknown("no task name given")
        if isinstance(given, ast.Attribute) and given.attr == "name" and self.dotted(given.value):
            return self.dotted(given.value), Unknown("the name attribute of a task object")
        value = evaluate(given, self.scope)
        if isinstance(value, str | Unknown):
            return None, value
        if isinstance(value, Ref) and method == "signature":
            return value.qualname, None
        return None, Unknown(f"task name computed from {type(given).__name__.lower()}")

    def instance(self, node: ast.expr, ctx: _Ctx) -> str | None:
        if isinstance(node, ast.Name) and (node.id in ctx.instances or node.id == ctx.model_self):
            return node.id
        return ast.unparse(node) if _is_request_user(node) else None


def _method(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else "signature"


def _queue(call: ast.Call, step: str, scope: Scope, current: Value | None) -> Value | None:
    """Options merge inner to outer (``Signature.apply_async`` lets call options win).

    Only a signature takes an ``options=`` dict; elsewhere that keyword is just
    another (ignored) option named "options".
    """
    for kw in call.keywords:
        if kw.arg == "queue":
            return evaluate(kw.value, scope)
    for kw in call.keywords:
        if kw.arg == "options" and step == "signature":
            options = evaluate(kw.value, scope)
            if not isinstance(options, Dict):
                return Unknown("options computed at run time")
            if "queue" in options:
                return options.get("queue")
        elif kw.arg is None:
            return Unknown("options unpacked with **")
    return current


# ORM model instances (Django's "Making queries": managers return model
# instances from get/create/first/last/latest/earliest and their async twins;
# get_or_create/update_or_create return an (instance, created) pair).

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
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _terminal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def _scope_nodes(body: list[ast.stmt]) -> list[ast.AST]:
    """One scope's nodes: a comprehension binds its own names, so it is not entered either."""
    return list(own_nodes(body, into_functions=False, into_comprehensions=False))


def _commit_names(own: list[ast.AST], scope: Scope) -> frozenset[str]:
    """Nested functions handed to ``on_commit`` by name, among one scope's nodes."""
    names: set[str] = set()
    for node in own:
        if not (isinstance(node, ast.Call) and _terminal(node.func) == "on_commit"):
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


def _is_model_base(base: ast.expr, scope: Scope, models: set[str]) -> bool:
    dotted = scope.dotted(base)
    if dotted is not None and (dotted in _MODEL_BASES or dotted.endswith(".models.Model")):
        return True
    if isinstance(base, ast.Name):
        return base.id in models
    return ast.unparse(base) == "models.Model"


def _is_request_user(node: ast.expr) -> bool:
    if not (isinstance(node, ast.Attribute) and node.attr == "user"):
        return False
    return _terminal(node.value) == "request"


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
    if isinstance(node, ast.Call) and _terminal(node.func) in _SHORTCUTS:
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


def _function_instances(
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


def _comprehension_instances(node: ast.expr, instances: frozenset[str]) -> frozenset[str]:
    result = set(instances)
    generators = node.generators if isinstance(node, _COMPREHENSIONS) else []
    for generator in generators:
        result -= _names(generator.target)
        if isinstance(generator.target, ast.Name) and _is_rows(generator.iter):
            result.add(generator.target.id)
    return frozenset(result)


def _argument_nodes(call: ast.Call, step: str, *, skip_name: bool) -> list[ast.expr]:
    """The expressions a dispatch call passes to the task as its arguments."""
    positional = [arg for arg in call.args if not isinstance(arg, ast.Starred)]
    if step in _TASK_ARGS:
        return [*positional, *(kw.value for kw in call.keywords if kw.arg)]
    if step in ("apply_async", "apply_async_on_commit"):
        containers = positional[:2]
    elif step == "send_task" or (step == "signature" and skip_name):
        containers = positional[1:3]
    elif step == "signature":
        containers = positional[:2]
    else:
        return []
    containers += [kw.value for kw in call.keywords if kw.arg in ("args", "kwargs")]
    found: list[ast.expr] = []
    for container in containers:
        if isinstance(container, ast.Tuple | ast.List):
            found.extend(elt for elt in container.elts if not isinstance(elt, ast.Starred))
        elif isinstance(container, ast.Dict):
            found.extend(container.values)
        elif isinstance(container, ast.Call) and _terminal(container.func) == "dict":
            found.extend(kw.value for kw in container.keywords if kw.arg)
    return found
