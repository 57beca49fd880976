"""The ``task_routes`` setting as an ordered table, matched the way Celery matches it.

Follows ``celery/app/routes.py``: the setting is one router or a list/tuple of
routers, consulted in order; a dict or a list of ``(pattern, route)`` pairs
becomes a ``MapRoute``, a string is the dotted path of a router function, any
other object is a router itself. Within one ``MapRoute`` an exact name is
looked up first; then patterns, in order: a string key containing ``*`` is a
glob (``fnmatch.translate`` + ``re.match``, so ``*`` also crosses dots, while
``?`` or ``[...]`` without a ``*`` are literal), a ``re.compile`` key is a
regex (``re.match``: anchored at the start only). A route value is a dict of
options or a string naming the queue. See "Routing Tasks" in Celery's guide.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Literal

from taskaudit.core.location import Location
from taskaudit.core.values import Call, Dict, Ref, Seq, Unknown, Value, render

RouteKind = Literal["exact", "glob", "regex", "router", "unknown"]
_FLAGS = {
    "A": re.A,
    "ASCII": re.A,
    "I": re.I,
    "IGNORECASE": re.I,
    "M": re.M,
    "MULTILINE": re.M,
    "S": re.S,
    "DOTALL": re.S,
    "X": re.X,
    "VERBOSE": re.X,
}


@dataclass(frozen=True, slots=True)
class Route:
    pattern: str  # task name, glob, regex source, or the router as written
    kind: RouteKind  # "unknown": a key computed at run time, which may match any name
    queue: str | Unknown | None  # None: the route names no queue
    options: Dict
    index: int  # position in the whole table, in source order
    location: Location
    group: int = 0  # which router of the list holds it
    flags: int = 0  # re flags of a regex route


@dataclass(frozen=True, slots=True)
class RouteTable:
    routes: tuple[Route, ...] = ()
    unknown: bool = False  # the whole setting is computed at run time
    problems: tuple[str, ...] = ()  # shapes Celery rejects when it first routes a task
    reason: str = "task_routes computed at run time"  # why it is unknown, with the place


def parse_routes(value: Value, location: Location) -> RouteTable:
    if value is None:
        return RouteTable()
    if isinstance(value, Unknown):
        reason = f"task_routes computed at run time at {location.path}:{location.line}"
        return RouteTable(unknown=True, reason=reason)
    routers = value.items if isinstance(value, Seq) else (value,)
    routes: list[Route] = []
    problems: list[str] = []
    if isinstance(value, Seq) and value.items and all(_is_pair(item) for item in value.items):
        # Read as the author meant it, but say that Celery will not.
        problems.append(
            "task_routes is a list of (pattern, route) pairs: Celery takes each pair for "
            "a router and fails; wrap the list in a tuple: ([...],)"
        )
        routers = (value,)
    for group, router in enumerate(routers):
        if isinstance(router, Dict | Seq):
            pairs = router.items if isinstance(router, Dict) else _pairs(router, problems)
            for key, target in pairs:
                routes.append(_route(key, target, len(routes), location, group, problems))
        elif isinstance(router, str | Ref | Call | Unknown):
            text = router if isinstance(router, str) else render(router)
            queue = Unknown("a router function decides at run time")
            routes.append(Route(text, "router", queue, Dict(), len(routes), location, group))
        else:
            problems.append(f"task_routes entry {render(router)} is not a router")
    return RouteTable(tuple(routes), problems=tuple(problems))


def match(route: Route, task_name: str) -> bool:
    """Whether ``route`` sends ``task_name``; routers and computed keys never claim a match."""
    if route.kind == "exact":
        return route.pattern == task_name
    if route.kind == "glob":
        return fnmatch.fnmatchcase(task_name, route.pattern)
    if route.kind == "regex":
        try:
            return re.match(route.pattern, task_name, route.flags) is not None
        except re.error:
            return False
    return False


def first_match(table: RouteTable, name: str) -> Route | Unknown | None:
    """The route Celery uses for task ``name``; Unknown when that depends on run time."""
    if table.unknown:
        return Unknown(table.reason)
    for group in sorted({route.group for route in table.routes}):
        routes = [route for route in table.routes if route.group == group]
        if any(route.kind == "unknown" for route in routes):
            return Unknown("a task_routes key computed at run time")
        if any(route.kind == "router" for route in routes):
            return Unknown("a router function decides at run time")
        exact = [route for route in routes if route.kind == "exact" and route.pattern == name]
        if exact:
            return exact[-1]  # a later duplicate key replaces the earlier one
        for route in routes:
            if route.kind != "exact" and match(route, name):
                same = (route.kind, route.pattern, route.flags)
                return [r for r in routes if (r.kind, r.pattern, r.flags) == same][-1]
    return None


def _route(
    key: Value, target: Value, index: int, where: Location, group: int, problems: list[str]
) -> Route:
    queue, options = _target(target)
    if isinstance(key, str):
        kind: RouteKind = "glob" if "*" in key else "exact"
        return Route(key, kind, queue, options, index, where, group)
    if isinstance(key, Call) and key.func == "re.compile" and key.args:
        pattern, flags = (
            key.args[0],
            _flags(key.args[1] if len(key.args) > 1 else key.kwarg("flags")),
        )
        if isinstance(pattern, str) and flags is not None:
            try:
                re.compile(pattern, flags)
            except re.error as error:
                problems.append(f"task_routes regex {pattern!r} does not compile: {error}")
            return Route(pattern, "regex", queue, options, index, where, group, flags)
    return Route(render(key), "unknown", queue, options, index, where, group)


def _target(target: Value) -> tuple[str | Unknown | None, Dict]:
    if isinstance(target, str):
        return target, Dict((("queue", target),))
    if not isinstance(target, Dict):
        return Unknown("route computed at run time"), Dict()
    queue = target.get("queue")
    if queue is None or isinstance(queue, str):
        return queue, target
    if isinstance(queue, Call) and queue.func.startswith("kombu.") and queue.args:
        name = queue.args[0]
        return (name if isinstance(name, str) else Unknown("queue name computed")), target
    return Unknown("queue computed at run time"), target


def _flags(value: Value) -> int | None:
    if value is None:
        return 0
    if isinstance(value, Ref) and value.qualname.startswith("re.") and value.leaf in _FLAGS:
        return _FLAGS[value.leaf]
    return None


def _is_pair(item: Value) -> bool:
    return isinstance(item, Seq) and len(item) == 2 and isinstance(item.items[0], str | Call)


def _pairs(router: Seq, problems: list[str]) -> tuple[tuple[Value, Value], ...]:
    pairs = tuple(item.items for item in router.items if isinstance(item, Seq) and len(item) == 2)
    if len(pairs) == len(router.items):
        return tuple((first, second) for first, second in pairs)
    problems.append(f"task_routes entry {render(router)} is not a list of (pattern, route) pairs")
    return ((Unknown("malformed route list"), Unknown("malformed route list")),)
