"""Which queue a task lands on, and which queues ``task_queues`` declares.

Celery's ``Router.route`` (``celery/app/routes.py``) merges the first matching
route under the message options with ``lpmerge``: an option that is not None
wins. The options are the call site's (``apply_async(queue=...)``) over the
task's own (``@shared_task(queue=...)``), so the order is call > decorator >
first matching ``task_routes`` entry > ``task_default_queue`` (checked
against Celery 5.5). A matching route that names no queue and no exchange
leaves the message on the default queue (``amqp.send_task_message``).
``task_queues`` is a list of ``kombu.Queue`` or, in the old style, a dict of
queue name to options ("Routing Tasks" in Celery's guide).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from taskaudit.celery.routes import Route, RouteTable, first_match, match, parse_routes
from taskaudit.core.location import Location
from taskaudit.core.values import Call, Dict, Seq, Unknown, Value

__all__ = [
    "EffectiveQueue",
    "QueueDecl",
    "Route",
    "RouteTable",
    "effective_queue",
    "first_match",
    "match",
    "parse_queues",
    "parse_routes",
]

QueueSource = Literal["call", "decorator", "route", "default"]


@dataclass(frozen=True, slots=True)
class QueueDecl:
    declared: bool  # task_queues is set at all
    names: tuple[str, ...] = ()  # the names known statically, in source order
    unknown: bool = False  # some entries (or the whole setting) are computed at run time
    reason: str = "task_queues computed at run time"  # why ``unknown``, with the place

    def declares(self, queue: str) -> bool | Unknown:
        """Whether ``queue`` is among the declared queues; Unknown if that cannot be told."""
        if queue in self.names:
            return True
        return Unknown(self.reason) if self.unknown else False


@dataclass(frozen=True, slots=True)
class EffectiveQueue:
    queue: str | Unknown
    source: QueueSource
    route: Route | None = None  # the task_routes entry that matched, if one did


def parse_queues(value: Value, location: Location | None = None) -> QueueDecl:
    """The queues ``task_queues`` declares; ``location`` is the write that set it."""
    where = f" at {location.path}:{location.line}" if location is not None else ""
    if value is None:
        return QueueDecl(declared=False)
    if isinstance(value, Dict):
        entries: tuple[Value, ...] = tuple(value.keys())
    elif isinstance(value, Seq):
        entries = tuple(_queue_name(item) for item in value.items)
    else:
        return QueueDecl(True, unknown=True, reason=f"task_queues computed at run time{where}")
    names = tuple(dict.fromkeys(entry for entry in entries if isinstance(entry, str)))
    if all(isinstance(entry, str) for entry in entries):
        return QueueDecl(True, names)
    return QueueDecl(True, names, True, f"a task_queues entry computed at run time{where}")


def effective_queue(
    name: str,
    call_queue: Value,
    decorator_queue: Value,
    routes: RouteTable,
    default_queue: Value,
) -> EffectiveQueue:
    """The queue task ``name`` is sent to; ``None`` for an option means "not given"."""
    if call_queue is not None:
        return EffectiveQueue(_as_queue(call_queue), "call")
    if decorator_queue is not None:
        return EffectiveQueue(_as_queue(decorator_queue), "decorator")
    found = first_match(routes, name)
    if isinstance(found, Unknown):
        return EffectiveQueue(found, "route")
    if found is not None:
        if found.queue is not None:
            return EffectiveQueue(found.queue, "route", found)
        if "exchange" in found.options:
            return EffectiveQueue(
                Unknown("the route names an exchange, not a queue"), "route", found
            )
        return EffectiveQueue(_as_queue(default_queue), "default", found)
    return EffectiveQueue(_as_queue(default_queue), "default")


def _queue_name(item: Value) -> Value:
    """A ``kombu.Queue("name", ...)`` or ``Broadcast("name")`` entry's name."""
    if (
        isinstance(item, Call)
        and item.func.startswith("kombu.")
        and item.leaf
        in (
            "Queue",
            "Broadcast",
        )
    ):
        return item.args[0] if item.args else item.kwarg("name", Unknown("unnamed queue"))
    return Unknown("not a kombu.Queue")


def _as_queue(value: Value) -> str | Unknown:
    if isinstance(value, str | Unknown):
        return value
    found = _queue_name(value)
    return found if isinstance(found, str) else Unknown("queue computed at run time")
