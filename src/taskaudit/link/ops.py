"""Processes and Makefile targets across the project's operations files."""

from __future__ import annotations

from collections.abc import Sequence

from taskaudit.extract.ops_model import CeleryCommand, MakeTarget
from taskaudit.facts import FileFacts
from taskaudit.link.paths import in_hidden_dir


def commands_of(files: Sequence[FileFacts]) -> tuple[CeleryCommand, ...]:
    found = [c for f in files if f.ops is not None for c in f.ops.commands]
    return tuple(sorted(found, key=lambda c: (c.location.path, c.location.line, c.raw)))


def workers_of(commands: Sequence[CeleryCommand]) -> tuple[CeleryCommand, ...]:
    return tuple(c for c in commands if c.role in ("worker", "multi"))


def main_makefile(files: Sequence[FileFacts]) -> FileFacts | None:
    """The top-most operations Makefile (``extract.ops.make_role``).

    One under a dot-directory belongs to a tool; a Sphinx ``docs/Makefile`` or a
    frontend's Makefile builds something beside the project and never holds its
    Celery targets, wherever it sits.
    """
    from taskaudit.extract.ops.make_role import makefile_role

    makefiles = sorted(
        (
            f
            for f in files
            if f.role == "makefile"
            and not in_hidden_dir(f.path)
            and f.ops is not None
            and makefile_role(f.ops.commands, f.ops.targets, f.ops.variables) == "operations"
        ),
        key=lambda f: (f.path.count("/"), f.path),
    )
    return makefiles[0] if makefiles else None


def celery_targets(files: Sequence[FileFacts]) -> tuple[tuple[MakeTarget, bool], ...]:
    """Targets of the top-most Makefile, each with whether it is Celery-related."""
    main = main_makefile(files)
    if main is None or main.ops is None:
        return ()
    from taskaudit.extract.ops import is_celery_target

    commands = main.ops.commands
    return tuple((t, is_celery_target(t, commands)) for t in main.ops.targets)
