"""The ``route`` subject: one per ``task_routes`` entry, with the tasks it matches."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from taskaudit.celery.routing import match
from taskaudit.link.model import Project, RouteItem
from taskaudit.link.seen import registry_hides_matching
from taskaudit.link.subjects.kind import Kind
from taskaudit.link.subjects.values import as_str, unless_unseen
from taskaudit.rules.subjects import FieldValue, Subject, Undecidable


@dataclass(frozen=True, slots=True)
class RouteContext:
    route: RouteItem
    project: Project


def _matches(c: RouteContext) -> FieldValue:
    if c.route.kind == "router":
        return Undecidable("router function")
    if c.route.matches:
        return len(c.route.matches)
    rule = c.route.rule
    gaps = c.project.coverage.of("registry")
    if rule is None:
        return unless_unseen(0, gaps)
    reason = registry_hides_matching(gaps, lambda name: match(rule, name))
    return Undecidable(reason) if reason is not None else 0


ROUTE: Kind[RouteContext] = Kind("route")
# fmt: off
ROUTE.add("pattern", "str", "the `task_routes` key: a name, glob or regex",
          lambda c: c.route.pattern)
ROUTE.add("kind", "str", "exact, glob, regex or router", lambda c: c.route.kind)
ROUTE.add("queue", "str", "the queue it routes to", lambda c: as_str(c.route.queue))
ROUTE.add("matches", "int", "how many scanned tasks it matches", _matches)
# fmt: on


def route_subjects(project: Project) -> Iterator[Subject]:
    for route in project.routes:
        yield ROUTE.subject(RouteContext(route, project), route.location, f"route:{route.pattern}")
