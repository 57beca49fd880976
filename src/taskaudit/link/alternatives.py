"""Facts that exclude each other: only one of them is ever in effect.

Two task declarations in different arms of one module-level ``if``/``else``
or ``try``/``except`` never both run at import, so Celery registers only
one of them (no duplicate name, TA103). Two ``celery beat`` commands in
different arms of one shell ``if`` start one scheduler, not two. Beat
processes are counted within one deployment (``taskaudit.link.deployments``),
never added up across alternative recipes (TA804; Celery's "Periodic Tasks"
docs ask for a single scheduler per schedule).
"""

from __future__ import annotations

from collections.abc import Sequence

from taskaudit.core.values import Unknown
from taskaudit.extract.ops_model import CeleryCommand
from taskaudit.link.deployments import Process
from taskaudit.link.model import Task

# The pairs of arms of one statement that never both run.
_EXCLUSIVE_ARMS = ({"then", "else"}, {"try", "except"})


def exclusive(one: Task, other: Task) -> bool:
    """Whether two declarations sit in different arms of one if/else or try/except."""
    if one.location.path != other.location.path:
        return False
    for mine, theirs in zip(one.branch, other.branch, strict=False):
        if mine == theirs:
            continue
        statement, _, arm = mine.rpartition(":")
        other_statement, _, other_arm = theirs.rpartition(":")
        return statement == other_statement and {arm, other_arm} in _EXCLUSIVE_ARMS
    return False


def beat_processes(processes: Sequence[Process]) -> tuple[int, tuple[CeleryCommand, ...]]:
    """How many beat processes one deployment starts, and the commands that start them.

    ``processes`` are one deployment's (``taskaudit.link.deployments``): the
    arms of one shell ``if`` are one process, replicas multiply.
    """
    group: list[Process] = []
    for process in processes:
        if not any(_alternative(process.command, g.command) for g in group):
            group.append(process)
    commands = sorted((p.command for p in group), key=lambda c: (c.location, c.context, c.raw))
    return sum(_replicas(p.replicas) for p in group), tuple(commands)


def _replicas(replicas: int | Unknown | None) -> int:
    return replicas if isinstance(replicas, int) and replicas > 1 else 1


def _alternative(one: CeleryCommand, other: CeleryCommand) -> bool:
    """Two commands in different arms of one shell ``if``: only one of them runs."""
    if one.location.path != other.location.path:
        return False
    for mine, theirs in zip(one.branch, other.branch, strict=False):
        if mine != theirs:
            return mine.rpartition(":")[0] == theirs.rpartition(":")[0]
    return False
