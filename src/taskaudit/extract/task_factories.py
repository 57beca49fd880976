"""Project-local ways to declare tasks: aliases, wrapper functions and decorator classes.

Projects wrap Celery's decorator to share options or behaviour:

* an alias: ``retrying_task = shared_task(acks_late=True)`` or
  ``functools.partial(shared_task, ...)``;
* a function that returns a Celery decorator, or applies one and returns
  the task, directly or through a local (``task = shared_task(**opts)(run)``
  then ``return task``), also from a nested ``def`` or a nested ``def``
  decorated with ``@shared_task(...)``;
* a class whose ``__call__`` does the same, configured by ``__init__``
  (``@retryable(name="x", max_retries=10)``).

Which options reach Celery is read from the call that builds the task: its
literal keywords are the factory's own options, a keyword whose value is a
factory parameter (or an attribute ``__init__`` set from one) is filled from
the call site, and ``**kwargs`` passed on forwards the call site's other
keywords. A ``**x`` that is neither static nor the call site's leaves the
options partly unknown.

Celery names a task after the function it is given (``fun.__name__`` and
``fun.__module__``; Celery 5.5.3 and 5.6.3, measured): a factory that hands
Celery its own nested function, not copied with ``functools.wraps``,
registers every task under that one function's name (``renamed``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from taskaudit.celery.spellings import LEGACY_TASK, SHARED_TASK
from taskaudit.core.location import Location, location_of
from taskaudit.core.values import Dict, Value
from taskaudit.extract.literal import static_value
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import walk


@dataclass(frozen=True, slots=True)
class TaskFactory:
    """A project-local way to declare tasks."""

    location: Location
    qualname: str
    kind: str  # "alias" | "wrapper" | "class"
    base: str  # the decorator it builds on ("celery.shared_task", "config.celery.app.task")
    options: tuple[tuple[str, Value], ...]  # the options the factory itself passes
    params: tuple[str, ...] = ()  # its parameters by position (a class: ``__init__``'s)
    mapped: tuple[tuple[str, str], ...] = ()  # (parameter, the Celery option it fills)
    defaults: tuple[tuple[str, Value], ...] = ()  # defaults of the mapped parameters
    forwards: bool = True  # the call site's other keywords reach Celery
    opaque: bool = False  # it also passes ``**x`` that nothing here can read
    renamed: str | None = None  # module.function of the nested def Celery is given


def extract_factories(tree: ast.Module, scope: Scope, path: str) -> tuple[TaskFactory, ...]:
    found: list[TaskFactory] = []
    for stmt in tree.body:
        factory: TaskFactory | None = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Name) and isinstance(stmt.value, ast.Call):
                factory = _alias(stmt, target.id, stmt.value, scope, path)
        elif isinstance(stmt, ast.FunctionDef):
            factory = _wrapper(stmt, scope, path)
        elif isinstance(stmt, ast.ClassDef):
            factory = _decorator_class(stmt, scope, path)
        if factory is not None:
            found.append(factory)
    return tuple(found)


def _qualname(scope: Scope, name: str) -> str:
    return f"{scope.module}.{name}" if scope.module else name


def _alias(
    stmt: ast.Assign, name: str, call: ast.Call, scope: Scope, path: str
) -> TaskFactory | None:
    """``shared_task(...)``/``app.task(...)``/``functools.partial(shared_task, ...)``."""
    func = scope.dotted(call.func)
    if func == "functools.partial" and call.args:
        base = scope.dotted(call.args[0])
    elif func is not None and looks_like_task_decorator(func):
        base = func
    else:
        return None
    if base is None:
        return None
    options = tuple((kw.arg, static_value(kw.value, scope)) for kw in call.keywords if kw.arg)
    return TaskFactory(location_of(stmt, path), _qualname(scope, name), "alias", base, options)


def looks_like_task_decorator(func: str) -> bool:
    return func in SHARED_TASK or func in LEGACY_TASK or func.endswith(".task")


@dataclass(frozen=True, slots=True)
class _Signature:
    """What the call site can fill: parameters by position, ``**kwargs``, ``self.x`` aliases."""

    params: tuple[str, ...]
    kwarg: str | None
    attributes: dict[str, str]  # ``self.<attr>`` -> the ``__init__`` parameter it holds
    defaults: dict[str, ast.expr]


def _signature(node: ast.FunctionDef, skip_self: bool) -> _Signature:
    args = node.args
    positional = [a.arg for a in args.posonlyargs + args.args]
    with_defaults = positional[len(positional) - len(args.defaults) :]
    defaults = dict(zip(with_defaults, args.defaults, strict=True))
    defaults |= {
        a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None
    }
    if skip_self:
        positional = positional[1:]
    params = (*positional, *(a.arg for a in args.kwonlyargs))
    kwarg = args.kwarg.arg if args.kwarg else None
    return _Signature(params, kwarg, {}, defaults)


def _wrapper(node: ast.FunctionDef, scope: Scope, path: str) -> TaskFactory | None:
    """A function that returns a task decorator or a task built with one."""
    return _factory(node, node, _signature(node, skip_self=False), "wrapper", scope, path)


def _decorator_class(node: ast.ClassDef, scope: Scope, path: str) -> TaskFactory | None:
    """A class whose ``__call__`` builds the task; ``__init__`` takes the call site's options."""
    methods = {s.name: s for s in node.body if isinstance(s, ast.FunctionDef)}
    call = methods.get("__call__")
    if call is None:
        return None
    init = methods.get("__init__")
    if init is None:
        signature = _Signature((), None, {}, {})
    else:
        signature = _signature(init, skip_self=True)
        holders = {*signature.params, *((signature.kwarg,) if signature.kwarg else ())}
        for stmt in init.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and (attr := _self_attribute(stmt.targets[0])) is not None
                and isinstance(stmt.value, ast.Name)
                and stmt.value.id in holders
            ):
                signature.attributes[attr] = stmt.value.id
    return _factory(node, call, signature, "class", scope, path)


def _self_attribute(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr if node.value.id == "self" else None
    return None


def _factory(
    owner: ast.FunctionDef | ast.ClassDef,
    body: ast.FunctionDef,
    signature: _Signature,
    kind: str,
    scope: Scope,
    path: str,
) -> TaskFactory | None:
    built = _built(body, scope)
    if built is None:
        return None
    base, call, applied = built
    options: list[tuple[str, Value]] = []
    mapped: list[tuple[str, str]] = []
    forwards = opaque = False
    for kw in call.keywords if call is not None else ():
        held = _held(kw.value, signature)
        if kw.arg is not None and held is not None and held != signature.kwarg:
            mapped.append((held, kw.arg))
        elif kw.arg is not None:
            options.append((kw.arg, static_value(kw.value, scope)))
        elif held is not None and held == signature.kwarg:
            forwards = True
        elif isinstance(spread := static_value(kw.value, scope), Dict):
            options.extend((str(k), v) for k, v in spread.items if isinstance(k, str))
        else:
            opaque = True
    defaults = tuple(
        (param, static_value(signature.defaults[param], scope))
        for param, _ in mapped
        if param in signature.defaults
    )
    return TaskFactory(
        location=location_of(owner, path),
        qualname=_qualname(scope, owner.name),
        kind=kind,
        base=base,
        options=tuple(options),
        params=signature.params,
        mapped=tuple(mapped),
        defaults=defaults,
        forwards=forwards,
        opaque=opaque,
        renamed=_renamed(body, applied, scope),
    )


def _held(value: ast.expr, signature: _Signature) -> str | None:
    """The factory parameter an argument expression holds: ``name`` or ``self.name``."""
    if isinstance(value, ast.Name):
        holders = (*signature.params, signature.kwarg)
        return value.id if value.id in holders else None
    attr = _self_attribute(value)
    return signature.attributes.get(attr) if attr is not None else None


# (the Celery decorator, its call when it has arguments, what it is applied to)
_Built = tuple[str, ast.Call | None, ast.expr | None]


def _built(func: ast.FunctionDef, scope: Scope) -> _Built | None:
    """The task-building expression ``func`` returns, directly or through a local name."""
    nodes = walk(func)
    assigned: dict[str, ast.expr] = {}
    decorated: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            if isinstance(node.targets[0], ast.Name):
                assigned.setdefault(node.targets[0].id, node.value)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node is not func:
            decorated.setdefault(node.name, node)
    for node in nodes:
        if not isinstance(node, ast.Return) or node.value is None:
            continue
        value = node.value
        if isinstance(value, ast.Name) and value.id in assigned:
            value = assigned[value.id]
        elif isinstance(value, ast.Name) and value.id in decorated:
            found = _decorated_def(decorated[value.id], scope)
            if found is not None:
                return found
            continue
        found = _celery_expression(value, scope)
        if found is not None:
            return found
    return None


def _celery_expression(value: ast.expr, scope: Scope) -> _Built | None:
    """``shared_task(...)``, ``shared_task(...)(fn)`` or ``shared_task(fn)``."""
    if not isinstance(value, ast.Call):
        return None
    if isinstance(value.func, ast.Call):  # shared_task(**opts)(fn)
        base = scope.dotted(value.func.func)
        if base is None or not looks_like_task_decorator(base):
            return None
        return base, value.func, value.args[0] if value.args else None
    base = scope.dotted(value.func)
    if base is None or not looks_like_task_decorator(base):
        return None
    first = value.args[0] if value.args else None
    if isinstance(first, ast.Name | ast.Attribute | ast.Call) and not value.keywords:
        return base, None, first  # shared_task(fn): applied with no options
    return base, value, None


def _decorated_def(node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> _Built | None:
    """A nested ``def`` decorated with ``@shared_task(...)``, returned by the factory."""
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        base = scope.dotted(call.func if call else decorator)
        if base is not None and looks_like_task_decorator(base):
            return base, call, ast.Name(node.name, ast.Load())
    return None


def _renamed(func: ast.FunctionDef, applied: ast.expr | None, scope: Scope) -> str | None:
    """The nested function Celery is given when it does not carry the decorated one's name."""
    if not isinstance(applied, ast.Name):
        return None
    nested = next(
        (
            node
            for node in walk(func)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node is not func
            and node.name == applied.id
        ),
        None,
    )
    if nested is None or any(_copies_name(d) for d in nested.decorator_list):
        return None
    if any(_updates(node, applied.id) for node in walk(func)):
        return None
    return _qualname(scope, nested.name)


def _copies_name(decorator: ast.expr) -> bool:
    """``@functools.wraps(f)`` (or any ``*wraps`` helper): the wrapper takes ``f``'s name."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return isinstance(name, str) and name.endswith("wraps")


def _updates(node: ast.AST, name: str) -> bool:
    """``functools.update_wrapper(inner, f)`` copies the name too."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    first = node.args[0]
    return called == "update_wrapper" and isinstance(first, ast.Name) and first.id == name
