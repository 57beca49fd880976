"""Module functions a task hands its work to, summarised for ``taskaudit.link.helpers``.

Task bodies delegate. A bound task passes ``self`` to a function that calls
``<param>.retry(...)`` (``Task.retry`` needs the task object, Celery user
guide "Retrying", and whoever holds it can call it); or it takes a row lock
or a lock through a small project function (a queryset built with
``select_for_update()``, Django docs "QuerySet API reference"; a Django cache
``add`` or a redis ``SET NX``). Each module-level ``def`` of a file is
summarised once, in the file that defines it, so that linking can follow a
task's call into it across modules:

- ``retries``: ``<param>.retry(...)`` calls made on one of its parameters;
- ``guard``: its first lock-like call (``select_for_update``, ``cache.add``,
  ``.lock``, ``*Lock(...)``, ``.acquire()``, ``.set(..., nx=True)``: the
  lock kinds of ``body_guards.GUARD_PATTERNS``), wherever it sits in it;
- ``exists``: it returns an ``.exists()`` check;
- ``forwards``: the functions a *small* helper calls, for one level more.

Bounded on purpose, to keep extraction cheap: only functions whose text
mentions a retry, a lock, ``select_for_update``, ``add(``, ``nx=`` or
``exists(`` are summarised (a helper chain whose first link mentions none of
them is not followed); methods are not summarised; forwards are kept only for functions
of at most ``SMALL`` statements, at most ``MAX_FORWARDS`` of them. Helpers
that carry a lock are small, and a large function reached through a chain of
calls is not a guard anybody relies on.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from taskaudit.core.location import location_of
from taskaudit.extract.body_guards import lock_guard
from taskaudit.extract.body_names import BodyNamer, build_namer
from taskaudit.extract.body_retry import RetryCall, retry_call, retry_derived
from taskaudit.extract.body_walk import Function, body_statements, statements
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import own_nodes, walk

SMALL = 12
MAX_FORWARDS = 8
_LOCK_LEAVES = frozenset({"select_for_update", "add", "aadd", "lock", "acquire", "set", "Redlock"})
# Plain substrings of the lower-cased text: one C-level scan each, cheaper than a regex.
_WORDS = ("retry", "lock", "select_for_update", "add(", "nx", "exists(")


@dataclass(frozen=True, slots=True)
class Forward:
    """A call a small helper makes: ``callee`` and where its own parameters go."""

    callee: str  # dotted through the module's imports
    # (index of the helper's parameter, position or keyword it is passed at)
    passes: tuple[tuple[int, int | str], ...]


@dataclass(frozen=True, slots=True)
class Helper:
    name: str  # the function's name in its module
    params: tuple[str, ...]  # positional parameters, in order
    retries: tuple[tuple[int, RetryCall], ...]  # (index of the parameter retried, the call)
    guard: tuple[str, str] | None  # (kind, call) of its first lock-like call
    exists: bool  # returns an `.exists()` check
    forwards: tuple[Forward, ...] = ()


def extract_helpers(tree: ast.Module, text: str, scope: Scope, path: str) -> tuple[Helper, ...]:
    low = text.lower()
    if not _worth(low):
        return ()
    lines = low.split("\n")
    found = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        # The words first: walking every function of a module costs more than reading it.
        source = "\n".join(lines[node.lineno - 1 : node.end_lineno or node.lineno])
        helper = _summary(node, scope, path) if _worth(source) else None
        if helper is not None:
            found.append(helper)
    return tuple(found)


def _worth(low: str) -> bool:
    return any(word in low for word in _WORDS)


def _summary(func: Function, scope: Scope, path: str) -> Helper | None:
    args = func.args
    params = tuple(a.arg for a in (*args.posonlyargs, *args.args))
    index = {name: i for i, name in enumerate(params)}
    index.update({a.arg: -1 for a in args.kwonlyargs if a.arg not in index})
    own = body_statements(func)
    nodes = list(own_nodes(own, into_functions=False))
    calls = [node for node in nodes if isinstance(node, ast.Call)]
    names: BodyNamer | None = None  # built only for a call that may retry or lock
    retries: list[tuple[int, RetryCall]] = []
    guard: tuple[str, str] | None = None
    for call in calls:
        receiver = _retried(call)
        if receiver is not None and index.get(receiver, -1) >= 0:
            names = names or build_namer(func, scope)
            made = retry_call(call, receiver, location_of(call, path), names, retry_derived(nodes))
            retries.append((index[receiver], made))
        if guard is None and _may_lock(call.func):
            names = names or build_namer(func, scope)
            name = names.callee(call)
            kind = lock_guard(call, name)
            guard = (kind, name) if kind is not None else None
    exists = any(
        isinstance(node, ast.Return) and node.value is not None and _checks_exists(node.value)
        for node in nodes
    )
    forwards: tuple[Forward, ...] = ()
    if sum(1 for _ in statements(own)) <= SMALL:
        forwards = tuple(_forwards(calls, index, scope))[:MAX_FORWARDS]
    if not (retries or guard or exists or forwards):
        return None
    return Helper(func.name, params, tuple(retries), guard, exists, forwards)


def _may_lock(func: ast.expr) -> bool:
    """A cheap first look: only these leaves can name a lock-like call (``lock_guard``)."""
    leaf = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return leaf in _LOCK_LEAVES or leaf.endswith("Lock")


def _retried(call: ast.Call) -> str | None:
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "retry"
        and isinstance(func.value, ast.Name)
    ):
        return func.value.id
    return None


def _checks_exists(node: ast.expr) -> bool:
    return any(
        isinstance(sub, ast.Call)
        and isinstance(sub.func, ast.Attribute)
        and sub.func.attr in ("exists", "aexists")
        for sub in walk(node)
    )


def _forwards(calls: list[ast.Call], index: dict[str, int], scope: Scope) -> Iterator[Forward]:
    for call in calls:
        callee = callee_name(call.func, scope, frozenset(index))
        if callee is None:
            continue
        passes: list[tuple[int, int | str]] = [
            (index[arg.id], position)
            for position, arg in enumerate(call.args)
            if isinstance(arg, ast.Name) and index.get(arg.id, -1) >= 0
        ]
        passes += [
            (index[kw.value.id], kw.arg)
            for kw in call.keywords
            if kw.arg and isinstance(kw.value, ast.Name) and index.get(kw.value.id, -1) >= 0
        ]
        yield Forward(callee, tuple(passes))


def callee_name(func: ast.expr, scope: Scope, local: frozenset[str]) -> str | None:
    """The dotted path of a function a call may reach in the project, or None.

    ``helper(...)`` (imported or defined in the module) and ``module.helper(...)``
    through an imported name, resolved by ``Scope.dotted``; never a name the
    function binds itself, a builtin or a method of a module-level object.
    """
    head = func
    while isinstance(head, ast.Attribute):
        head = head.value
    if not isinstance(head, ast.Name) or head.id in local:
        return None
    if head.id in scope.imports or (head is func and head.id in scope.definitions):
        return scope.dotted(func)
    return None  # a builtin, or an attribute of a module-level object
