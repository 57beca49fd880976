"""Answering the decision points from the linked project (``taskaudit.link.decisions``).

Choices one setting makes for many tasks are in ``taskaudit.link.choices``;
task vs management command in ``taskaudit.link.commands``.

Beat: Celery's "Periodic Tasks" guide asks for a single scheduler per
schedule, counted within each deployment (``taskaudit.link.deployments``); a
lock (RedBeat's Redis lock, a leader-electing scheduler, a ``single-beat``
wrapper) only guards the processes that take it, so a ``worker -B`` on the
default scheduler beside a RedBeat process still fires every entry twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from taskaudit.core.location import Location
from taskaudit.core.values import Value
from taskaudit.extract.dispatch import DispatchSite
from taskaudit.extract.ops_model import CeleryCommand
from taskaudit.link.alternatives import beat_processes
from taskaudit.link.choices import declaration_styles, result_policies, time_limits
from taskaudit.link.commands import task_or_command
from taskaudit.link.decisions import BeatLock, Conventions, Decisions, HeavyQueue, ResultPolicy
from taskaudit.link.deployments import Deployment
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


def beat_lock(deployments: Sequence[Deployment], settings: Settings) -> BeatLock:
    """Who starts beat, and the deployment where the most schedulers can run unlocked."""
    setting = settings.get("beat_scheduler")
    configured = setting[0] if setting else None

    def scheduler(command: CeleryCommand) -> Value:
        return command.scheduler if command.scheduler is not None else configured

    def covered(command: CeleryCommand) -> bool:
        return "single-beat" in command.wrapped_by or locking_scheduler(scheduler(command))

    starters = tuple(
        sorted(
            {p.command: None for d in deployments for p in d.processes if _starts(p.command)},
            key=lambda c: (c.location, c.context, c.raw),
        )
    )
    worst: tuple[tuple[bool, int], int, tuple[CeleryCommand, ...], str] | None = None
    for deployment in deployments:
        starting = [p for p in deployment.processes if _starts(p.command)]
        if not starting:
            continue
        count, counted = beat_processes(starting)
        unlocked = not all(covered(c) for c in counted)
        rank = (count > 1 and unlocked, count)
        if worst is None or rank > worst[0]:
            worst = (rank, count, counted, deployment.name)
    mechanisms: set[str] = set()
    for command in starters:
        if "single-beat" in command.wrapped_by:
            mechanisms.add("single-beat")
        if locking_scheduler(scheduler(command)):
            mechanisms.add(str(scheduler(command)))
    _, processes, counted, name = worst or ((False, 0), 0, (), "")
    return BeatLock(
        starters=starters,
        processes=processes,
        counted=counted,
        schedulers=tuple(scheduler(c) for c in starters),
        configured=configured,
        mechanisms=tuple(sorted(mechanisms)),
        locked=bool(counted) and all(covered(c) for c in counted),
        deployment=name,
    )


def _starts(command: CeleryCommand) -> bool:
    return command.role == "beat" or (command.role == "worker" and command.embedded_beat)


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
    deployments: Sequence[Deployment],
    settings: Settings,
    *,
    defined_at: Mapping[str, Location] | None = None,
    command_paths: Sequence[str] = (),
    dispatch: Sequence[tuple[DispatchSite, Task | None]] = (),
) -> Decisions:
    return Decisions(
        styles=declaration_styles(tasks, defined_at or {}),
        time_limits=time_limits(tasks),
        result_policies=result_policies(tasks),
        task_or_command=task_or_command(tasks, command_paths, dispatch),
        heavy=heavy_queue(conventions.heavy_queue, tasks, routes, queues),
        results=result_policy(settings),
        beat_lock=beat_lock(deployments, settings),
    )
