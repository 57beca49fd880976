"""What a task's body does: failure handling, retries, side effects, guards, size.

Reads the function a Celery task declaration wraps (``@shared_task``,
``@app.task``, a ``Task`` subclass's ``run``: Celery user guide, "Tasks").
Each concern lives in its own module: ``body_handlers`` (``except`` clauses,
TA401-TA403), ``body_retry`` (``self.retry``, TA302/TA303/TA305),
``body_effects`` and ``body_guards`` (idempotency, TA501/TA502), with
``body_names`` naming callees and ``body_walk`` deciding what code is the
task's own. Nothing here runs or imports the scanned code.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from taskaudit.core.location import Location, location_of
from taskaudit.extract.body_calls import HelperCall, helper_calls
from taskaudit.extract.body_effects import CallSite, SideEffect, side_effect_kind
from taskaudit.extract.body_guards import Guard, find_guards, sort_guards
from taskaudit.extract.body_handlers import Handler, classify_handler
from taskaudit.extract.body_inserts import insert_guards
from taskaudit.extract.body_names import build_namer
from taskaudit.extract.body_retry import RetryCall, retry_call, retry_derived, retry_via
from taskaudit.extract.body_unbound import unbound_after
from taskaudit.extract.body_walk import Function, body_statements, statements
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import own_nodes, walk

__all__ = [
    "BodyFacts",
    "CallSite",
    "Guard",
    "Handler",
    "HelperCall",
    "RetryCall",
    "SideEffect",
    "analyze_body",
]


@dataclass(frozen=True, slots=True)
class BodyFacts:
    handlers: tuple[Handler, ...]
    retry_calls: tuple[RetryCall, ...]
    calls: tuple[CallSite, ...]  # every call, in source order
    side_effects: tuple[SideEffect, ...]
    guards: tuple[Guard, ...]
    statements: int  # own statements, docstring excluded, a nested def or class counting 1
    first_line: int  # the `def` line
    last_line: int  # the function's last line, for comment markers inside its span
    # Reads its own backoff options through the first parameter (``self.retry_backoff``)
    # or hands that parameter to another function, which may: meaningful when bound.
    backoff_read: bool = False
    # Calls linking follows into the project's functions (``body_calls``): the ones
    # handing the task on, and the ones placed where a lock they take would guard.
    helper_calls: tuple[HelperCall, ...] = ()


def analyze_body(func: Function, scope: Scope, path: str, *, self_name: str | None) -> BodyFacts:
    """Facts about ``func``'s body; ``self_name`` is the bound-task parameter, if known."""
    names = build_namer(func, scope)
    params = [*func.args.posonlyargs, *func.args.args]
    # `self.retry` in an unbound task is still recorded, so that TA305 can flag it.
    selves = frozenset(n for n in (self_name, params[0].arg if params else None, "self") if n)
    own = body_statements(func)
    # Closures and lambdas run on the task's behalf (`on_commit(lambda: ...)`): follow them.
    nodes = list(own_nodes(own, into_functions=True))
    call_nodes = sorted(
        (node for node in nodes if isinstance(node, ast.Call)),
        key=lambda node: (node.lineno, node.col_offset),
    )
    sites = [(call, CallSite(location_of(call, path), names.callee(call))) for call in call_nodes]

    side_effects = []
    effect_calls: list[tuple[ast.Call, Location]] = []
    for call, site in sites:
        kind = side_effect_kind(call, site.name, names)
        if kind is not None:
            side_effects.append(SideEffect(site.location, kind, site.name))
            effect_calls.append((call, site.location))

    derived = retry_derived(nodes)
    shadowed = _shadowed_retries(nodes)
    retries = []
    for call, site in sites:
        via = retry_via(call, selves, names)
        if via is not None and id(call) not in shadowed:
            retries.append(retry_call(call, via, site.location, names, derived))

    def is_retry(call: ast.Call) -> bool:
        return retry_via(call, selves, names) is not None

    # An `except` inside a nested def or lambda is that function's, not the task's.
    own_handlers = [
        node for node in own_nodes(own, into_functions=False) if isinstance(node, ast.ExceptHandler)
    ]
    in_cleanup = _cleanup_handlers(own_handlers, own)
    arguments = (*params, *func.args.kwonlyargs, func.args.vararg, func.args.kwarg)
    unbound = (
        unbound_after(own, (a.arg for a in arguments if a is not None)) if own_handlers else {}
    )
    handlers = sorted(
        (
            dataclasses.replace(
                classify_handler(node, location_of(node, path), names, is_retry),
                cleanup=id(node) in in_cleanup,
                falls_through_unbound=unbound.get(id(node), ()),
            )
            for node in own_handlers
        ),
        key=lambda handler: handler.location,
    )
    # An insert written to be idempotent is not a side effect a re-run repeats.
    inserts = list(insert_guards(nodes, sites, names, path))
    covered = {guard.covers for guard in inserts}
    return BodyFacts(
        handlers=tuple(handlers),
        retry_calls=tuple(retries),
        calls=tuple(site for _, site in sites),
        side_effects=tuple(s for s in side_effects if s.location not in covered),
        guards=sort_guards((*find_guards(func, nodes, sites, handlers, names, path), *inserts)),
        statements=sum(1 for _ in statements(own)),
        first_line=func.lineno,
        last_line=func.end_lineno or func.lineno,
        backoff_read=_backoff_read(nodes, call_nodes, params[0].arg if params else None, is_retry),
        helper_calls=helper_calls(
            own,
            [call for call in call_nodes if not is_retry(call)],
            effect_calls,
            scope,
            names.local,
            _task_param(self_name, params),
            path,
        ),
    )


def _task_param(self_name: str | None, params: list[ast.arg]) -> str | None:
    """The parameter holding the bound task: known from ``bind=True``, else named ``self``.

    A factory alias can bind the task where extraction cannot see it; linking
    checks ``Task.bound`` before it follows a call handing the task on.
    """
    if self_name is not None:
        return self_name
    return "self" if params and params[0].arg == "self" else None


_BACKOFF_ATTRIBUTES = frozenset({"retry_backoff", "retry_backoff_max", "retry_jitter"})


def _backoff_read(
    nodes: list[ast.AST],
    calls: list[ast.Call],
    first: str | None,
    is_retry: Callable[[ast.Call], bool],
) -> bool:
    """``self.retry_backoff`` read, or ``self`` passed on (``handle_retry(self, ...)``).

    Either way the backoff options may pace a manual retry, as a helper that
    computes ``countdown = task.retry_backoff * 2 ** task.request.retries`` does.
    """
    if first is None:
        return False
    for node in nodes:
        if (
            isinstance(node, ast.Attribute)
            and node.attr in _BACKOFF_ATTRIBUTES
            and isinstance(node.value, ast.Name)
            and node.value.id == first
        ):
            return True
    return any(
        isinstance(argument, ast.Name) and argument.id == first
        for call in calls
        if not is_retry(call)
        for argument in (*call.args, *(keyword.value for keyword in call.keywords))
    )


def _cleanup_handlers(handlers: list[ast.ExceptHandler], own: list[ast.stmt]) -> frozenset[int]:
    """Handlers nested in a ``finally:`` block or in an outer ``except`` body."""
    if not handlers:
        return frozenset()
    nested: set[int] = set()
    for node in own_nodes(own, into_functions=False):
        if isinstance(node, ast.Try | ast.TryStar):
            blocks = [*node.finalbody, *(stmt for h in node.handlers for stmt in h.body)]
            nested.update(
                id(inner)
                for block in blocks
                for inner in walk(block)
                if isinstance(inner, ast.ExceptHandler)
            )
    return frozenset(nested)


def _shadowed_retries(nodes: list[ast.AST]) -> frozenset[int]:
    """``x.retry()`` calls in a nested function whose own parameter is ``x``: not the task's."""
    shadowed: set[int] = set()
    for node in nodes:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        args = node.args
        params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
        for inner in walk(node):
            func = inner.func if isinstance(inner, ast.Call) else None
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "retry"
                and isinstance(func.value, ast.Name)
                and func.value.id in params
            ):
                shadowed.add(id(inner))
    return frozenset(shadowed)
