"""Names an ``except`` handler leaves unbound for the code that runs after its ``try``.

``try: row = Model.objects.get(pk=pk)`` / ``except Model.DoesNotExist: pass``
followed by ``row.delete()`` is not the "row is gone, nothing to do" idiom:
the handler falls through, and the next line raises ``UnboundLocalError`` (or
``NameError``), a failure that hides the real one. Python binds a name local
to the whole function as soon as the function assigns it anywhere (reference,
"Naming and binding"), so a module-level name of the same spelling does not
help. Read syntactically and on purpose narrowly: the handler must be able
to complete normally, the name must be bound in the ``try`` body and nowhere
before the ``try`` nor in the handler or ``finally``, and the first thing the
code after the ``try`` does with it must be a read. The walk stops at the
end of an enclosing loop body, where an earlier iteration may have bound it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from taskaudit.extract.walk import own_nodes

Position = tuple[int, int]
_TERMINAL = (ast.Return, ast.Raise, ast.Continue, ast.Break)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_TRIES = (ast.Try, ast.TryStar)


@dataclass(frozen=True, slots=True)
class _Frame:
    block: Sequence[ast.stmt]
    index: int
    loop_body: bool  # the block is a loop's body: later iterations may have bound names


def unbound_after(own: Sequence[ast.stmt], params: Iterable[str]) -> dict[int, tuple[str, ...]]:
    """``id(handler) -> names`` the code after its ``try`` reads while only the try bound them."""
    declared = {
        name
        for node in own_nodes(own, into_functions=False)
        if isinstance(node, ast.Global | ast.Nonlocal)
        for name in node.names
    }
    parameters = set(params) | declared
    found: dict[int, tuple[str, ...]] = {}
    for try_node, chain in _tries(own, ()):
        after = [stmt for frame in _outwards(chain) for stmt in frame]
        if not after:
            continue
        bound_before = parameters | _stored_before(own, try_node)
        in_try = _stored(try_node.body) - bound_before - _stored(try_node.finalbody)
        for handler in try_node.handlers:
            if handler.body and isinstance(handler.body[-1], _TERMINAL):
                continue
            candidates = in_try - _stored(handler.body) - {handler.name or ""}
            read = _read_first(after, candidates)
            if read:
                found[id(handler)] = tuple(sorted(read))
    return found


def _tries(
    block: Sequence[ast.stmt], chain: tuple[_Frame, ...], loop_body: bool = False
) -> Iterator[tuple[ast.Try | ast.TryStar, tuple[_Frame, ...]]]:
    for index, stmt in enumerate(block):
        here = (*chain, _Frame(block, index, loop_body))
        if isinstance(stmt, _TRIES):
            yield stmt, here
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue  # another scope: its names are not this function's
        for child, in_loop in _child_blocks(stmt):
            yield from _tries(child, here, in_loop)


def _child_blocks(stmt: ast.stmt) -> Iterator[tuple[Sequence[ast.stmt], bool]]:
    if isinstance(stmt, _LOOPS):
        yield stmt.body, True
        yield stmt.orelse, False
    elif isinstance(stmt, ast.If | ast.With | ast.AsyncWith):
        yield stmt.body, False
        if isinstance(stmt, ast.If):
            yield stmt.orelse, False
    elif isinstance(stmt, _TRIES):
        yield stmt.body, False
        for handler in stmt.handlers:
            yield handler.body, False
        yield stmt.orelse, False
        yield stmt.finalbody, False
    elif isinstance(stmt, ast.Match):
        for case in stmt.cases:
            yield case.body, False


def _outwards(chain: tuple[_Frame, ...]) -> Iterator[Sequence[ast.stmt]]:
    """The statements that run after the innermost one, block by block outwards."""
    for frame in reversed(chain):
        yield frame.block[frame.index + 1 :]
        if frame.loop_body:
            return


def _stored(block: Sequence[ast.stmt]) -> set[str]:
    return {name for name, _ in _stores(block)}


def _stored_before(own: Sequence[ast.stmt], try_node: ast.stmt) -> set[str]:
    start = (try_node.lineno, try_node.col_offset)
    return {name for name, where in _stores(own) if where < start}


def _stores(block: Sequence[ast.stmt]) -> Iterator[tuple[str, Position]]:
    for node in own_nodes(block, into_functions=False):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            yield node.id, (node.lineno, node.col_offset)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name, (node.lineno, node.col_offset)
        elif isinstance(node, ast.alias):
            name = node.asname or node.name.partition(".")[0]
            yield name, (node.lineno, node.col_offset)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            yield node.name, (node.lineno, node.col_offset)


def _read_first(after: Sequence[ast.stmt], names: set[str]) -> set[str]:
    """The names whose first use in ``after`` (in evaluation order) is a read."""
    if not names:
        return set()
    bound_at: dict[int, Position] = {}  # a target is bound once its value is computed
    events: list[tuple[Position, bool, str]] = []  # (where, is a read, name)
    for node in own_nodes(after, into_functions=False):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr) and node.value is not None:
            end = (node.value.end_lineno or 0, node.value.end_col_offset or 0)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bound_at.update((id(n), end) for t in targets for n in ast.walk(t))
        elif isinstance(node, ast.For | ast.AsyncFor):
            end = (node.iter.end_lineno or 0, node.iter.end_col_offset or 0)
            bound_at.update((id(n), end) for n in ast.walk(node.target))
        elif isinstance(node, ast.Name) and node.id in names:
            where = bound_at.get(id(node), (node.lineno, node.col_offset))
            events.append((where, isinstance(node.ctx, ast.Load), node.id))
        elif (
            isinstance(node, ast.AugAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id in names
        ):  # `x += 1` reads x first
            events.append(((node.lineno, node.col_offset), True, node.target.id))
    first: dict[str, bool] = {}
    for _, is_read, name in sorted(events, key=lambda e: (e[0], not e[1])):
        first.setdefault(name, is_read)
    return {name for name, is_read in first.items() if is_read}
