"""Answering the decision points from the linked project (``taskaudit.link.decisions``).

Beat: Celery's "Periodic Tasks" guide asks for a single scheduler per
schedule; a lock (RedBeat's Redis lock, a leader-electing scheduler, a
``single-beat`` wrapper) only guards the processes that take it, so a
``worker -B`` on the default scheduler beside a RedBeat process still fires
every entry twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from taskaudit.core.location import Location
from taskaudit.core.values import Value
from taskaudit.extract.ops_model import CeleryCommand
from taskaudit.link.alternatives import beat_processes
from taskaudit.link.decisions import (
    BeatLock,
    Conventions,
    Decisions,
    DeclarationStyles,
    HeavyQueue,
    ResultPolicy,
)
from taskaudit.link.model import QueueItem, RouteItem, Task

Settings = Mapping[str, tuple[Value, Location | None]]
# Scheduler paths that take a lock before firing: RedBeat, leader-electing schedulers.
_LOCKING_SCHEDULERS = ("redbeat", "RedBeatScheduler", "leader", "Lock", "lock")


def result_policy(settings: Settings) -> ResultPolicy:
    """The result decision of one app, from the settings its configuration sets."""
    backend = settings.get("result_backend")
    expires = settings.get("result_expires")
    return ResultPolicy(
        backend=backend[0] if backend else None,
        backend_at=backend[1] if backend else None,
        backend_written=backend is not None,
        expires=expires[0] if expires else None,
        expires_at=expires[1] if expires else None,
        expires_set=expires is not None,
    )


def locking_scheduler(scheduler: Value) -> bool:
    return isinstance(scheduler, str) and any(s in scheduler for s in _LOCKING_SCHEDULERS)


def beat_lock(commands: Sequence[CeleryCommand], settings: Settings) -> BeatLock:
    starters = tuple(
        c for c in commands if c.role == "beat" or (c.role == "worker" and c.embedded_beat)
    )
    processes, counted = beat_processes(starters)
    setting = settings.get("beat_scheduler")
    configured = setting[0] if setting else None
    schedulers = tuple(c.scheduler if c.scheduler is not None else configured for c in starters)
    mechanisms: set[str] = set()
    covered = []
    for command, scheduler in zip(starters, schedulers, strict=True):
        wrapped = "single-beat" in command.wrapped_by
        if wrapped:
            mechanisms.add("single-beat")
        if locking_scheduler(scheduler):
            mechanisms.add(str(scheduler))
        covered.append(wrapped or locking_scheduler(scheduler))
    return BeatLock(
        starters=starters,
        processes=processes,
        counted=counted,
        schedulers=schedulers,
        configured=configured,
        mechanisms=tuple(sorted(mechanisms)),
        locked=bool(starters) and all(covered),
    )


def declaration_styles(tasks: Sequence[Task]) -> DeclarationStyles:
    return DeclarationStyles(tuple(sorted(Counter(t.style for t in tasks).items())))


def heavy_queue(
    name: str, tasks: Sequence[Task], routes: Sequence[RouteItem], queues: Sequence[QueueItem]
) -> HeavyQueue:
    consumers = next((q.consumers for q in queues if q.name == name), ())
    return HeavyQueue(
        name=name,
        tasks=tuple(t for t in tasks if t.queue == name),
        routes=tuple(r for r in routes if r.queue == name),
        consumers=consumers,
    )


def decide(
    conventions: Conventions,
    tasks: Sequence[Task],
    routes: Sequence[RouteItem],
    queues: Sequence[QueueItem],
    commands: Sequence[CeleryCommand],
    settings: Settings,
) -> Decisions:
    return Decisions(
        styles=declaration_styles(tasks),
        heavy=heavy_queue(conventions.heavy_queue, tasks, routes, queues),
        results=result_policy(settings),
        beat_lock=beat_lock(commands, settings),
    )
