"""Manual retries inside a task body: ``self.retry(...)`` and ``<task>.retry(...)``.

``Task.retry(args=None, kwargs=None, exc=None, throw=True, eta=None,
countdown=None, max_retries=None, **options)`` re-sends the task (Celery user
guide, "Retrying"; ``celery/app/task.py``). It needs the task object: the bound
``self`` of a ``bind=True`` task, or the module-level task itself. Calls
through ``self`` are recorded even when the task is not bound, so that
TA305 can say so.

Two Celery semantics shape the facts. ``max_retries=None`` on the *call*
means "use the task's own ``max_retries``", not "forever" (``Task.retry``:
``max_retries = self.max_retries if max_retries is None``), and
``countdown=None`` means ``default_retry_delay``: both are recorded as
``None``, exactly as when absent. Backoff on a manual retry exists only if
the countdown is computed from the retry count (``2 ** self.request.retries``);
``retry_backoff`` applies to ``autoretry_for`` alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown, Value
from taskaudit.extract.body_names import BodyNamer
from taskaudit.extract.literal import static_value
from taskaudit.extract.walk import walk

_RETRY_PARAMETERS = ("args", "kwargs", "exc", "throw", "eta", "countdown", "max_retries")
# Receivers that have a ``.retry`` of their own and are never a Celery task.
_RETRY_LIBRARIES = frozenset({"tenacity", "retrying", "backoff", "urllib3", "requests", "stamina"})
_UNPACKED = Unknown("retry options unpacked")


@dataclass(frozen=True, slots=True)
class RetryCall:
    location: Location
    via: str  # receiver text: "self", "task", "pull_invoices"
    countdown: Value | None  # None when absent (or None): Celery then uses default_retry_delay
    eta: bool
    backoff_expression: bool  # countdown computed from the retry count
    max_retries: Value | None  # None when absent (or None): Celery then uses the task's own


def retry_via(call: ast.Call, selves: frozenset[str], names: BodyNamer) -> str | None:
    """The receiver of a task retry call, or None when ``call`` is not one."""
    func = call.func
    if not (
        isinstance(func, ast.Attribute)
        and func.attr == "retry"
        and isinstance(func.value, ast.Name)
    ):
        return None
    receiver = func.value.id
    if receiver in selves:
        return receiver
    if receiver in names.local:
        return None
    target = names.scope.imports.get(receiver)
    if target is not None:
        # `import tenacity` binds a module; `from apps.sync.tasks import pull` a task.
        plain_module = target == receiver
        return None if plain_module or target.split(".")[0] in _RETRY_LIBRARIES else receiver
    return receiver if receiver in names.scope.definitions else None


def retry_call(
    call: ast.Call, via: str, location: Location, names: BodyNamer, derived: frozenset[str]
) -> RetryCall:
    given: dict[str, ast.expr] = {}
    for index, arg in enumerate(call.args[: len(_RETRY_PARAMETERS)]):
        if isinstance(arg, ast.Starred):
            break
        given[_RETRY_PARAMETERS[index]] = arg
    given.update((kw.arg, kw.value) for kw in call.keywords if kw.arg is not None)
    unpacked = any(kw.arg is None for kw in call.keywords) or any(
        isinstance(arg, ast.Starred) for arg in call.args
    )

    def value(name: str) -> Value | None:
        if name in given:
            return body_value(given[name], names)
        return _UNPACKED if unpacked else None

    countdown = given.get("countdown")
    return RetryCall(
        location=location,
        via=via,
        countdown=value("countdown"),
        eta=_given(given.get("eta")),
        backoff_expression=countdown is not None and mentions_retries(countdown, derived),
        max_retries=value("max_retries"),
    )


def body_value(node: ast.expr, names: BodyNamer) -> Value:
    """``static_value`` inside a function: a local name is never the module constant it shadows."""
    local = sorted({n.id for n in walk(node) if isinstance(n, ast.Name) and n.id in names.local})
    if local:
        return Unknown(f"local name {local[0]!r}")
    return static_value(node, names.scope)


def _given(node: ast.expr | None) -> bool:
    return node is not None and not (isinstance(node, ast.Constant) and node.value is None)


def mentions_retries(node: ast.expr, derived: frozenset[str]) -> bool:
    """Whether ``node`` reads the retry count (``request.retries``) or a name derived from it."""
    for sub in walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr == "retries":
            return True
        if isinstance(sub, ast.Name) and (sub.id == "retries" or sub.id in derived):
            return True
    return False


def retry_derived(nodes: Iterable[ast.AST]) -> frozenset[str]:
    """Local names computed from the retry count: ``delay = 2 ** self.request.retries``."""
    bindings: list[tuple[str, ast.expr]] = []
    for node in nodes:
        if isinstance(node, ast.Assign):
            bindings += [(t.id, node.value) for t in node.targets if isinstance(t, ast.Name)]
        elif (
            isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr)
            and isinstance(node.target, ast.Name)
            and node.value is not None
        ):
            bindings.append((node.target.id, node.value))
    derived: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, value in bindings:
            if name not in derived and mentions_retries(value, frozenset(derived)):
                derived.add(name)
                changed = True
    return frozenset(derived)
