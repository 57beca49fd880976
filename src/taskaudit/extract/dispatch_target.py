"""Which task one dispatch call sends, by object or by name, and its call options.

Reads Celery's calling API ("Calling Tasks": ``delay``, ``apply_async`` and
5.4's ``delay_on_commit``/``apply_async_on_commit``; "Canvas": ``s``, ``si``,
``signature`` and the ``set``/``clone`` steps chained onto a signature) and
the by-name forms (``app.send_task(name)``, ``app.signature(name)``,
``celery.signature(name)``). A chain such as
``pull.s(1).set(queue="q").apply_async()`` is unchained down to the task
object or to the call that names the task; the options of its steps merge
inner to outer, since ``Signature.apply_async`` lets call options win.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from taskaudit.celery.spellings import APP_NAMES, CELERY_CLASSES, SIGNATURE_FUNCTIONS
from taskaudit.core.values import Dict, Ref, Unknown, Value
from taskaudit.extract.literal import static_value
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import nodes_of

DISPATCH = frozenset({"delay", "apply_async", "delay_on_commit", "apply_async_on_commit"})
DEFERRED_BY_CELERY = frozenset({"delay_on_commit", "apply_async_on_commit"})
_TASK_ARGS = frozenset({"delay", "delay_on_commit", "s", "si"})  # every argument is the task's
_WITH_OPTIONS = frozenset({"apply_async", "apply_async_on_commit", "send_task", "signature", "set"})
_CHAIN = frozenset({"s", "si", "signature", "subtask", "set", "clone"})
# Call names worth a look: a method above, or a signature function under any import name.
_CALLED = DISPATCH | _WITH_OPTIONS | _CHAIN | {"send_task", "on_commit"}
_SIGNATURE_LEAVES = frozenset(name.rpartition(".")[2] for name in SIGNATURE_FUNCTIONS)
_NOT_A_TASK = (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple, ast.Dict, ast.Set)


@dataclass(frozen=True, slots=True)
class Sent:
    """What one dispatch call sends: its chain of calls and the task they name."""

    calls: tuple[tuple[ast.Call, str], ...]  # the chain, innermost first, with each step's method
    named: bool  # by name: the chain's first call gives the task's name
    base: ast.expr | None  # the task object of a dispatch by object
    target: str | None
    target_name: str | Unknown | None
    queue: Value | None


@dataclass(frozen=True, slots=True)
class Targets:
    """Reads the dispatch calls of one module; ``apps`` are its names bound to ``Celery()``."""

    scope: Scope
    apps: frozenset[str]

    def classify(self, node: ast.Call) -> tuple[str, ast.expr | None] | None:
        """The dispatch method and the receiver to unchain (None: a by-name dispatch)."""
        func = node.func
        if isinstance(func, ast.Attribute):
            method, receiver = func.attr, func.value
            is_task = not isinstance(receiver, _NOT_A_TASK)
            if method in DISPATCH or (method in ("s", "si") and is_task):
                return method, receiver
            if method == "signature":
                return (method, None) if self.by_name(node) else (method, receiver)
            if method == "send_task" and self.app_like(receiver):
                return method, None
        if self.scope.dotted(func) in SIGNATURE_FUNCTIONS:
            return "signature", None
        return None

    def resolve(self, node: ast.Call, method: str, receiver: ast.expr | None) -> Sent:
        """Unchain ``node`` (a classified call) to the task it sends and its options."""
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
        target, target_name = self._target(calls[0], kind) if named else (self._dotted(base), None)
        steps = tuple((call, method if call is node else _method(call)) for call in calls)
        queue: Value | None = None
        for call, step in steps:
            if step in _WITH_OPTIONS:
                queue = _queue(call, step, self.scope, queue)
        return Sent(steps, named, base, target, target_name, queue)

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
        leaf = terminal(node)
        if leaf is None:
            return False
        if leaf in APP_NAMES or leaf in self.apps:
            return True
        dotted = self.scope.dotted(node)
        return bool(dotted and dotted.startswith("celery."))

    def _dotted(self, node: ast.expr | None) -> str | None:
        return self.scope.dotted(node) if isinstance(node, ast.Name | ast.Attribute) else None

    def _target(self, call: ast.Call, method: str) -> tuple[str | None, str | Unknown | None]:
        keys = ("name",) if method == "send_task" else ("varies", "task")
        given = call.args[0] if call.args else None
        given = given or next((kw.value for kw in call.keywords if kw.arg in keys), None)
        if given is None:
            return None, Unknown("no task name given")
        if isinstance(given, ast.Attribute) and given.attr == "name" and self._dotted(given.value):
            return self._dotted(given.value), Unknown("the name attribute of a task object")
        value = static_value(given, self.scope)
        if isinstance(value, str | Unknown):
            return None, value
        if isinstance(value, Ref) and method == "signature":
            return value.qualname, None
        return None, Unknown(f"task name computed from {type(given).__name__.lower()}")


def candidate_lines(tree: ast.Module, scope: Scope) -> list[int]:
    """Sorted lines of every call that could send a task or defer one to commit.

    Most modules have none; in the others the walk only enters the statements
    whose lines hold one (``dispatch._Walker.holds``), since walking every node of a
    large module for two calls dominated extraction time.
    """
    lines: set[int] = set()
    for node in nodes_of(tree, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in _CALLED or name in _SIGNATURE_LEAVES:
            lines.add(node.lineno)
        elif isinstance(func, ast.Name) and scope.dotted(func) in SIGNATURE_FUNCTIONS:
            lines.add(node.lineno)  # ``from celery import signature as sig``
    return sorted(lines)


def module_apps(tree: ast.Module, scope: Scope) -> frozenset[str]:
    """Module-level names bound to ``Celery(...)``: their ``send_task`` sends by name."""
    return frozenset(
        target.id
        for stmt in tree.body
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)
        if scope.dotted(stmt.value.func) in CELERY_CLASSES
        for target in stmt.targets
        if isinstance(target, ast.Name)
    )


def terminal(node: ast.expr) -> str | None:
    """The last name of ``a.b.c`` (or of a bare ``a``)."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def argument_nodes(call: ast.Call, step: str, *, skip_name: bool) -> list[ast.expr]:
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
        elif isinstance(container, ast.Call) and terminal(container.func) == "dict":
            found.extend(kw.value for kw in container.keywords if kw.arg)
    return found


def _method(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else "signature"


def _queue(call: ast.Call, step: str, scope: Scope, current: Value | None) -> Value | None:
    """Options merge inner to outer (``Signature.apply_async`` lets call options win).

    Only a signature takes an ``options=`` dict; elsewhere that keyword is just
    another (ignored) option named "options".
    """
    for kw in call.keywords:
        if kw.arg == "queue":
            return static_value(kw.value, scope)
    for kw in call.keywords:
        if kw.arg == "options" and step == "signature":
            options = static_value(kw.value, scope)
            if not isinstance(options, Dict):
                return Unknown("options computed at run time")
            if "queue" in options:
                return options.get("queue")
        elif kw.arg is None:
            return Unknown("options unpacked with **")
    return current
