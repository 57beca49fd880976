"""Processes and Makefile targets across the project's operations files."""

from __future__ import annotations

from collections.abc import Sequence

from taskaudit.extract.ops.model import CeleryCommand, MakeTarget
from taskaudit.facts import FileFacts


def commands_of(files: Sequence[FileFacts]) -> tuple[CeleryCommand, ...]:
    found = [c for f in files if f.ops is not None for c in f.ops.commands]
    return tuple(sorted(found, key=lambda c: (c.location.path, c.location.line, c.raw)))


def workers_of(commands: Sequence[CeleryCommand]) -> tuple[CeleryCommand, ...]:
    return tuple(c for c in commands if c.role in ("worker", "multi"))


def celery_targets(files: Sequence[FileFacts]) -> tuple[tuple[MakeTarget, bool], ...]:
    """Targets of the top-most Makefile, each with whether it is Celery-related."""
    makefiles = sorted(
        (f for f in files if f.role == "makefile" and f.ops is not None),
        key=lambda f: (f.path.count("/"), f.path),
    )
    if not makefiles:
        return ()
    from taskaudit.extract.ops import is_celery_target

    main = makefiles[0]
    assert main.ops is not None
    commands = main.ops.commands
    return tuple((t, is_celery_target(t, commands)) for t in main.ops.targets)
