"""ORM inserts that a re-run does not repeat: the insert is guarded where it is written.

Django's ``bulk_create(..., ignore_conflicts=True)`` (or ``update_conflicts=True``)
skips (or updates) the rows a unique constraint already holds ("QuerySet API
reference"), so a second run inserts nothing new. A create that only runs
when a check on the *same* model found no row is the hand-written
``get_or_create``: ``if not X.objects.filter(...).exists(): X.objects.create(...)``,
``row = X.objects.filter(...).first()`` / ``if row is None: X.objects.create(...)``
(or the ``else:`` of a positive check), and ``try: X.objects.get(...)`` /
``except X.DoesNotExist: X.objects.create(...)``. Each guard covers the one
insert it protects (``Guard.covers``), not the rest of the task: a check on
another model, or ``ignore_conflicts=False``, guards nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Sequence

from taskaudit.core.location import location_of
from taskaudit.extract.body_effects import CallSite
from taskaudit.extract.body_guards import Guard
from taskaudit.extract.body_handlers import caught_names
from taskaudit.extract.body_names import BodyNamer
from taskaudit.extract.walk import walk

_MANAGER = ".objects."
_CREATES = ("create", "acreate", "bulk_create", "abulk_create")
_BULK = ("bulk_create", "abulk_create")
_CONFLICT_FLAGS = ("ignore_conflicts", "update_conflicts")
# Queryset ends whose truth says a row is there (``.count()`` is 0 when none is).
_PRESENCE = ("exists", "aexists", "first", "afirst", "last", "alast", "count", "acount")
_GETS = ("get", "aget")


def insert_guards(
    nodes: Sequence[ast.AST],
    sites: Iterable[tuple[ast.Call, CallSite]],
    names: BodyNamer,
    path: str,
) -> Iterator[Guard]:
    """One guard per insert the code makes idempotent, each covering that insert."""
    for call, site in sites:
        _, method = _manager_call(site.name)
        if method in _BULK and any(_true_keyword(call, flag) for flag in _CONFLICT_FLAGS):
            yield Guard(site.location, "ignore-conflicts", site.name, covers=site.location)
    held = _rows_held(nodes, names)
    for node in nodes:
        if isinstance(node, ast.If):
            presence = _presence(node.test, names, held)
            if presence is not None:
                model, present = presence
                guarded = node.orelse if present else node.body
                yield from _creates(guarded, model, node, "check-then-create", names, path)
        elif isinstance(node, ast.Try | ast.TryStar):
            reads = [_manager(c, names) for c in _calls(node.body)]
            got = {m for m, verb in reads if m is not None and verb in _GETS}
            for handler in node.handlers:
                caught = caught_names(handler.type, names)
                for model in sorted(got):
                    if any(_means_absent(name, model) for name in caught):
                        yield from _creates(
                            handler.body, model, handler, "get-then-create", names, path
                        )


def _creates(
    block: Sequence[ast.stmt],
    model: str,
    at: ast.stmt | ast.ExceptHandler,
    kind: str,
    names: BodyNamer,
    path: str,
) -> Iterator[Guard]:
    for call in _calls(block):
        created, verb = _manager(call, names)
        if created == model and verb in _CREATES:
            yield Guard(location_of(at, path), kind, model, covers=location_of(call, path))


def _calls(block: Sequence[ast.stmt]) -> Iterator[ast.Call]:
    for stmt in block:
        yield from (n for n in walk(stmt) if isinstance(n, ast.Call))


def _manager_call(name: str) -> tuple[str | None, str | None]:
    """``app.models.X.objects.filter().exists`` -> (``app.models.X``, ``exists``)."""
    if _MANAGER not in name:
        return None, None
    model, _, rest = name.partition(_MANAGER)
    return model, rest.rpartition(".")[2]


def _manager(call: ast.Call, names: BodyNamer) -> tuple[str | None, str | None]:
    return _manager_call(names.callee(call))


def _presence(test: ast.expr, names: BodyNamer, held: dict[str, str]) -> tuple[str, bool] | None:
    """(model, whether the test is true when the row is there), for a check on one model."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _presence(test.operand, names, held)
        return (inner[0], not inner[1]) if inner else None
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        right = test.comparators[0]
        if isinstance(right, ast.Constant) and right.value is None:
            inner = _presence(test.left, names, held)
            if inner is None:
                return None
            is_none = isinstance(test.ops[0], ast.Is | ast.Eq)
            if not is_none and not isinstance(test.ops[0], ast.IsNot | ast.NotEq):
                return None
            return inner[0], inner[1] != is_none
        return None
    if isinstance(test, ast.Name) and test.id in held:
        return held[test.id], True
    if isinstance(test, ast.Await):
        test = test.value
    if isinstance(test, ast.Call):
        model, verb = _manager(test, names)
        if model is not None and verb in _PRESENCE:
            return model, True
    return None


def _rows_held(nodes: Sequence[ast.AST], names: BodyNamer) -> dict[str, str]:
    """``row = X.objects.filter(...).first()``: the local name and the model it checks."""
    held: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            value = value.value if isinstance(value, ast.Await) else value
            if isinstance(target, ast.Name) and isinstance(value, ast.Call):
                model, verb = _manager(value, names)
                if model is not None and verb in _PRESENCE:
                    held[target.id] = model
    return held


def _means_absent(caught: str, model: str) -> bool:
    """``X.DoesNotExist`` for the model read, or Django's catch-all ``ObjectDoesNotExist``."""
    last = caught.rpartition(".")[2]
    if caught == f"{model}.DoesNotExist" or last == "ObjectDoesNotExist":
        return True
    return caught == "?.DoesNotExist"  # `model.DoesNotExist` on a local: the get says which


def _true_keyword(call: ast.Call, name: str) -> bool:
    return any(
        kw.arg == name and isinstance(kw.value, ast.Constant) and kw.value.value is True
        for kw in call.keywords
    )
