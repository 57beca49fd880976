"""Task declarations as written: decorators, factories and ``Task`` classes.

Celery registers a task through ``@shared_task``, ``@<app>.task`` (any
``Celery`` instance, imported or local), the legacy ``celery.task``
decorator, a class deriving from ``celery.Task`` (registered with
``app.register_task`` or used as another task's ``base=``), and — in real
projects — through project-local factories (``taskaudit.extract.task_factories``).

Decorators stack. Python applies them bottom-up: the ones below Celery's
wrap the function Celery registers (and run inside the task), the ones above
wrap the registered task object and leave the registration alone (measured
on Celery 5.5.3 and 5.6.3: ``@audit`` over ``@app.task`` still registers the
task, under the function's own name). So every decorator of a function is
recorded, in source order, and the linker decides which one is Celery's.

Which decorator is a Celery one is only partly knowable per file (is this
``app`` a ``Celery`` instance? is this helper a factory defined elsewhere?),
so this module records *candidates* with their resolved decorator paths and
the linker decides with the whole project in view. A decorator that
resolves to a known non-Celery library (invoke, fabric, luigi...) cannot be
Celery's and is kept only as a name in the candidate's ``stack``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from taskaudit.core.location import Location, location_of
from taskaudit.core.values import Dict, Value
from taskaudit.extract.body import BodyFacts, analyze_body
from taskaudit.extract.literal import static_value
from taskaudit.extract.scope import Scope
from taskaudit.extract.task_factories import TaskFactory, extract_factories
from taskaudit.extract.task_names import NameRule, read_name_rule
from taskaudit.extract.walk import nodes_of

__all__ = [
    "Decoration",
    "Registration",
    "TaskCandidate",
    "TaskClass",
    "TaskFactory",
    "extract_tasks",
]

# Decorators that can never declare a Celery task; dropping them early keeps facts small.
# Packages match by their whole top-level name (``functools.wraps``, never ``functools_x``),
# builtins only exactly (``property``, never ``property_app.celery.app.task``).
_NOT_CELERY_PACKAGES = frozenset({
    "invoke", "fabric", "luigi", "django", "functools", "typing", "pytest", "abc",
    "contextlib", "dataclasses", "rest_framework",
})  # fmt: skip
_NOT_CELERY_BUILTINS = frozenset({"property", "staticmethod", "classmethod"})


@dataclass(frozen=True, slots=True)
class Decoration:
    """How a function is declared a task: the resolved decorator and its arguments."""

    decorator: (
        str  # "celery.shared_task", "config.celery.app.task", "apps.core.tasks.retrying_task"
    )
    args: tuple[Value, ...]
    options: tuple[tuple[str, Value], ...]  # keyword arguments, in source order
    kwargs_unpacked: bool  # a ``**opts`` argument: options are partly unknown
    called: bool = True  # ``@x(...)``, not a bare ``@x``
    position: int = 0  # index in the function's decorator list, top first


@dataclass(frozen=True, slots=True)
class TaskCandidate:
    location: Location  # the ``def`` line
    function: str
    qualname: str  # module.function
    decorations: tuple[Decoration, ...]  # the decorators that may be Celery's, top first
    first_param: str | None
    body: BodyFacts
    decorator_line: int  # first decorator's line: markers above it belong to the task
    # The module-level if/try arms around the declaration, outermost first
    # ("if:12:then", "try:30:except"): declarations in different arms of one
    # statement never both run, so they cannot both register a name.
    branch: tuple[str, ...] = ()
    # Every decorator's dotted path, top first ("?" for one that is not a plain name).
    stack: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskClass:
    """A class that may derive from ``celery.Task``; the linker follows the bases.

    Every module-level class is one, since whether it is a Task (or a Celery
    app class) depends on bases the linker resolves; ``name_rule`` is what a
    ``gen_task_name`` method returns, for a ``Celery`` subclass.
    """

    location: Location
    qualname: str
    bases: tuple[str, ...]
    attributes: tuple[tuple[str, Value], ...]  # class-level options: name, max_retries...
    run: BodyFacts | None
    name_rule: NameRule | None = None


@dataclass(frozen=True, slots=True)
class Registration:
    """``app.register_task(Cls())`` or ``app.tasks.register(Cls())``."""

    location: Location
    receiver: str
    cls: str


def extract_tasks(
    tree: ast.Module, scope: Scope, path: str
) -> tuple[
    tuple[TaskCandidate, ...],
    tuple[TaskFactory, ...],
    tuple[TaskClass, ...],
    tuple[Registration, ...],
]:
    candidates: list[TaskCandidate] = []
    classes: list[TaskClass] = []
    for node, owner, branch in _definitions(tree.body, prefix=scope.module):
        if isinstance(node, ast.ClassDef):
            classes.append(_task_class(node, scope, path, owner))
            continue
        decorations = tuple(
            found
            for position, decorator in enumerate(node.decorator_list)
            if (found := _decoration(decorator, scope, position)) is not None
        )
        if decorations:
            candidates.append(_candidate(node, decorations, scope, path, owner, branch))
    factories = extract_factories(tree, scope, path)
    registrations = _registrations(tree, scope, path)
    return tuple(candidates), factories, tuple(classes), registrations


_Definition = tuple[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, str, tuple[str, ...]]


def _definitions(
    body: list[ast.stmt], prefix: str, branch: tuple[str, ...] = ()
) -> list[_Definition]:
    """Module-level defs and classes, also inside module-level if/try blocks, with their arms."""
    found: list[_Definition] = []
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.append((stmt, f"{prefix}.{stmt.name}" if prefix else stmt.name, branch))
        elif isinstance(stmt, ast.If):
            for arm, nested in (("then", stmt.body), ("else", stmt.orelse)):
                found.extend(_definitions(nested, prefix, (*branch, f"if:{stmt.lineno}:{arm}")))
        elif isinstance(stmt, ast.Try | ast.TryStar):
            handlers = [s for h in stmt.handlers for s in h.body]
            # `else` runs after the `try` body succeeded: both are one arm.
            arms = (("try", [*stmt.body, *stmt.orelse]), ("except", handlers))
            for arm, nested in (*arms, ("finally", stmt.finalbody)):
                found.extend(_definitions(nested, prefix, (*branch, f"try:{stmt.lineno}:{arm}")))
    return found


def _decoration(node: ast.expr, scope: Scope, position: int) -> Decoration | None:
    call = node if isinstance(node, ast.Call) else None
    target = call.func if call else node
    resolved = scope.dotted(target)
    if resolved is None or _never_celery(resolved):
        return None
    if call is None:
        return Decoration(resolved, (), (), False, called=False, position=position)
    options: list[tuple[str, Value]] = []
    unpacked = False
    for kw in call.keywords:
        if kw.arg is not None:
            options.append((kw.arg, static_value(kw.value, scope)))
            continue
        # `@shared_task(**_LIMITS, **_RETRY)`: module-level option dicts shared by
        # several tasks are static; their keys are the task's options.
        spread = static_value(kw.value, scope)
        if isinstance(spread, Dict) and all(isinstance(k, str) for k, _ in spread.items):
            options.extend((str(k), v) for k, v in spread.items)
        else:
            unpacked = True
    return Decoration(
        decorator=resolved,
        args=tuple(static_value(arg, scope) for arg in call.args),
        options=tuple(options),
        kwargs_unpacked=unpacked,
        position=position,
    )


def _never_celery(decorator: str) -> bool:
    """A builtin decorator, or one from a package that declares no Celery task."""
    package, dot, _ = decorator.partition(".")
    return decorator in _NOT_CELERY_BUILTINS or (bool(dot) and package in _NOT_CELERY_PACKAGES)


def _candidate(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    decorations: tuple[Decoration, ...],
    scope: Scope,
    path: str,
    qualname: str,
    branch: tuple[str, ...],
) -> TaskCandidate:
    params = node.args.posonlyargs + node.args.args
    first = params[0].arg if params else None
    # Only a Celery decorator's `bind=True` binds; which one is Celery's is the
    # linker's call, so any of them binding makes the first parameter `self`.
    bound = any(dict(d.options).get("bind") is True for d in decorations)
    return TaskCandidate(
        location=location_of(node, path),
        function=node.name,
        qualname=qualname,
        decorations=decorations,
        first_param=first,
        body=analyze_body(node, scope, path, self_name=first if bound else None),
        decorator_line=node.decorator_list[0].lineno,
        branch=branch,
        stack=tuple(_stack_name(d, scope) for d in node.decorator_list),
    )


def _stack_name(node: ast.expr, scope: Scope) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return scope.dotted(target) or "?"


def _task_class(node: ast.ClassDef, scope: Scope, path: str, qualname: str) -> TaskClass:
    bases = tuple(b for b in (scope.dotted(base) for base in node.bases) if b is not None)
    attributes: list[tuple[str, Value]] = []
    run: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    name_rule: NameRule | None = None
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Name):
                attributes.append((target.id, static_value(stmt.value, scope)))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
            attributes.append((stmt.target.id, static_value(stmt.value, scope)))
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == "run":
            run = stmt
        elif isinstance(stmt, ast.FunctionDef) and stmt.name == "gen_task_name":
            name_rule = read_name_rule(stmt)
    first = None
    if run is not None:
        params = run.args.posonlyargs + run.args.args
        first = params[0].arg if params else None
    return TaskClass(
        location=location_of(node, path),
        qualname=qualname,
        bases=bases,
        attributes=tuple(attributes),
        run=analyze_body(run, scope, path, self_name=first) if run is not None else None,
        name_rule=name_rule,
    )


def _registrations(tree: ast.Module, scope: Scope, path: str) -> tuple[Registration, ...]:
    found: list[Registration] = []
    for node in nodes_of(tree, ast.Call):
        if not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr not in ("register_task", "register") or not node.args:
            continue
        arg = node.args[0]
        cls_node = arg.func if isinstance(arg, ast.Call) else arg
        cls = scope.dotted(cls_node)
        receiver = scope.dotted(node.func.value)
        if cls is not None and receiver is not None:
            found.append(Registration(location_of(node, path), receiver, cls))
    return tuple(found)
