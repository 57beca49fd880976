"""Facts that exclude each other: only one of them is ever in effect.

Two task declarations in different arms of one module-level ``if``/``else``
or ``try``/``except`` never both run at import, so Celery registers only
one of them (no duplicate name, TA103). Two ``celery beat`` commands in
different arms of one shell ``if`` start one scheduler, not two; and a
project that ships systemd or supervisor units beside its container
definitions (compose files, s6 services, entrypoint scripts) offers two
ways to deploy, so their beat processes are counted per deployment, not
added up (TA804; Celery's "Periodic Tasks" docs ask for a single scheduler
per schedule).
"""

from __future__ import annotations

from collections.abc import Sequence

from taskaudit.extract.ops_model import CeleryCommand
from taskaudit.link.model import Task

# The pairs of arms of one statement that never both run.
_EXCLUSIVE_ARMS = ({"then", "else"}, {"try", "except"})
_HOST_UNITS = frozenset({"systemd", "supervisor"})


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


def beat_processes(commands: Sequence[CeleryCommand]) -> tuple[int, tuple[CeleryCommand, ...]]:
    """How many beat processes one deployment starts, and the commands that start them."""
    best: tuple[int, tuple[CeleryCommand, ...]] = (0, ())
    for host in (False, True):
        group: list[CeleryCommand] = []
        for command in commands:
            on_host = command.source in _HOST_UNITS
            if on_host == host and not any(_alternative(command, g) for g in group):
                group.append(command)
        count = sum(_replicas(c) for c in group)
        if count > best[0]:
            best = (count, tuple(group))
    return best


def _replicas(command: CeleryCommand) -> int:
    replicas = command.replicas
    return replicas if isinstance(replicas, int) and replicas > 1 else 1


def _alternative(one: CeleryCommand, other: CeleryCommand) -> bool:
    """Two commands in different arms of one shell ``if``: only one of them runs."""
    if one.location.path != other.location.path:
        return False
    for mine, theirs in zip(one.branch, other.branch, strict=False):
        if mine != theirs:
            return mine.rpartition(":")[0] == theirs.rpartition(":")[0]
    return False
