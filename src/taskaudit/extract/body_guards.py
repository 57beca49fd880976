"""What makes re-running a task body safe: the idempotency guards TA501 accepts.

Recognised: Django's ``get_or_create``/``update_or_create`` and
``select_for_update`` (Django docs, "QuerySet API reference"); a lock (Django
cache ``add``, which only sets a missing key; redis-py ``Redis.lock``;
``SET ... NX``; any ``*Lock(...)``/``.acquire()``); an idempotency key passed
to the remote side (Stripe's ``idempotency_key=``, an ``Idempotency-Key``
header, a variable or parameter of that name); an existence check that returns
early (``if X.objects.filter(...).exists(): return``) or on a "done" flag
(``if invoice.sent_at: return``, ``if job.status == "done": return``); and an
``except IntegrityError`` that handles a unique-constraint violation. Guards
of one insert (``ignore_conflicts``, check-then-create) live in
``body_inserts`` and say which insert they cover.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from taskaudit.core.location import Location, location_of
from taskaudit.extract.body_effects import CallSite
from taskaudit.extract.body_handlers import Handler
from taskaudit.extract.body_names import BodyNamer
from taskaudit.extract.body_walk import Function
from taskaudit.extract.globs import first_match
from taskaudit.extract.walk import walk

# (glob over CallSite.name, kind); the first match wins.
GUARD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("*.get_or_create", "get_or_create"), ("*.aget_or_create", "get_or_create"),
    ("*.update_or_create", "update_or_create"), ("*.aupdate_or_create", "update_or_create"),
    ("*.select_for_update", "select_for_update"),
    ("*cache.add", "lock"), ("*caches*.add", "lock"), ("*cache.aadd", "lock"),
    ("*.lock", "lock"), ("*Lock", "lock"), ("*Redlock", "lock"), ("*.acquire", "lock"),
)  # fmt: skip
UNIQUE_VIOLATIONS = frozenset({"IntegrityError", "UniqueViolation"})
# Words that, in a flag's or a status's name, say the work already happened.
DONE_WORDS = frozenset({
    "done", "sent", "processed", "completed", "complete", "finished", "synced",
    "paid", "charged", "delivered", "notified", "exported", "imported", "uploaded",
    "published", "pushed", "emailed", "handled",
})  # fmt: skip
_EARLY_EXITS = (ast.Return, ast.Continue)


@dataclass(frozen=True, slots=True)
class Guard:
    location: Location
    # get_or_create | update_or_create | select_for_update | lock | idempotency-key
    # | exists-check | done-flag | unique-constraint-handled
    # | ignore-conflicts | check-then-create | get-then-create (``body_inserts``)
    kind: str
    detail: str
    # The one insert this guard makes idempotent; None when it guards the whole task.
    covers: Location | None = None


def find_guards(
    func: Function,
    nodes: Sequence[ast.AST],
    sites: Iterable[tuple[ast.Call, CallSite]],
    handlers: Iterable[Handler],
    names: BodyNamer,
    path: str,
) -> tuple[Guard, ...]:
    found = [*_call_guards(sites), *_key_guards(func, nodes, path)]
    found += _exists_checks(nodes, names, path)
    found += _done_checks(nodes, path)
    for handler in handlers:
        found += [
            Guard(handler.location, "unique-constraint-handled", name)
            for name in handler.caught
            if name.rpartition(".")[2] in UNIQUE_VIOLATIONS
        ]
    return tuple(sorted(set(found), key=_order))


def _order(guard: Guard) -> tuple[Location, str, str, Location]:
    return (guard.location, guard.kind, guard.detail, guard.covers or guard.location)


def sort_guards(guards: Iterable[Guard]) -> tuple[Guard, ...]:
    return tuple(sorted(set(guards), key=_order))


_guard_of = first_match(GUARD_PATTERNS)


def _call_guards(sites: Iterable[tuple[ast.Call, CallSite]]) -> Iterator[Guard]:
    for call, site in sites:
        kind = call_guard(call, site.name)
        if kind is not None:
            yield Guard(site.location, kind, site.name)


def call_guard(call: ast.Call, name: str) -> str | None:
    """The guard kind of one call named ``name`` (``BodyNamer.callee``), if it is one."""
    kind = _guard_of(name)
    if kind is None and name.endswith(".set") and _keyword_true(call, "nx"):
        kind = "lock"
    return kind


def lock_guard(call: ast.Call, name: str) -> str | None:
    """``call_guard`` for the kinds a helper can take for its caller: a lock, a row lock.

    A ``get_or_create`` inside a helper makes that helper's own insert
    idempotent; it says nothing about what its caller does next.
    """
    kind = call_guard(call, name)
    return kind if kind in ("lock", "select_for_update") else None


def _keyword_true(call: ast.Call, name: str) -> bool:
    return any(
        kw.arg == name and isinstance(kw.value, ast.Constant) and kw.value.value is True
        for kw in call.keywords
    )


def is_idempotency_key(text: str) -> bool:
    squashed = text.lower().replace("-", "").replace("_", "")
    return "idempotencykey" in squashed and not any(char.isspace() for char in text)


def _key_guards(func: Function, nodes: Sequence[ast.AST], path: str) -> Iterator[Guard]:
    args = func.args
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
        if is_idempotency_key(arg.arg):
            yield Guard(location_of(arg, path), "idempotency-key", f"parameter {arg.arg}")
    for node in nodes:
        if isinstance(node, ast.keyword) and node.arg and is_idempotency_key(node.arg):
            yield Guard(location_of(node, path), "idempotency-key", f"keyword {node.arg}")
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            if is_idempotency_key(node.id):
                yield Guard(location_of(node, path), "idempotency-key", f"variable {node.id}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and is_idempotency_key(node.value)
        ):
            yield Guard(location_of(node, path), "idempotency-key", f"string {node.value!r}")


def _exists_checks(nodes: Sequence[ast.AST], names: BodyNamer, path: str) -> Iterator[Guard]:
    """``if <...>.exists(): return`` (or ``continue``); a negated check is not an early exit."""
    for node in nodes:
        if not isinstance(node, ast.If) or not isinstance(node.body[-1], _EARLY_EXITS):
            continue
        if isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not):
            continue
        for sub in walk(node.test):
            callee = sub.func if isinstance(sub, ast.Call) else None
            if isinstance(callee, ast.Attribute) and callee.attr in ("exists", "aexists"):
                yield Guard(location_of(node, path), "exists-check", names.expr(callee))
                break


def _done_checks(nodes: Sequence[ast.AST], path: str) -> Iterator[Guard]:
    """``if invoice.sent_at: return``, ``if job.status in ("done", "failed"): continue``."""
    for node in nodes:
        if isinstance(node, ast.If) and isinstance(node.body[-1], _EARLY_EXITS):
            tests = node.test.values if isinstance(node.test, ast.BoolOp) else [node.test]
            flag = next((test for test in tests if _says_done(test)), None)
            if flag is not None:
                yield Guard(location_of(node, path), "done-flag", ast.unparse(flag))


def _says_done(test: ast.expr) -> bool:
    if isinstance(test, ast.Attribute):
        return _done_word(test.attr)
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return False
    if not isinstance(test.ops[0], ast.Eq | ast.Is | ast.In):
        return False
    right = test.comparators[0]
    values = right.elts if isinstance(right, ast.Tuple | ast.List | ast.Set) else [right]
    if any(isinstance(v, ast.Constant) and v.value is True for v in values):
        return _says_done(test.left)
    return any(
        (isinstance(v, ast.Constant) and isinstance(v.value, str) and _done_word(v.value))
        or (isinstance(v, ast.Attribute) and _done_word(v.attr))
        for v in values
    )


def _done_word(text: str) -> bool:
    return any(word in DONE_WORDS for word in re.split(r"[^a-z]+", text.lower()))
